namespace QuantumTrader.Gateway.Binance.WebSocket;

/// <summary>Configuration of one <see cref="BinanceMarketStream"/> connection.</summary>
public sealed record MarketStreamOptions
{
    /// <summary>WebSocket base without route (production <c>wss://fstream.binance.com</c>, or the fake server).</summary>
    public required Uri WebSocketBase { get; init; }

    /// <summary>Route: <c>public</c> (depth, bookTicker, trade) or <c>market</c> (aggTrade, markPrice, kline).</summary>
    public required string Route { get; init; }

    /// <summary>Stream names, lower-case symbol first (<c>btcusdt@depth@100ms</c>, <c>btcusdt@bookTicker</c>).</summary>
    public required IReadOnlyList<string> Streams { get; init; }

    /// <summary>No message for this long marks every symbol of the connection stale and forces a reconnect.</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>First reconnect back-off; doubles per failed attempt up to <see cref="MaxBackoff"/>, jittered ±50%.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Largest reconnect back-off.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Reconnect proactively after this long (Binance cuts connections at 24 h).</summary>
    public TimeSpan MaxConnectionAge { get; init; } = TimeSpan.FromHours(23) + TimeSpan.FromMinutes(50);

    /// <summary>Seed of the back-off jitter (deterministic given the seed).</summary>
    public int JitterSeed { get; init; } = 1;

    /// <summary>First wait after a snapshot attempt that did not bring the book into sync (the fetch failed, or the
    /// snapshot was older than the buffered diffs) before the next one; doubles per further such attempt up to
    /// <see cref="MaxSnapshotBackoff"/>, jittered ±50% (seeded by <see cref="JitterSeed"/>). A snapshot
    /// (limit 1000) costs 20 of the 2400 request weight per minute.</summary>
    public TimeSpan SnapshotRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest wait between two snapshot attempts for the same book.</summary>
    public TimeSpan MaxSnapshotBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest opening handshake before the attempt counts as failed (and is retried after the back-off).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Interval of client-initiated keep-alive frames (the client also answers server pings).</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(30);
}
