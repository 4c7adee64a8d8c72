namespace QuantumTrader.Stages.Features;

/// <summary>
/// The recent book tops of one symbol, so that a closed candle can read the top "as of its close": the last
/// accepted top whose exchange time is at or before the close, not the latest top when the closing trade
/// arrives (that one can be up to a second newer and would leak past the close into training labels).
/// </summary>
/// <remarks>
/// Keeps, for each of the last <see cref="Depth"/> candle boundaries that book tops crossed, the last top
/// before that boundary: a top with time <c>t</c> belongs to group <c>ceil(t / interval)</c>, the first
/// candle boundary at or after <c>t</c>, and within a group only the newest top can ever be the answer for a
/// boundary query. Accepted tops never go back in time: a top older than the newest accepted one (the
/// bookTicker and depth streams interleave) does not replace it and is only counted. Fixed arrays, no
/// allocation after construction. Not thread-safe.
/// </remarks>
internal sealed class BookHistory
{
    /// <summary>How many boundary groups are kept: the book may run this many candle boundaries ahead of the trades.</summary>
    public const int Depth = 8;

    private readonly long _intervalNs;
    private readonly long[] _group = new long[Depth];
    private readonly long[] _time = new long[Depth];
    private readonly double[] _imbalance = new double[Depth];
    private readonly double[] _spreadBps = new double[Depth];
    private int _count;
    private int _newest = -1;

    public BookHistory(long intervalNs) => _intervalNs = intervalNs;

    /// <summary>True once a top was accepted.</summary>
    public bool HasAny => _count > 0;

    /// <summary>Exchange time of the newest accepted top.</summary>
    public long NewestTimeNs => _newest < 0 ? long.MinValue : _time[_newest];

    /// <summary>Adds a top; returns false (nothing changed) when it is older than the newest accepted top.</summary>
    public bool Add(long timeNs, double imbalance, double spreadBps)
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
        }

        _group[_newest] = group;
        _time[_newest] = timeNs;
        _imbalance[_newest] = imbalance;
        _spreadBps[_newest] = spreadBps;
        return true;
    }

    /// <summary>
    /// The last accepted top with exchange time ≤ <paramref name="boundaryNs"/>. False when there is none:
    /// no top yet, every top is newer, or the book ran more than <see cref="Depth"/> boundaries ahead and
    /// the answer was already dropped (never guessed).
    /// </summary>
    public bool TryGetAsOf(long boundaryNs, out long timeNs, out double imbalance, out double spreadBps)
    {
        var index = _newest;
        for (var n = 0; n < _count; n++)
        {
            if (_time[index] <= boundaryNs)
            {
                timeNs = _time[index];
                imbalance = _imbalance[index];
                spreadBps = _spreadBps[index];
                return true;
            }

            index = index == 0 ? Depth - 1 : index - 1;
        }

        timeNs = 0;
        imbalance = 0;
        spreadBps = 0;
        return false;
    }
}
