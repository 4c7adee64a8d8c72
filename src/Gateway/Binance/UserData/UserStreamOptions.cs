namespace QuantumTrader.Gateway.Binance.UserData;

/// <summary>Configuration of <see cref="BinanceUserStream"/>.</summary>
public sealed record UserStreamOptions
{
    /// <summary>WebSocket base without route; <c>/private/ws/&lt;listenKey&gt;</c> is appended.</summary>
    public required Uri WebSocketBase { get; init; }

    /// <summary>listenKey keep-alive period (the key expires 60 min after the last one; 30 min is the safe cadence).</summary>
    public TimeSpan KeepAliveEvery { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Reconnect back-off (doubles to 30 s on repeated failures).</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(250);
}
