using QuantumTrader.Engine.Time;

namespace QuantumTrader.Gateway.Fake;

/// <summary>Configuration of a <see cref="FakeBinanceServer"/>.</summary>
public sealed record FakeBinanceOptions
{
    /// <summary>The API key the server accepts.</summary>
    public required string ApiKey { get; init; }

    /// <summary>The secret it verifies signatures with.</summary>
    public required string SecretKey { get; init; }

    /// <summary>Symbols it trades.</summary>
    public required IReadOnlyList<FakeSymbol> Symbols { get; init; }

    /// <summary>Server clock (epoch ns).</summary>
    public IClock Clock { get; init; } = EpochClock.Instance;

    /// <summary>Interval of the server's WebSocket PING frames (Binance: 3 min).</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>A client that does not PONG within this is dropped (Binance: 10 min).</summary>
    public TimeSpan PongTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Loopback port to listen on; 0 picks a free one (tests). The server only ever binds 127.0.0.1.</summary>
    public int Port { get; init; }

    /// <summary>Added to the server's time (ms): simulates a client clock that is off.</summary>
    public long ServerTimeSkewMs { get; init; }
}
