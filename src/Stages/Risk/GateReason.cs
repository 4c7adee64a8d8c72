namespace QuantumTrader.Stages.Risk;

/// <summary>Why the gate blocked an order. Stable numeric values: journaled.</summary>
public enum GateReason : byte
{
    /// <summary>Approved, or nothing to gate.</summary>
    None = 0,

    /// <summary>Trading is HALTED.</summary>
    Halted = 1,

    /// <summary>Trading is REDUCING and the order would not reduce the position.</summary>
    ReducingOnly = 2,

    /// <summary>The order would take exposure past the per-symbol limit.</summary>
    PositionLimit = 3,

    /// <summary>No valid price to value the order with.</summary>
    NoPrice = 4,

    /// <summary>The symbol's market data is unusable (book resyncing or gapped, stream stale or disconnected):
    /// only risk-reducing orders until it recovers.</summary>
    FeedUnhealthy = 5,
}
