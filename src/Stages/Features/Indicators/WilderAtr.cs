namespace QuantumTrader.Stages.Features.Indicators;

/// <summary>
/// Average true range with Wilder's smoothing. The first true range is high − low; the first ATR is the
/// mean of the first <c>period</c> true ranges; then <c>atr = (atr·(period−1) + tr) / period</c>.
/// </summary>
/// <remarks>Not thread-safe: owned by the features stage thread. Allocation-free after construction.</remarks>
public sealed class WilderAtr
{
    private readonly int _period;
    private bool _hasPrevious;
    private double _previousClose;
    private int _count;
    private double _value;

    /// <summary>Creates an ATR over <paramref name="period"/> candles.</summary>
    public WilderAtr(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        _period = period;
    }

    /// <summary>True once <c>period</c> candles have been seen.</summary>
    public bool IsReady => _count >= _period;

    /// <summary>The ATR (price units).</summary>
    public double Value => _value;

    /// <summary>True range of a candle given the previous close (high − low for the first candle).</summary>
    public static double TrueRange(double high, double low, double previousClose, bool hasPrevious)
    {
        var range = high - low;
        if (!hasPrevious)
        {
            return range;
        }

        return Math.Max(range, Math.Max(Math.Abs(high - previousClose), Math.Abs(low - previousClose)));
    }

    /// <summary>Adds one candle.</summary>
    public void Add(double high, double low, double close)
    {
        var tr = TrueRange(high, low, _previousClose, _hasPrevious);
        _previousClose = close;
        _hasPrevious = true;
        if (_count < _period)
        {
            _value += tr;
            _count++;
            if (_count == _period)
            {
                _value /= _period;
            }

            return;
        }

        _value = ((_value * (_period - 1)) + tr) / _period;
    }

    /// <summary>Forgets everything.</summary>
    public void Reset()
    {
        _hasPrevious = false;
        _previousClose = 0;
        _count = 0;
        _value = 0;
    }
}
