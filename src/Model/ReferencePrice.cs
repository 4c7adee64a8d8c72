namespace QuantumTrader.Model;

/// <summary>Which valid market events set a symbol's reference price (config <c>ingest.reference_price</c>).
/// Stable numeric values.</summary>
public enum ReferencePriceRule : byte
{
    /// <summary>The last valid book mid or trade price, whichever came last (<c>"last"</c>).</summary>
    Last = 0,

    /// <summary>The mid of the last valid book top only (<c>"mid"</c>); trades do not move it.</summary>
    Mid = 1,

    /// <summary>The last mark price (<c>"mark"</c>), what Binance checks MIN_NOTIONAL of market orders and
    /// PERCENT_PRICE against; until a symbol's first mark price, as <see cref="Last"/>.</summary>
    Mark = 2,
}

/// <summary>The one definition of a market event's price: the mid of a book top, the price of a trade, kline or
/// mark price. The ingest stage applies it (with a <see cref="ReferencePriceRule"/>); no other stage computes it.</summary>
public static class ReferencePrice
{
    /// <summary>The price <paramref name="e"/> carries (raw fixed point), false for kinds that carry none.</summary>
    public static bool TryGet(in InputEvent e, out long raw)
    {
        switch (e.Kind)
        {
            case InputKind.BookTicker:
            case InputKind.BookUpdate:
                raw = (e.BidPrice.Raw / 2) + (e.AskPrice.Raw / 2); // halves first: no overflow
                return true;
            case InputKind.Trade:
            case InputKind.AggTrade:
            case InputKind.Kline:
            case InputKind.MarkPrice:
                raw = e.Price.Raw;
                return true;
            default:
                raw = 0;
                return false;
        }
    }

    /// <summary>True when a valid event of <paramref name="kind"/> sets the reference price under <paramref name="rule"/>;
    /// <paramref name="markSeen"/>: the symbol has had a mark price.</summary>
    public static bool Sets(ReferencePriceRule rule, InputKind kind, bool markSeen) => kind switch
    {
        InputKind.BookTicker or InputKind.BookUpdate => rule != ReferencePriceRule.Mark || !markSeen,
        InputKind.Trade or InputKind.AggTrade => rule == ReferencePriceRule.Last || (rule == ReferencePriceRule.Mark && !markSeen),
        InputKind.MarkPrice => rule == ReferencePriceRule.Mark,
        _ => false,
    };
}
