namespace QuantumTrader.Stages.Features.Indicators;

/// <summary>
/// Wilder's directional movement system: +DI, −DI and ADX over <c>period</c> candles.
/// +DM/−DM and TR are smoothed as running sums (first: sum of <c>period</c> values; then
/// <c>s = s − s/period + x</c>); DX = 100·|+DI − −DI| / (+DI + −DI); the first ADX is the mean of the first
/// <c>period</c> DX values, then Wilder-smoothed. Ready after 2·period candles.
/// </summary>
/// <remarks>Not thread-safe: owned by the features stage thread. Allocation-free after construction.</remarks>
public sealed class WilderAdx
{
    private readonly int _period;
    private bool _hasPrevious;
    private double _prevHigh;
    private double _prevLow;
    private double _prevClose;
    private int _dmCount;
    private double _trSum;
    private double _plusSum;
    private double _minusSum;
    private int _dxCount;
    private double _adx;
    private double _plusDi;
    private double _minusDi;

    /// <summary>Creates the indicator (14 is Wilder's period).</summary>
    public WilderAdx(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        _period = period;
    }

    /// <summary>True once the ADX is defined.</summary>
    public bool IsReady => _dxCount >= _period;

    /// <summary>ADX, 0..100.</summary>
    public double Adx => _adx;

    /// <summary>+DI, 0..100.</summary>
    public double PlusDi => _plusDi;

    /// <summary>−DI, 0..100.</summary>
    public double MinusDi => _minusDi;

    /// <summary>Adds one candle.</summary>
    public void Add(double high, double low, double close)
    {
        if (!_hasPrevious)
        {
            _hasPrevious = true;
            _prevHigh = high;
            _prevLow = low;
            _prevClose = close;
            return;
        }

        var up = high - _prevHigh;
        var down = _prevLow - low;
        var plusDm = up > down && up > 0 ? up : 0.0;
        var minusDm = down > up && down > 0 ? down : 0.0;
        var tr = WilderAtr.TrueRange(high, low, _prevClose, true);
        _prevHigh = high;
        _prevLow = low;
        _prevClose = close;

        if (_dmCount < _period)
        {
            _trSum += tr;
            _plusSum += plusDm;
            _minusSum += minusDm;
            _dmCount++;
            if (_dmCount < _period)
            {
                return;
            }
        }
        else
        {
            _trSum = _trSum - (_trSum / _period) + tr;
            _plusSum = _plusSum - (_plusSum / _period) + plusDm;
            _minusSum = _minusSum - (_minusSum / _period) + minusDm;
        }

        _plusDi = _trSum == 0 ? 0.0 : 100.0 * _plusSum / _trSum;
        _minusDi = _trSum == 0 ? 0.0 : 100.0 * _minusSum / _trSum;
        var diSum = _plusDi + _minusDi;
        var dx = diSum == 0 ? 0.0 : 100.0 * Math.Abs(_plusDi - _minusDi) / diSum;
        if (_dxCount < _period)
        {
            _adx += dx;
            _dxCount++;
            if (_dxCount == _period)
            {
                _adx /= _period;
            }

            return;
        }

        _adx = ((_adx * (_period - 1)) + dx) / _period;
    }

    /// <summary>Forgets everything.</summary>
    public void Reset()
    {
        _hasPrevious = false;
        _prevHigh = _prevLow = _prevClose = 0;
        _dmCount = 0;
        _trSum = _plusSum = _minusSum = 0;
        _dxCount = 0;
        _adx = _plusDi = _minusDi = 0;
    }
}
