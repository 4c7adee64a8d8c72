namespace QuantumTrader.Gateway.Binance.MarketData;

/// <summary>The header of the last depth update or snapshot parsed (the levels stay in the parser's buffers).</summary>
public struct DepthHeader
{
    /// <summary>Instrument id (snapshots: 0, the caller knows the symbol).</summary>
    public ushort SymbolId;

    /// <summary>First update id <c>U</c> (snapshots: lastUpdateId).</summary>
    public long FirstUpdateId;

    /// <summary>Final update id <c>u</c> (snapshots: lastUpdateId).</summary>
    public long FinalUpdateId;

    /// <summary>Previous final update id <c>pu</c> (snapshots: 0).</summary>
    public long PreviousUpdateId;

    /// <summary>Event time <c>E</c> in ns (0 when absent).</summary>
    public long EventTimeNs;

    /// <summary>Transaction time <c>T</c> in ns (0 when absent).</summary>
    public long TransactionTimeNs;

    /// <summary>Local receive time in ns.</summary>
    public long ReceiveTimeNs;

    /// <summary>Bid levels in the parser's bid buffer.</summary>
    public int BidCount;

    /// <summary>Ask levels in the parser's ask buffer.</summary>
    public int AskCount;
}
