using QuantumTrader.Stages.Features;

namespace QuantumTrader.Stages.Features.Indicators;

/// <summary>
/// The last <c>capacity</c> values in a pre-allocated ring. Sums are recomputed over the window on demand
/// (windows are short), so there is no floating-point drift from running add/subtract updates.
/// </summary>
/// <remarks>Not thread-safe: owned by the features stage thread. Allocation-free after construction.</remarks>
public sealed class RollingWindow
{
    private readonly double[] _values;
    private int _next;
    private int _count;

    /// <summary>Creates a window of <paramref name="capacity"/> values.</summary>
    public RollingWindow(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _values = new double[capacity];
    }

    /// <summary>Capacity.</summary>
    public int Capacity => _values.Length;

    /// <summary>Values held (at most <see cref="Capacity"/>).</summary>
    public int Count => _count;

    /// <summary>True when the window is full.</summary>
    public bool IsFull => _count == _values.Length;

    /// <summary>Adds a value, dropping the oldest when full.</summary>
    public void Add(double x)
    {
        _values[_next] = x;
        _next = _next + 1 == _values.Length ? 0 : _next + 1;
        if (_count < _values.Length)
        {
            _count++;
        }
    }

    /// <summary>The value added <paramref name="ago"/> additions ago (0 = latest).</summary>
    public double Ago(int ago)
    {
        if ((uint)ago >= (uint)_count)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(ago));
        }

        var index = _next - 1 - ago;
        if (index < 0)
        {
            index += _values.Length;
        }

        return _values[index];
    }

    /// <summary>Sum of the values held.</summary>
    public double Sum()
    {
        var sum = 0.0;
        for (var i = 0; i < _count; i++)
        {
            sum += _values[i];
        }

        return sum;
    }

    /// <summary>Mean of the values held (0 when empty).</summary>
    public double Mean() => _count == 0 ? 0.0 : Sum() / _count;

    /// <summary>Population standard deviation of the values held (0 when empty).</summary>
    public double PopulationStdDev()
    {
        if (_count == 0)
        {
            return 0.0;
        }

        var mean = Mean();
        var acc = 0.0;
        for (var i = 0; i < _count; i++)
        {
            var d = _values[i] - mean;
            acc += d * d;
        }

        return Math.Sqrt(acc / _count);
    }

    /// <summary>Root mean square of the values held (0 when empty).</summary>
    public double RootMeanSquare()
    {
        if (_count == 0)
        {
            return 0.0;
        }

        var acc = 0.0;
        for (var i = 0; i < _count; i++)
        {
            acc += _values[i] * _values[i];
        }

        return Math.Sqrt(acc / _count);
    }

    /// <summary>Forgets everything.</summary>
    public void Reset()
    {
        _next = 0;
        _count = 0;
    }
}
