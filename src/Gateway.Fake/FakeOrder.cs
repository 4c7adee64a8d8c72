namespace QuantumTrader.Gateway.Fake;

/// <summary>An order held by the fake exchange (raw fixed-point values).</summary>
public sealed class FakeOrder
{
    /// <summary>Venue order id.</summary>
    public long OrderId { get; init; }

    /// <summary>Symbol.</summary>
    public required string Symbol { get; init; }

    /// <summary>Client order id.</summary>
    public required string ClientOrderId { get; init; }

    /// <summary>BUY or SELL.</summary>
    public required string Side { get; init; }

    /// <summary>LIMIT, MARKET, or a conditional type (algo orders).</summary>
    public required string Type { get; init; }

    /// <summary>GTC, IOC, FOK, GTX (LIMIT), GTC for MARKET.</summary>
    public required string TimeInForce { get; init; }

    /// <summary>Original quantity.</summary>
    public long Quantity { get; init; }

    /// <summary>Limit price (0 for market).</summary>
    public long Price { get; init; }

    /// <summary>Trigger price (algo orders).</summary>
    public long StopPrice { get; init; }

    /// <summary>Reduce only.</summary>
    public bool ReduceOnly { get; init; }

    /// <summary>Close position (algo orders).</summary>
    public bool ClosePosition { get; init; }

    /// <summary>Executed quantity.</summary>
    public long Executed { get; set; }

    /// <summary>Executed notional (quote, raw).</summary>
    public long CumQuote { get; set; }

    /// <summary>NEW, PARTIALLY_FILLED, FILLED, CANCELED, EXPIRED.</summary>
    public string Status { get; set; } = "NEW";

    /// <summary>Creation time (ms).</summary>
    public long Time { get; init; }

    /// <summary>Last update time (ms).</summary>
    public long UpdateTime { get; set; }

    /// <summary>True for algo (conditional) orders.</summary>
    public bool IsAlgo { get; init; }

    /// <summary>Average fill price (raw), 0 when nothing filled.</summary>
    public long AveragePrice => Executed == 0 ? 0 : (long)((Int128)CumQuote * 100_000_000 / Executed);
}
