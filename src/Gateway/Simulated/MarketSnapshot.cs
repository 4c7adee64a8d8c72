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

    /// <summary>The last trade price seen, kept (conditional orders on the contract price watch it).</summary>
    public long LastPrice;

    /// <summary>The last mark price seen (conditional orders on the mark price watch it); 0 before the first.</summary>
    public long MarkPrice;

    /// <summary>The funding rate of the last mark price event (raw fixed point, signed).</summary>
    public long FundingRate;

    /// <summary>The next funding time the last mark price event announced (ns; 0 before the first).</summary>
    public long NextFundingNs;

    /// <summary>True when both sides of the book are known.</summary>
    public readonly bool HasBook => BidPrice > 0 && AskPrice > 0;
}
