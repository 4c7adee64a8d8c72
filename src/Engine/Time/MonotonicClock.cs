using System.Diagnostics;

namespace QuantumTrader.Engine.Time;

/// <summary>
/// Monotonic nanosecond clock over <see cref="Stopwatch"/>; for measuring latency at the edges
/// (receive stamps, benchmarks), never for decisions inside the core.
/// </summary>
public sealed class MonotonicClock : IClock
{
    private static readonly double TicksToNanos = 1_000_000_000.0 / Stopwatch.Frequency;

    /// <summary>The shared instance.</summary>
    public static readonly MonotonicClock Instance = new();

    /// <inheritdoc />
    public long NowNanos => (long)(Stopwatch.GetTimestamp() * TicksToNanos);
}
