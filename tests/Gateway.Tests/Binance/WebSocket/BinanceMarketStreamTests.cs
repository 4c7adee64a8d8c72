using QuantumTrader.Engine.Time;
using QuantumTrader.Gateway.Binance.Http;
using QuantumTrader.Gateway.Binance.MarketData;
using QuantumTrader.Gateway.Binance.WebSocket;
using QuantumTrader.Gateway.Tests.Fake;
using QuantumTrader.Model;
using QuantumTrader.Testing.Ports;

namespace QuantumTrader.Gateway.Tests.Binance.WebSocket;

/// <summary>The market-data WebSocket client against the fake server's routed streams, over loopback.</summary>
[Trait("Category", "Integration")]
public sealed class BinanceMarketStreamTests
{
    private const string Depth = "btcusdt@depth@100ms";
    private const string Ticker = "btcusdt@bookTicker";

    private static string Diff(long first, long last, long previous, string bid) => FormattableString.Invariant(
        $"{{\"e\":\"depthUpdate\",\"E\":{1_700_000_000_000 + last},\"T\":{1_700_000_000_000 + last},\"s\":\"BTCUSDT\",\"U\":{first},\"u\":{last},\"pu\":{previous},\"b\":[[\"{bid}\",\"1.000\"]],\"a\":[[\"60010.0\",\"2.000\"]]}}");

    private static string Snapshot(long id) => FormattableString.Invariant(
        $"{{\"lastUpdateId\":{id},\"E\":1700000000000,\"T\":1700000000000,\"bids\":[[\"59990.0\",\"5.000\"]],\"asks\":[[\"60020.0\",\"5.000\"]]}}");

    private static async Task<(BinanceMarketStream Stream, RecordingSink Sink)> StartAsync(FakeServerFixture f, string route, string[] streams, TimeSpan? staleAfter = null, TimeSpan? snapshotRetry = null, TimeSpan? maxSnapshotBackoff = null)
    {
        var sink = new RecordingSink();
        var stream = new BinanceMarketStream(
            new MarketStreamOptions
            {
                WebSocketBase = f.Server.WebSocketBase,
                Route = route,
                Streams = streams,
                StaleAfter = staleAfter ?? TimeSpan.FromSeconds(10),
                InitialBackoff = TimeSpan.FromMilliseconds(20),
                SnapshotRetryDelay = snapshotRetry ?? TimeSpan.FromSeconds(1),
                MaxSnapshotBackoff = maxSnapshotBackoff ?? TimeSpan.FromSeconds(30),
            },
            f.Instruments,
            sink,
            EpochClock.Instance,
            async (symbol, ct) =>
            {
                var r = await f.Rest.GetDepthSnapshotAsync(symbol, 1000, ct);
                return r.Outcome == RestOutcome.Ok ? r.Body : null;
            });
        stream.Start();
        // Both ends: the server registered the socket and the client's handshake completed.
        await Until(() => f.Server.OpenConnections == 1 && stream.Connects == 1, message: () => $"accepted {f.Server.ConnectionsAccepted} connects {stream.Connects} events {string.Join(",", sink.Snapshot().Select(e => e.Kind + ":" + e.Code))} log {string.Join(" | ", f.Server.RequestLog)}");
        return (stream, sink);
    }

