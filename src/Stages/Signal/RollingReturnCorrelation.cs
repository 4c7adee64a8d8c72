namespace QuantumTrader.Stages.Signal;

/// <summary>
/// Pearson correlation of 1-candle log returns between symbols over their last <c>window</c> closed
/// candles, fed from the feature vectors flowing past the signal stage (<c>ret_1</c> at each candle close
/// time), so the filter uses the same closed candles as the models and replays exactly.
/// </summary>
/// <remarks>
/// Per symbol, a ring of (candle close time, return) in time order. A correlation merge-joins two rings on
/// close time, so only candles both symbols closed count. Not thread-safe (signal stage thread);
/// allocation-free after construction.
/// </remarks>
public sealed class RollingReturnCorrelation
{
    private readonly int _window;
    private readonly long[] _times;
    private readonly double[] _returns;
    private readonly int[] _next;
    private readonly int[] _count;

    /// <summary>Creates the tracker for <paramref name="symbolCount"/> symbols and a window of <paramref name="window"/> candles.</summary>
    public RollingReturnCorrelation(int symbolCount, int window)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(symbolCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 2);
        _window = window;
        _times = new long[symbolCount * window];
        _returns = new double[symbolCount * window];
        _next = new int[symbolCount];
        _count = new int[symbolCount];
    }

    /// <summary>Records the return of <paramref name="symbolId"/>'s candle that closed at <paramref name="closeTimeNs"/>.
    /// Returns false (ignored) when not later than the symbol's last recorded candle or not finite.</summary>
    public bool Add(ushort symbolId, long closeTimeNs, double logReturn)
    {
        if (!double.IsFinite(logReturn) || (_count[symbolId] > 0 && closeTimeNs <= _times[Index(symbolId, _count[symbolId] - 1)]))
        {
            return false;
        }

        var slot = (symbolId * _window) + _next[symbolId];
        _times[slot] = closeTimeNs;
        _returns[slot] = logReturn;
        _next[symbolId] = (_next[symbolId] + 1) % _window;
        if (_count[symbolId] < _window)
        {
            _count[symbolId]++;
        }

        return true;
    }

    /// <summary>
    /// Correlation of <paramref name="a"/> and <paramref name="b"/> over the candles both closed in their
    /// windows; false when fewer than <paramref name="minSamples"/> candles are shared or a series is flat.
    /// </summary>
    public bool TryGet(ushort a, ushort b, int minSamples, out double correlation)
    {
        correlation = 0;
        int i = 0, j = 0, n = 0;
        double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        while (i < _count[a] && j < _count[b])
        {
            var ta = _times[Index(a, i)];
            var tb = _times[Index(b, j)];
            if (ta < tb)
            {
                i++;
                continue;
            }

            if (tb < ta)
            {
                j++;
                continue;
            }

            var x = _returns[Index(a, i)];
            var y = _returns[Index(b, j)];
            sa += x;
            sb += y;
            saa += x * x;
            sbb += y * y;
            sab += x * y;
            n++;
            i++;
            j++;
        }

        if (n < Math.Max(2, minSamples))
        {
            return false;
        }

        var cov = sab - (sa * sb / n);
        var va = saa - (sa * sa / n);
        var vb = sbb - (sb * sb / n);
        if (!(va > 0 && vb > 0))
        {
            return false;
        }

        correlation = Math.Clamp(cov / Math.Sqrt(va * vb), -1.0, 1.0);
        return true;
    }

    /// <summary>Physical index of the <paramref name="k"/>-th oldest entry of a symbol.</summary>
    private int Index(ushort symbolId, int k)
    {
        var oldest = _count[symbolId] < _window ? 0 : _next[symbolId];
        return (symbolId * _window) + ((oldest + k) % _window);
    }
}
