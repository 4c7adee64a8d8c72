namespace QuantumTrader.Stages.Features;

/// <summary>
/// The recent markPrice funding rates of one symbol, so that a closed candle can read the rate "as of its
/// close": the last accepted rate whose exchange time is at or before the close, not the latest rate when the
/// closing trade arrives (that one can be newer than the close and would leak past it into training labels).
/// </summary>
/// <remarks>
/// Same layout and rules as <see cref="BookHistory"/>: for each of the last <see cref="Depth"/> candle
/// boundaries that markPrice events crossed, the last rate before that boundary (a rate with time <c>t</c>
/// belongs to group <c>ceil(t / interval)</c>). Accepted rates never go back in time: an older one does not
/// replace the newest and is only counted. Unlike the book, it also tells "no rate at or before the close was
/// ever accepted" apart from "the answer was dropped", so that a caller not requiring funding can still refuse
/// to guess. Fixed arrays, no allocation after construction. Not thread-safe.
/// </remarks>
internal sealed class FundingHistory
{
    /// <summary>How many boundary groups are kept: markPrice may run this many candle boundaries ahead of the trades.</summary>
    public const int Depth = 8;

    private readonly long _intervalNs;
    private readonly long[] _group = new long[Depth];
    private readonly long[] _time = new long[Depth];
    private readonly double[] _rate = new double[Depth];
    private int _count;
    private int _newest = -1;
    private bool _dropped;

    public FundingHistory(long intervalNs) => _intervalNs = intervalNs;

    /// <summary>Outcome of <see cref="TryGetAsOf"/>.</summary>
    public enum AsOf
    {
        /// <summary>A rate at or before the boundary was found.</summary>
        Found,

        /// <summary>No accepted rate is at or before the boundary, and none was ever dropped: there is truly none.</summary>
        None,

        /// <summary>No kept rate is at or before the boundary, but older ones were dropped: the answer is gone.</summary>
        Dropped,
    }

    /// <summary>Adds a rate; returns false (nothing changed) when it is older than the newest accepted rate.</summary>
    public bool Add(long timeNs, double rate)
    {
        if (_count > 0 && timeNs < _time[_newest])
        {
            return false;
        }

        // timeNs > 0 (the engine refuses other times), so this is the ceiling division.
        var group = ((timeNs - 1) / _intervalNs) + 1;
        if (_count == 0 || group != _group[_newest])
        {
            _newest = (_newest + 1) % Depth;
            if (_count < Depth)
            {
                _count++;
            }
            else
            {
                _dropped = true;
            }
        }

        _group[_newest] = group;
        _time[_newest] = timeNs;
        _rate[_newest] = rate;
        return true;
    }

    /// <summary>
    /// The last accepted rate with exchange time ≤ <paramref name="boundaryNs"/>; <see cref="AsOf.None"/> when
    /// there is none, <see cref="AsOf.Dropped"/> when markPrice ran more than <see cref="Depth"/> boundaries
    /// ahead and the answer was already dropped (never guessed).
    /// </summary>
    public AsOf TryGetAsOf(long boundaryNs, out long timeNs, out double rate)
    {
        var index = _newest;
        for (var n = 0; n < _count; n++)
        {
            if (_time[index] <= boundaryNs)
            {
                timeNs = _time[index];
                rate = _rate[index];
                return AsOf.Found;
            }

            index = index == 0 ? Depth - 1 : index - 1;
        }

        timeNs = 0;
        rate = 0;
        return _dropped ? AsOf.Dropped : AsOf.None;
    }
}
