using QuantumTrader.Model;

namespace QuantumTrader.Testing.Features;

/// <summary>
/// Schema v3's funding rule (docs/FEATURES.md) computed independently of the serving <c>FundingHistory</c>:
/// the whole history of accepted markPrice funding rates of one symbol, and for a candle close the last of
/// them whose exchange time is at or before the close, found by binary search over all of them.
/// </summary>
public sealed class ReferenceFunding
{
    private readonly List<(long TimeNs, double Rate)> _rates = [];
    private readonly List<int> _arrival = []; // index of each accepted rate in the event sequence

    /// <summary>
    /// Collects the markPrice rates of <paramref name="symbolId"/> in arrival order. A rate is accepted when
    /// its event is valid, has a positive price and a positive exchange time, and is not older than the last
    /// accepted rate; an older one is superseded and counted in <see cref="Superseded"/>.
    /// </summary>
    public ReferenceFunding(IEnumerable<InputEvent> events, ushort symbolId = 0)
    {
        ArgumentNullException.ThrowIfNull(events);
        var index = -1;
        foreach (var e in events)
        {
            index++;
            if (!e.Valid || e.SymbolId != symbolId || e.Kind != InputKind.MarkPrice || e.Price.Raw <= 0 || e.ExchangeTimeNs <= 0)
            {
                continue;
            }

            if (_rates.Count > 0 && e.ExchangeTimeNs < _rates[^1].TimeNs)
            {
                Superseded++;
                continue;
            }

            _arrival.Add(index);
            _rates.Add((e.ExchangeTimeNs, e.Aux0 / 1e8));
        }
    }

    /// <summary>Valid markPrice events refused because they were older than the last accepted one.</summary>
    public int Superseded { get; }

    /// <summary>Accepted rates.</summary>
    public int Count => _rates.Count;

    /// <summary>
    /// The last accepted rate with exchange time ≤ <paramref name="closeTimeNs"/> among those that arrived
    /// before event number <paramref name="arrivedBefore"/> (the closing trade), or null when there is none.
    /// </summary>
    public (long TimeNs, double Rate)? AsOf(long closeTimeNs, int arrivedBefore)
    {
        // Accepted rates ascend in both time and arrival: each condition holds on a prefix, the answer ends the shorter one.
        var byTime = FirstIndex(i => _rates[i].TimeNs > closeTimeNs);
        var byArrival = FirstIndex(i => _arrival[i] >= arrivedBefore);
        var end = Math.Min(byTime, byArrival);
        return end == 0 ? null : _rates[end - 1];
    }

    /// <summary>The last accepted rate that arrived before event number <paramref name="arrivedBefore"/> whatever its time (the v2 rule), or null.</summary>
    public (long TimeNs, double Rate)? LatestArrived(int arrivedBefore)
    {
        var end = FirstIndex(i => _arrival[i] >= arrivedBefore);
        return end == 0 ? null : _rates[end - 1];
    }

    private int FirstIndex(Func<int, bool> after)
    {
        int lo = 0, hi = _rates.Count;
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
