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

    /// <summary>Answer <c>GET /fapi/v1/depth</c> from the fake's own book (the snapshots given plus every depth diff it
    /// sent since) once that is in sync, like a venue whose snapshots are current; false: only the snapshots given
    /// (<see cref="FakeBinanceServer.SetDepthSnapshot"/>, or a capture's recorded one) are served.</summary>
    public bool DepthSnapshotsFromStream { get; init; }

    /// <summary>Added to the server's time (ms): simulates a client clock that is off.</summary>
    public long ServerTimeSkewMs { get; init; }
}
