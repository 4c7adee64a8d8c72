namespace QuantumTrader.Gateway.Binance.UserData;

/// <summary>Configuration of <see cref="BinanceUserStream"/>.</summary>
public sealed record UserStreamOptions
{
    /// <summary>WebSocket base without route; <c>/private/ws/&lt;listenKey&gt;</c> is appended.</summary>
    public required Uri WebSocketBase { get; init; }

    /// <summary>listenKey keep-alive period (the key expires 60 min after the last one; 30 min is the safe cadence).</summary>
    public TimeSpan KeepAliveEvery { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>First reconnect back-off; doubles per failed attempt up to <see cref="MaxBackoff"/>, jittered ±50%.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Largest reconnect back-off.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest opening handshake before the attempt counts as failed.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Seed of the back-off jitter (deterministic given the seed).</summary>
    public int JitterSeed { get; init; } = 1;
}
