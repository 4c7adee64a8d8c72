namespace QuantumTrader.Stages.Ingest;

/// <summary>Why normalize dropped an event. Stable numeric values: journaled.</summary>
public enum RejectReason : byte
{
    /// <summary>Accepted.</summary>
    None = 0,

    /// <summary>Price not positive.</summary>
    NonPositivePrice = 1,

    /// <summary>Quantity negative (or zero for a trade).</summary>
    BadQuantity = 2,

    /// <summary>Best bid at or above best ask.</summary>
    CrossedBook = 3,

    /// <summary>Unknown instrument id.</summary>
    UnknownSymbol = 4,

    /// <summary>Exchange time older than the last accepted one for the symbol and kind.</summary>
    OutOfOrder = 5,

    /// <summary>Price jumped more than the configured band from the last accepted price.</summary>
    OutOfBand = 6,

    /// <summary>Event kind carries no market data to validate (passed through, not counted as a reject).</summary>
    NotMarketData = 7,
}
