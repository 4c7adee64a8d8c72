using System.Globalization;
using System.Text.Json;
using HdrHistogram;

namespace QuantumTrader.Runtime.Metrics;

/// <summary>
/// A latency histogram in nanoseconds: a thin wrapper over HdrHistogram's <see cref="LongHistogram"/>
/// covering 1 ns to 10 s at 3 significant digits (values below 2048 ns exact, above within 0.1 %).
/// </summary>
/// <remarks>
/// Recording does not allocate (the counts array is allocated once by the constructor). Not thread-safe:
/// one recorder per measuring thread, merged with <see cref="Add"/> afterwards. Values outside the range
/// are clamped to it and counted in <see cref="ClampedCount"/> rather than thrown on, so a stray sample
/// cannot abort a benchmark run yet never goes unnoticed.
/// </remarks>
public sealed class LatencyRecorder : QuantumTrader.Model.Ports.ILatencySink
{
    /// <summary>Lowest trackable value: 1 ns.</summary>
    public const long LowestNanos = 1;

    /// <summary>Highest trackable value: 10 s.</summary>
    public const long HighestNanos = 10_000_000_000;

    /// <summary>Significant decimal digits kept for every value.</summary>
    public const int SignificantDigits = 3;

    private readonly LongHistogram _histogram = new(LowestNanos, HighestNanos, SignificantDigits);
    private long _clamped;

    /// <summary>Number of values recorded, including the ones coordinated-omission correction added.</summary>
    public long Count => _histogram.TotalCount;

    /// <summary>Values that fell outside 1 ns..10 s and were clamped to the nearest bound.</summary>
    public long ClampedCount => _clamped;

    /// <summary>Median, in ns (0 when empty).</summary>
    public long P50 => ValueAtPercentile(50);

    /// <summary>99th percentile, in ns (0 when empty).</summary>
    public long P99 => ValueAtPercentile(99);

    /// <summary>99.9th percentile, in ns (0 when empty).</summary>
    public long P999 => ValueAtPercentile(99.9);

    /// <summary>Largest value recorded (its highest equivalent value at 3 significant digits), in ns; 0 when empty.</summary>
    public long Max => Count == 0 ? 0 : _histogram.GetMaxValue();

    /// <summary>Mean, in ns (0 when empty).</summary>
    public double Mean => Count == 0 ? 0 : _histogram.GetMean();

    /// <summary>The underlying histogram, for percentile-distribution output and merging.</summary>
    public HistogramBase Histogram => _histogram;

    /// <summary>Records one latency in nanoseconds. Does not allocate.</summary>
    public void Record(long nanos) => _histogram.RecordValue(Clamp(nanos));

    /// <summary>
    /// Records one latency measured by a sender that meant to send every <paramref name="expectedIntervalNanos"/>:
    /// when the value is longer than the interval, the samples the stalled sender failed to send are
    /// back-filled (value - interval, value - 2 * interval, ...), correcting coordinated omission.
    /// Does not allocate. An interval &lt;= 0 records the value alone.
    /// </summary>
    public void Record(long nanos, long expectedIntervalNanos) =>
        _histogram.RecordValueWithExpectedInterval(Clamp(nanos), expectedIntervalNanos > 0 ? expectedIntervalNanos : 0);

    /// <summary>The value at <paramref name="percentile"/> (0..100), in ns; 0 when empty.</summary>
    public long ValueAtPercentile(double percentile)
    {
        if (double.IsNaN(percentile) || percentile < 0 || percentile > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "a percentile is 0..100");
        }

        return Count == 0 ? 0 : _histogram.GetValueAtPercentile(percentile);
    }

    /// <summary>Adds every value of <paramref name="other"/> to this recorder.</summary>
    public void Add(LatencyRecorder other)
    {
        ArgumentNullException.ThrowIfNull(other);
        _histogram.Add(other._histogram);
        _clamped += other._clamped;
    }

    /// <summary>Forgets every value.</summary>
    public void Reset()
    {
        _histogram.Reset();
        _clamped = 0;
    }

    /// <summary>
    /// Writes <c>{"count","clamped","mean_ns","p50_ns","p99_ns","p999_ns","max_ns"}</c> as an object value
    /// (call <see cref="Utf8JsonWriter.WritePropertyName(string)"/> first to make it a property).
    /// </summary>
    public void ToJson(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteNumber("count", Count);
        writer.WriteNumber("clamped", ClampedCount);
        writer.WriteNumber("mean_ns", Math.Round(Mean, 1));
        writer.WriteNumber("p50_ns", P50);
        writer.WriteNumber("p99_ns", P99);
        writer.WriteNumber("p999_ns", P999);
        writer.WriteNumber("max_ns", Max);
        writer.WriteEndObject();
    }

    /// <summary>One line for humans: count and percentiles in microseconds.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"n={Count} p50={P50 / 1000.0:F3}us p99={P99 / 1000.0:F3}us p99.9={P999 / 1000.0:F3}us max={Max / 1000.0:F3}us");

    private long Clamp(long nanos)
    {
        if (nanos < LowestNanos)
        {
            _clamped++;
            return LowestNanos;
        }

        if (nanos > HighestNanos)
        {
            _clamped++;
            return HighestNanos;
        }

        return nanos;
    }
}
