namespace QuantumTrader.Model;

/// <summary>
/// <see cref="InputEvent.Flags"/> bits of market-data events, and the use of the generic Aux fields by
/// kind (all times in ns since the Unix epoch, all prices and quantities raw fixed point).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Trade: SourceSequence = trade id, Aux0 = trade time.</item>
/// <item>AggTrade: SourceSequence = aggregate id, Aux0 = trade time, Aux1 = first trade id, Aux2 = last trade id.</item>
/// <item>BookTicker: SourceSequence = update id, Aux0 = transaction time.</item>
/// <item>BookUpdate: SourceSequence = final update id u, Aux0 = transaction time, Aux1 = bid levels, Aux2 = ask levels.</item>
/// <item>Kline: Price = close, Quantity = base volume, Aux0 = open, Aux1 = high, Aux2 = low, Aux3 = open time,
/// SourceSequence = last trade id, Code = interval in seconds / 60 (0 for sub-minute).</item>
/// <item>MarkPrice: Price = mark price, Aux0 = funding rate (1e-8), Aux1 = index price, Aux2 = next funding time,
/// Aux3 = estimated settle price.</item>
/// </list>
/// </remarks>
public static class MarketFlags
{
    /// <summary>Trade/aggTrade: the buyer was the maker (the aggressor sold).</summary>
    public const ushort BuyerIsMaker = 1;

    /// <summary>Trade: not a regular market trade (insurance fund, ADL, NA).</summary>
    public const ushort NonMarketTrade = 2;

    /// <summary>Kline: the candle is closed.</summary>
    public const ushort KlineClosed = 4;
}
