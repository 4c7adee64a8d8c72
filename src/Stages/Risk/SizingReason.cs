namespace QuantumTrader.Stages.Risk;

/// <summary>Why the sizing stage sized no order for a signal (journaled in the sizing record; one counter each).
/// Missing input never passes: each is a refusal, never a default.</summary>
public enum SizingReason : byte
{
    /// <summary>An order was sized.</summary>
    None = 0,

    /// <summary>The signal's symbol is not in the registry.</summary>
    UnknownSymbol = 1,

    /// <summary>No equity known, or equity ≤ 0.</summary>
    NoEquity = 2,

    /// <summary>No reference price for the symbol yet.</summary>
    NoPrice = 3,

    /// <summary>No ATR for the symbol (no feature vector yet, or a non-positive or non-finite ATR%).</summary>
    NoAtr = 4,

    /// <summary>The signal's confidence is not in (0, 1].</summary>
    NoConfidence = 5,

    /// <summary>Past cold start, the Kelly inputs give no positive edge: no leverage to take.</summary>
    NoEdge = 6,

    /// <summary>The quantity rounds down to zero steps.</summary>
    BelowStepSize = 7,

    /// <summary>The rounded quantity's notional is below the instrument's minimum notional.</summary>
    BelowMinNotional = 8,
}
