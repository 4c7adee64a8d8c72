namespace QuantumTrader.Gateway.Simulated;

/// <summary>What the simulated exchange knows about one symbol's market: top of book and the last trade (raw fixed point).</summary>
public struct MarketSnapshot
{
    /// <summary>Best bid price, 0 when unknown.</summary>
    public long BidPrice;

    /// <summary>Quantity at the best bid.</summary>
    public long BidQuantity;

    /// <summary>Best ask price, 0 when unknown.</summary>
    public long AskPrice;

    /// <summary>Quantity at the best ask.</summary>
    public long AskQuantity;

    /// <summary>Last trade price, 0 when none yet.</summary>
    public long LastTradePrice;

    /// <summary>True when both sides of the book are known.</summary>
    public readonly bool HasBook => BidPrice > 0 && AskPrice > 0;
}
