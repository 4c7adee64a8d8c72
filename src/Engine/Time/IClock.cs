namespace QuantumTrader.Engine.Time;

/// <summary>
/// The only source of time the core may use: nanoseconds on a monotonic or epoch scale chosen by the
/// implementation. Injected so that replay and tests control time exactly.
/// </summary>
/// <remarks>Implementations must be safe to call from any thread and must not allocate.</remarks>
public interface IClock
{
    /// <summary>Current time in nanoseconds.</summary>
    long NowNanos { get; }
}
