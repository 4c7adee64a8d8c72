namespace QuantumTrader.Stages.Features.Indicators;

/// <summary>
/// Relative strength index with Wilder's smoothing: the first average gain and loss are simple means of
/// the first <c>period</c> changes, then <c>avg = (avg·(period−1) + x) / period</c>.
/// </summary>
/// <remarks>Not thread-safe: owned by the features stage thread. Allocation-free after construction.</remarks>
public sealed class WilderRsi
{
    private readonly int _period;
    private bool _hasPrevious;
    private double _previous;
    private int _changes;
    private double _avgGain;
    private double _avgLoss;

    /// <summary>Creates an RSI over <paramref name="period"/> changes.</summary>
    public WilderRsi(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        _period = period;
    }

    /// <summary>True once <c>period</c> changes (period + 1 closes) have been seen.</summary>
    public bool IsReady => _changes >= _period;

    /// <summary>RSI in 0..100 (50 when there was no movement at all).</summary>
    public double Value
    {
        get
        {
            if (_avgLoss == 0)
            {
                return _avgGain == 0 ? 50.0 : 100.0;
            }

            var rs = _avgGain / _avgLoss;
            return 100.0 - (100.0 / (1.0 + rs));
        }
    }

    /// <summary>Adds one close.</summary>
    public void Add(double close)
    {
        if (!_hasPrevious)
        {
            _previous = close;
            _hasPrevious = true;
            return;
        }

        var change = close - _previous;
        _previous = close;
        var gain = change > 0 ? change : 0.0;
        var loss = change < 0 ? -change : 0.0;
        if (_changes < _period)
        {
            _avgGain += gain;
            _avgLoss += loss;
            _changes++;
            if (_changes == _period)
            {
                _avgGain /= _period;
                _avgLoss /= _period;
            }

            return;
        }

        _avgGain = ((_avgGain * (_period - 1)) + gain) / _period;
        _avgLoss = ((_avgLoss * (_period - 1)) + loss) / _period;
    }

    /// <summary>Forgets everything.</summary>
    public void Reset()
    {
        _hasPrevious = false;
        _previous = 0;
        _changes = 0;
        _avgGain = 0;
        _avgLoss = 0;
    }
}
