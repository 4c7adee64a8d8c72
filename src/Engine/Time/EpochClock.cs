namespace QuantumTrader.Engine.Time;

/// <summary>
/// Wall-clock nanoseconds since the Unix epoch, for stamping events where they enter the process
/// (receive time, journal header creation time). The core reads time from events, not from this.
/// </summary>
public sealed class EpochClock : IClock
{
    /// <summary>The shared instance.</summary>
    public static readonly EpochClock Instance = new();

#pragma warning disable RS0030 // The one sanctioned wall-clock read: this type is the clock abstraction.
    /// <inheritdoc />
    public long NowNanos => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;
#pragma warning restore RS0030
}
