using QuantumTrader.Model;

namespace QuantumTrader.Testing.Features;

/// <summary>
/// Schema v2's book rule (docs/FEATURES.md) computed independently of the serving <c>BookHistory</c>: the
/// whole history of accepted book tops of one symbol, and for a candle close the last of them whose exchange
/// time is at or before the close, found by binary search over all of them.
/// </summary>
public sealed class ReferenceBook
{
    private readonly List<(long TimeNs, double Imbalance, double SpreadBps)> _tops = [];
    private readonly List<int> _arrival = []; // index of each accepted top in the event sequence

    /// <summary>
    /// Collects the tops of <paramref name="symbolId"/> in arrival order. A top is accepted when it is valid
    /// (positive prices, bid below ask, non-negative quantities with a positive sum) and not older than the
    /// last accepted top; an older one is superseded and counted in <see cref="Superseded"/>.
    /// </summary>
    public ReferenceBook(IEnumerable<InputEvent> events, ushort symbolId = 0)
    {
        ArgumentNullException.ThrowIfNull(events);
        var index = -1;
        foreach (var e in events)
        {
            index++;
            if (!e.Valid || e.SymbolId != symbolId || e.Kind is not (InputKind.BookTicker or InputKind.BookUpdate))
            {
                continue;
            }

            var bid = e.BidPrice.ToDouble();
            var ask = e.AskPrice.ToDouble();
            var bq = e.BidQuantity.ToDouble();
            var aq = e.AskQuantity.ToDouble();
            if (!(bid > 0 && ask > bid && bq >= 0 && aq >= 0 && bq + aq > 0))
            {
                continue;
            }

            if (_tops.Count > 0 && e.ExchangeTimeNs < _tops[^1].TimeNs)
            {
                Superseded++;
                continue;
            }

            _arrival.Add(index);
            _tops.Add((e.ExchangeTimeNs, (bq - aq) / (bq + aq), (ask - bid) / ((ask + bid) / 2) * 1e4));
        }
    }

    /// <summary>Valid tops refused because they were older than the last accepted one.</summary>
    public int Superseded { get; }

    /// <summary>Accepted tops.</summary>
    public int Count => _tops.Count;

    /// <summary>
    /// The last accepted top with exchange time ≤ <paramref name="closeTimeNs"/> among those that arrived
    /// before event number <paramref name="arrivedBefore"/> (the closing trade: a top that arrives after it
    /// cannot be in its vector), or null when there is none.
    /// </summary>
    public (long TimeNs, double Imbalance, double SpreadBps)? AsOf(long closeTimeNs, int arrivedBefore)
    {
        // Accepted tops ascend in both time and arrival: each condition holds on a prefix, the answer ends the shorter one.
        var byTime = FirstIndex(i => _tops[i].TimeNs > closeTimeNs);
        var byArrival = FirstIndex(i => _arrival[i] >= arrivedBefore);
        var end = Math.Min(byTime, byArrival);
        return end == 0 ? null : _tops[end - 1];
    }

    private int FirstIndex(Func<int, bool> after)
    {
        int lo = 0, hi = _tops.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (after(mid))
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }
}
