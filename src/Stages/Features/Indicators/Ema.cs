namespace QuantumTrader.Stages.Features.Indicators;

/// <summary>
/// Exponential moving average with smoothing 2/(period+1), seeded with the simple average of the first
/// <c>period</c> values (the textbook seeding, so early values do not depend on the first sample alone).
/// </summary>
/// <remarks>Not thread-safe: owned by the features stage thread. Allocation-free after construction.</remarks>
public sealed class Ema
{
    private readonly int _period;
    private readonly double _alpha;
    private int _count;
    private double _seedSum;
    private double _value;

    /// <summary>Creates an EMA over <paramref name="period"/> values.</summary>
    public Ema(int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        _period = period;
        _alpha = 2.0 / (period + 1);
    }

    /// <summary>The period.</summary>
    public int Period => _period;

    /// <summary>True once <see cref="Period"/> values have been seen.</summary>
    public bool IsReady => _count >= _period;

    /// <summary>The current value (meaningful only when <see cref="IsReady"/>).</summary>
    public double Value => _value;

    /// <summary>Adds one value.</summary>
    public void Add(double x)
    {
        if (_count < _period)
        {
            _seedSum += x;
            _count++;
            if (_count == _period)
            {
                _value = _seedSum / _period;
            }

            return;
        }

        _value += _alpha * (x - _value);
    }

    /// <summary>Forgets everything (after a data gap).</summary>
    public void Reset()
    {
        _count = 0;
        _seedSum = 0;
        _value = 0;
    }
}