    private static async Task Until(Func<bool> condition, int timeoutMs = 10_000, Func<string>? message = null)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            Assert.True(Environment.TickCount64 < deadline, "condition not met in time: " + message?.Invoke());
            await Task.Delay(5);
        }
    }

    private static bool Has(RecordingSink sink, FeedStateCode code)
        => sink.Snapshot().Exists(e => e.Kind == InputKind.FeedState && e.Code == (ushort)code);

    /// <summary>Publishes chained diffs until <paramref name="done"/> holds; returns the last u.</summary>
    /// <param name="snapshotFollows">After each diff, the depth endpoint serves a snapshot at that diff's <c>u</c> (a venue
    /// whose snapshots are current).</param>
    private static async Task<long> FeedUntil(FakeServerFixture f, long previous, Func<bool> done, string bid = "60000.0", bool snapshotFollows = false)
    {
        var deadline = Environment.TickCount64 + 10_000;
        while (!done())
        {
            Assert.True(Environment.TickCount64 < deadline, "book did not reach the expected state");
            var first = previous + 1;
            var last = previous + 3;
            await f.Server.PublishAsync(Depth, Diff(first, last, previous, bid));
            if (snapshotFollows)
            {
                f.Server.SetDepthSnapshot("BTCUSDT", Snapshot(last));
            }

            previous = last;
            await Task.Delay(10);
        }

        return previous;
    }

    [Fact(Timeout = 30_000)]
    public async Task Stream_DepthDiffs_SnapshotFetchedAndBookInSync()
    {
        await using var f = await FakeServerFixture.StartAsync();
        f.Server.SetDepthSnapshot("BTCUSDT", Snapshot(100));
        var (stream, sink) = await StartAsync(f, "public", [Depth, Ticker]);
        await using (stream)
        {
            await FeedUntil(f, 95, () => Has(sink, FeedStateCode.BookInSync));
            var top = sink.WaitFor(e => e.Kind == InputKind.BookUpdate)!.Value;
            Assert.Equal(Price.FromDecimal(60000.0m), top.BidPrice);
            Assert.Equal(Price.FromDecimal(60010.0m), top.AskPrice);
            Assert.True(top.ReceiveTimeNs > 0 && top.ExchangeTimeNs > 0);
            Assert.Contains(f.Server.RequestLog, l => l == "GET /fapi/v1/depth?symbol=BTCUSDT&limit=1000");
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task Stream_DepthGapInjected_GapReportedAndBookResyncs()
    {
        await using var f = await FakeServerFixture.StartAsync();
        f.Server.SetDepthSnapshot("BTCUSDT", Snapshot(100));
        var (stream, sink) = await StartAsync(f, "public", [Depth]);
        await using (stream)
        {
            var last = await FeedUntil(f, 95, () => Has(sink, FeedStateCode.BookInSync));
            f.Server.Faults.ArmDepthGap();
            f.Server.SetDepthSnapshot("BTCUSDT", Snapshot(last + 4)); // inside the diff after the skipped one
            last = await FeedUntil(f, last, () => Has(sink, FeedStateCode.BookGap));
            await FeedUntil(f, last, () => stream.Pump.BookOf(0)!.Resyncs == 1);
            Assert.Equal(1, stream.Pump.BookOf(0)!.Gaps);
            Assert.True(Has(sink, FeedStateCode.BookResyncing));
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Stream_StallThenOnlyStaleSnapshots_SnapshotRequestsBackOffAndBookResyncs()
    {
        await using var f = await FakeServerFixture.StartAsync();
        f.Server.SetDepthSnapshot("BTCUSDT", Snapshot(100));
        var (stream, sink) = await StartAsync(f, "public", [Depth], staleAfter: TimeSpan.FromMilliseconds(400), snapshotRetry: TimeSpan.FromMilliseconds(100), maxSnapshotBackoff: TimeSpan.FromSeconds(1));
        await using (stream)
        {
            var last = await FeedUntil(f, 95, () => Has(sink, FeedStateCode.BookInSync));
            var book = stream.Pump.BookOf(0)!;
            var before = f.Server.DepthSnapshotRequests;

            // The venue's stream stalls for 1.5 s (the client goes stale and reconnects); the diffs meanwhile are
            // lost. For 2 s after it the depth endpoint still serves only the old snapshot, older than every diff
            // the client buffers, so no attempt can succeed.
            f.Server.Faults.ArmStall(TimeSpan.FromMilliseconds(1_500));
            var window = Environment.TickCount64 + 3_500;
            last = await FeedUntil(f, last, () => Environment.TickCount64 >= window);
            var requests = f.Server.DepthSnapshotRequests - before;
            Assert.True(f.Server.Faults.StalledFrames > 0, "the stall dropped nothing");
            Assert.True(stream.Connects >= 2, "the stall did not make the client reconnect");
            Assert.NotEqual(BookSyncState.Synced, book.State);
            Assert.True(requests >= 1, "no snapshot was requested after the stall");

            // Back-off from 100 ms doubling to 1 s, each wait at least half its nominal value: at most 10 attempts
            // fit into 3.5 s (today: one per arriving diff, hundreds). Each costs 20 of the 2400 weight per minute.
            Assert.True(requests <= 12, $"{requests} depth snapshot requests during the stall and its aftermath");
            Assert.True(requests * 20 < 2400 * 0.9);

            // The venue serves current snapshots again: the book recovers.
            last = await FeedUntil(f, last, () => book.State == BookSyncState.Synced, snapshotFollows: true);
            Assert.True(book.Resyncs >= 1);
            Assert.True(sink.Snapshot().FindLastIndex(e => e.Kind == InputKind.FeedState && e.Code == (ushort)FeedStateCode.BookInSync)
                > sink.Snapshot().FindLastIndex(e => e.Kind == InputKind.FeedState && e.Code == (ushort)FeedStateCode.BookResyncing));
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Stream_StallWhileVenueSnapshotsFollowItsBook_BookResyncsByItself()
    {
        // The fake answers /fapi/v1/depth from its own book (the snapshot given, then every diff it sent), as a venue
        // does: after the stall the client resyncs without the test touching the snapshot.
        await using var f = await FakeServerFixture.StartAsync(depthSnapshotsFromStream: true);
        f.Server.SetDepthSnapshot("BTCUSDT", Snapshot(100));
        var (stream, sink) = await StartAsync(f, "public", [Depth], staleAfter: TimeSpan.FromMilliseconds(400), snapshotRetry: TimeSpan.FromMilliseconds(100), maxSnapshotBackoff: TimeSpan.FromSeconds(1));
        await using (stream)
        {
            var last = await FeedUntil(f, 95, () => Has(sink, FeedStateCode.BookInSync));
            var book = stream.Pump.BookOf(0)!;
            f.Server.Faults.ArmStall(TimeSpan.FromMilliseconds(1_500));
            last = await FeedUntil(f, last, () => f.Server.Faults.StalledFrames > 0 && stream.Connects >= 2);
            await FeedUntil(f, last, () => book.Resyncs >= 1 && book.State == BookSyncState.Synced);
            Assert.Equal(Price.FromDecimal(60000.0m).Raw, book.Bids.BestPrice); // the venue's book, as served in its snapshot
            Assert.Equal(Price.FromDecimal(60010.0m).Raw, book.Asks.BestPrice);
            Assert.Equal(2, book.Bids.Count); // 59990 from the first snapshot, 60000 from the diffs
            Assert.True(f.Server.DepthSnapshotRequests <= 12, $"{f.Server.DepthSnapshotRequests} depth snapshot requests");
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task Stream_SocketDropped_DisconnectReportedAndReconnected()
    {
        await using var f = await FakeServerFixture.StartAsync();
        var (stream, sink) = await StartAsync(f, "public", [Ticker]);
        await using (stream)
        {
            f.Server.Faults.ArmDropWebSocket();
            await f.Server.PublishAsync(Ticker, """{"e":"bookTicker","u":1,"s":"BTCUSDT","b":"60000.0","B":"1","a":"60000.1","A":"1","T":1700000000000,"E":1700000000000}""");
            await Until(() => f.Server.ConnectionsAccepted == 2 && f.Server.OpenConnections == 1, message: () => $"accepted {f.Server.ConnectionsAccepted} open {f.Server.OpenConnections} connects {stream.Connects} events {string.Join(",", sink.Snapshot().Select(e => e.Kind + ":" + e.Code))}");
            Assert.True(Has(sink, FeedStateCode.Disconnected));
            await Until(() => stream.Connects == 2, message: () => $"err {stream.LastError} accepted {f.Server.ConnectionsAccepted} open {f.Server.OpenConnections} connects {stream.Connects} events {string.Join(",", sink.Snapshot().Select(e => e.Kind + ":" + e.Code + ":" + e.Aux0))}");
            Assert.Equal(2, sink.Snapshot().Count(e => e.Kind == InputKind.FeedState && e.Code == (ushort)FeedStateCode.Connected));
            // Resubscribed: data flows on the new connection.
            await f.Server.PublishAsync(Ticker, """{"e":"bookTicker","u":2,"s":"BTCUSDT","b":"60000.0","B":"1","a":"60000.1","A":"1","T":1700000000001,"E":1700000000001}""");
            Assert.NotNull(sink.WaitFor(e => e.Kind == InputKind.BookTicker && e.SourceSequence == 2));
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task Stream_NoData_StaleReportedAndReconnected()
    {
        await using var f = await FakeServerFixture.StartAsync();
        var (stream, sink) = await StartAsync(f, "public", [Ticker], staleAfter: TimeSpan.FromMilliseconds(300));
        await using (stream)
        {
            await Until(() => stream.StaleEvents >= 1 && stream.Connects >= 2);
            Assert.True(Has(sink, FeedStateCode.Stale));
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task Stream_MalformedFrame_CountedAndStreamContinues()
    {
        await using var f = await FakeServerFixture.StartAsync();
        var (stream, sink) = await StartAsync(f, "public", [Ticker]);
        await using (stream)
        {
            f.Server.Faults.ArmMalformedFrame();
            await f.Server.PublishAsync(Ticker, """{"e":"bookTicker","u":1,"s":"BTCUSDT","b":"60000.0","B":"1","a":"60000.1","A":"1","T":1700000000000,"E":1700000000000}""");
            await f.Server.PublishAsync(Ticker, """{"e":"bookTicker","u":2,"s":"BTCUSDT","b":"60000.0","B":"1","a":"60000.1","A":"1","T":1700000000001,"E":1700000000001}""");
            Assert.NotNull(sink.WaitFor(e => e.Kind == InputKind.BookTicker && e.SourceSequence == 2));
            Assert.Equal(1, stream.Pump.Parser.TotalErrors);
            Assert.Single(sink.OfKind(InputKind.BookTicker));
            Assert.Equal(1, stream.Connects);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task Publish_MarketStreamOnPublicRoute_Silence()
    {
        await using var f = await FakeServerFixture.StartAsync();
        var (stream, _) = await StartAsync(f, "public", ["btcusdt@aggTrade"]);
        await using (stream)
        {
            var sent = await f.Server.PublishAsync("btcusdt@aggTrade", """{"e":"aggTrade","E":1,"a":1,"s":"BTCUSDT","p":"1","q":"1","f":1,"l":1,"T":1,"m":true}""");
            Assert.Equal(0, sent);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task Stream_ServerPingsWithShortPongTimeout_ClientAnswersAndStaysConnected()
    {
        await using var f = await FakeServerFixture.StartAsync(pingInterval: TimeSpan.FromMilliseconds(50), pongTimeout: TimeSpan.FromMilliseconds(250));

        // Control: a socket that never reads never answers pings, and the server drops it.
        using (var mute = new System.Net.WebSockets.ClientWebSocket())
        {
            mute.Options.KeepAliveInterval = TimeSpan.Zero;
            await mute.ConnectAsync(new Uri(f.Server.WebSocketBase, "/public/stream?streams=" + Ticker), CancellationToken.None);
            await Until(() => f.Server.OpenConnections == 1);
            await Until(() => f.Server.OpenConnections == 0);
        }

        var (stream, sink) = await StartAsync(f, "public", [Ticker]);
        await using (stream)
        {
            // Eight pong timeouts without any data: the client's pongs keep the connection open.
            var until = Environment.TickCount64 + 2_000;
            while (Environment.TickCount64 < until)
            {
                Assert.Equal(1, f.Server.OpenConnections);
                await Task.Delay(50);
            }

            Assert.Equal(1, stream.Connects);
            Assert.False(Has(sink, FeedStateCode.Disconnected));
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task Stream_OneSymbolSilent_StaleForThatSymbolThenFresh()
    {
        await using var f = await FakeServerFixture.StartAsync();
        f.Instruments.Add(Venue.BinanceUsdM, "ETHUSDT", Price.FromDecimal(0.01m), Quantity.FromDecimal(0.001m), 0);
        var (stream, sink) = await StartAsync(f, "public", [Ticker, "ethusdt@bookTicker"], staleAfter: TimeSpan.FromSeconds(1));
        await using (stream)
        {
            long u = 0;
            bool EthStale() => sink.Snapshot().Exists(e => e.Kind == InputKind.FeedState && e.SymbolId == 1 && e.Code == (ushort)FeedStateCode.Stale);
            var deadline = Environment.TickCount64 + 10_000;
            while (!EthStale())
            {
                Assert.True(Environment.TickCount64 < deadline, "no per-symbol stale event");
                await f.Server.PublishAsync(Ticker, FormattableString.Invariant($"{{\"e\":\"bookTicker\",\"u\":{++u},\"s\":\"BTCUSDT\",\"b\":\"60000.0\",\"B\":\"1\",\"a\":\"60000.1\",\"A\":\"1\",\"T\":1700000000000,\"E\":1700000000000}}"));
                await Task.Delay(50);
            }

            Assert.DoesNotContain(sink.Snapshot(), e => e.Kind == InputKind.FeedState && e.SymbolId == 0 && e.Code == (ushort)FeedStateCode.Stale);
            Assert.Equal(1, stream.Connects); // the connection itself stayed healthy
            // Data for the silent symbol resumes (published until seen: one frame can race the subscription under load).
            bool EthFresh() => sink.Snapshot().Exists(e => e.Kind == InputKind.FeedState && e.SymbolId == 1 && e.Code == (ushort)FeedStateCode.Fresh);
            deadline = Environment.TickCount64 + 20_000;
            long ethU = 0;
            while (!EthFresh())
            {
                Assert.True(Environment.TickCount64 < deadline, "no per-symbol fresh event after data resumed");
                await f.Server.PublishAsync("ethusdt@bookTicker", FormattableString.Invariant($"{{\"e\":\"bookTicker\",\"u\":{++ethU},\"s\":\"ETHUSDT\",\"b\":\"3000.00\",\"B\":\"1\",\"a\":\"3000.01\",\"A\":\"1\",\"T\":1700000000000,\"E\":1700000000000}}"));
                await Task.Delay(50);
            }
        }
    }
}
