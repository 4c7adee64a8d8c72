using System.Diagnostics;
using QuantumTrader.Engine.Time;
using QuantumTrader.Gateway.Binance.Capture;
using QuantumTrader.Gateway.Binance.Http;
using QuantumTrader.Gateway.Binance.MarketData;
using QuantumTrader.Gateway.Binance.WebSocket;
using QuantumTrader.Gateway.Fake;
using QuantumTrader.Model;
using QuantumTrader.Testing;
using QuantumTrader.Testing.Ports;

namespace QuantumTrader.Gateway.Tests.Fake;

/// <summary>The fake replays the recorded cryptofeed capture byte for byte; the real client rebuilds the four books from it.</summary>
[Trait("Category", "Integration")]
public sealed class FakeBinanceServerReplayTests
{
    [Fact(Timeout = 60_000)]
    public async Task ReplayAsync_RecordedCapture_ClientBooksSyncOverLoopback()
    {
        await using var server = await FakeBinanceServer.StartAsync(new FakeBinanceOptions { ApiKey = "k", SecretKey = "s", Symbols = [] });
        var instruments = new InstrumentRegistry();
        string[] symbols = ["SUSHIUSDT", "AKROUSDT", "KEEPUSDT", "CTKUSDT"];
        foreach (var s in symbols)
        {
            instruments.Add(Venue.BinanceUsdM, s, new Price(1), new Quantity(1), 0);
        }

        using var rest = new BinanceRestClient(server.RestBase, null, EpochClock.Instance);
        var sink = new RecordingSink();
        var streams = symbols.SelectMany(s => new[] { s.ToLowerInvariant() + "@depth@100ms", s.ToLowerInvariant() + "@bookTicker" }).ToArray();
        await using var client = new BinanceMarketStream(
            new MarketStreamOptions { WebSocketBase = server.WebSocketBase, Route = "public", Streams = streams, SnapshotRetryDelay = TimeSpan.FromMilliseconds(50) },
            instruments,
            sink,
            EpochClock.Instance,
            async (symbol, ct) =>
            {
                var r = await rest.GetDepthSnapshotAsync(symbol, 1000, ct);
                return r.Outcome == RestOutcome.Ok ? r.Body : null;
            });
        client.Start();
        var deadline = Environment.TickCount64 + 10_000;
        while (server.OpenConnections == 0 || client.Connects == 0)
        {
            Assert.True(Environment.TickCount64 < deadline);
            await Task.Delay(5);
        }

        // Recorded pacing compressed 20x (the 30 s capture in ~1.5 s).
        var watch = Stopwatch.StartNew();
        long first = 0;
        using var reader = CaptureFormat.Open(TestPaths.Data("binance", "cryptofeed-binance-futures", "BINANCE_FUTURES.ws.1.0"));
        var sent = await server.ReplayAsync(reader, async ns =>
        {
            first = first == 0 ? ns : first;
            var due = TimeSpan.FromTicks((ns - first) / 100 / 20);
            if (due > watch.Elapsed)
            {
                await Task.Delay(due - watch.Elapsed);
            }
        });

        Assert.True(sent == 764 + 613, $"sent {sent}, connects {client.Connects}, last error {client.LastError}"); // aggTrade/kline frames belong to /market
        deadline = Environment.TickCount64 + 10_000;
        while (client.Pump.Parser.CountOf(QuantumTrader.Gateway.Binance.MarketData.FrameKind.DepthUpdate) + client.Pump.Parser.CountOf(QuantumTrader.Gateway.Binance.MarketData.FrameKind.BookTicker) < sent)
        {
            Assert.True(Environment.TickCount64 < deadline, "client did not receive every frame");
            await Task.Delay(5);
        }

        foreach (var s in symbols)
        {
            instruments.TryGet(s, out var instrument);
            var book = client.Pump.BookOf(instrument.Id)!;
            Assert.True(book.State == BookSyncState.Synced && book.Gaps == 0,
                $"{s}: {book.State}, gaps {book.Gaps}, stale snapshots {book.StaleSnapshots}, overflows {book.BufferOverflows}, last error {client.LastError}");
        }

        Assert.Equal(0, client.Pump.Parser.TotalErrors);
    }
}
