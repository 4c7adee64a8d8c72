namespace QuantumTrader.Stages.Model;

/// <summary>The one definition of a market event's reference price: the mid of a book top, the price of a trade.</summary>
public static class ReferencePrice
{
    /// <summary>The reference price of <paramref name="e"/> (raw fixed point), false for kinds that carry none.</summary>
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
                raw = e.Price.Raw;
                return true;
            default:
                raw = 0;
                return false;
        }
    }
}
