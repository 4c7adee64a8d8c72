namespace QuantumTrader.Model.Orders;

/// <summary>
/// Why an order exists: the entry that opens a position, or the exit owner's order that protects or closes it.
/// Carried on the slot (<see cref="InputEvent.Purpose"/>), registered with the order in the ledger, journaled with
/// the order request and counted by the backtest report as the exit reason. Stable numeric values: journaled.
/// </summary>
public enum OrderPurpose : byte
{
    /// <summary>No order on this slot.</summary>
    None = 0,

    /// <summary>An entry sized from a signal (opens or adds risk).</summary>
    Entry = 1,

    /// <summary>The exchange-resident protective stop (STOP_MARKET, close-position, on mark price).</summary>
    ProtectiveStop = 2,

    /// <summary>The take-profit (TAKE_PROFIT_MARKET, close-position).</summary>
    TakeProfit = 3,

    /// <summary>A trailing stop (TRAILING_STOP_MARKET, reduce-only).</summary>
    TrailingStop = 4,

    /// <summary>A partial close of the R-ladder harvest (reduce-only market).</summary>
    Harvest = 5,

    /// <summary>The time stop: the position was open too long (reduce-only market).</summary>
    TimeStop = 6,

    /// <summary>The emergency close at the configured loss in R (reduce-only market).</summary>
    EmergencyClose = 7,

    /// <summary>A flatten command (control event): close every position reduce-only.</summary>
    Flatten = 8,

    /// <summary>The protective stop moved to break-even (a replacement STOP_MARKET).</summary>
    BreakEvenStop = 9,

    /// <summary>A backtest's end of data: the remaining position closed at the last price.</summary>
    EndOfData = 10,

    /// <summary>A protective stop that could not be placed or confirmed within the grace: the position is closed
    /// (reduce-only market) rather than left unprotected.</summary>
    Unprotected = 11,
}
