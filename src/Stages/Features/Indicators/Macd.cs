namespace QuantumTrader.Stages.Features.Indicators;

/// <summary>
/// MACD: EMA(fast) − EMA(slow) of the closes, with a real signal line, the EMA(signal) of the MACD values
/// (the legacy code used 0.9·MACD as a stub), and the histogram MACD − signal.
/// </summary>
/// <remarks>Not thread-safe: owned by the features stage thread. Allocation-free after construction.</remarks>
public sealed class Macd
{
    private readonly Ema _fast;
    private readonly Ema _slow;
    private readonly Ema _signal;
    private double _macd;

    /// <summary>Creates a MACD (12, 26, 9 is the standard).</summary>
    public Macd(int fast, int slow, int signal)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(fast, slow);
        _fast = new Ema(fast);
        _slow = new Ema(slow);
        _signal = new Ema(signal);
    }

    /// <summary>True once the signal line is defined.</summary>
    public bool IsReady => _signal.IsReady;

    /// <summary>MACD line.</summary>
    public double Line => _macd;

    /// <summary>Signal line.</summary>
    public double Signal => _signal.Value;

    /// <summary>Histogram: line − signal.</summary>
    public double Histogram => _macd - _signal.Value;

    /// <summary>Adds one close.</summary>
    public void Add(double close)
    {
        _fast.Add(close);
        _slow.Add(close);
        if (_slow.IsReady)
        {
            _macd = _fast.Value - _slow.Value;
            _signal.Add(_macd);
        }
    }

    /// <summary>Forgets everything.</summary>
    public void Reset()
    {
        _fast.Reset();
        _slow.Reset();
        _signal.Reset();
        _macd = 0;
    }
}
