namespace QuantumTrader.Engine.Time;

/// <summary>A clock that moves only when told: for tests, replay and backtests.</summary>
/// <remarks>Reads and writes are atomic 64-bit operations; safe across threads.</remarks>
public sealed class ManualClock : IClock
{
    private long _nanos;

    /// <summary>Creates a clock reading <paramref name="startNanos"/>.</summary>
    public ManualClock(long startNanos = 0) => _nanos = startNanos;

    /// <inheritdoc />
    public long NowNanos => Volatile.Read(ref _nanos);

    /// <summary>Sets the time.</summary>
    public void Set(long nanos) => Volatile.Write(ref _nanos, nanos);

    /// <summary>Moves the time forward by <paramref name="nanos"/>.</summary>
    public void Advance(long nanos) => Interlocked.Add(ref _nanos, nanos);
}
