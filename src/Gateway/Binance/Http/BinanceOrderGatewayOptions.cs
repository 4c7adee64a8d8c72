namespace QuantumTrader.Gateway.Binance.Http;

/// <summary>Tuning of <see cref="BinanceOrderGateway"/>; defaults follow binance-protocol.md §4.2.</summary>
public sealed record BinanceOrderGatewayOptions
{
    /// <summary>Commands that may wait for the I/O thread (a power of two).</summary>
    public int QueueCapacity { get; init; } = 1024;

    /// <summary>Retries of a certainly-failed request (503 Service Unavailable, -1001, -1008).</summary>
    public int UnavailableRetries { get; init; } = 3;

    /// <summary>First back-off of those retries; doubles each time (200 → 400 → 800 ms).</summary>
    public TimeSpan UnavailableBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Queries tried to resolve an unknown outcome before giving up (the order stays unknown).</summary>
    public int ResolveAttempts { get; init; } = 8;

    /// <summary>First delay between resolution queries; doubles, capped at 5 s.</summary>
    public TimeSpan ResolveBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>"Order does not exist" must be seen twice this far apart before the order is declared not placed:
    /// an order accepted just before a timeout can take a moment to become visible.</summary>
    public TimeSpan NotFoundConfirmDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How the I/O thread idles after its last command before it parks (null: spin, then yield; never a sleep).</summary>
    public QuantumTrader.Engine.Threading.IIdleStrategy? Idle { get; init; }

    /// <summary>Idle steps taken through <see cref="Idle"/> after the last command before the thread parks on its wake-up
    /// event (0: park at once).</summary>
    public int IdleStepsBeforePark { get; init; } = 200;
}
