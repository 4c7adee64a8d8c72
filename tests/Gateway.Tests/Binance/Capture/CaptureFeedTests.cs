using QuantumTrader.Gateway.Binance.Capture;
using QuantumTrader.Model;
using QuantumTrader.Testing;
using QuantumTrader.Testing.Ports;

namespace QuantumTrader.Gateway.Tests.Binance.Capture;

public sealed class CaptureFeedTests
{
    [Fact]
    public void TryPumpNext_CryptofeedCapture_EventsForRegisteredSymbolsOnlyAndTimesNonDecreasing()
    {
        var instruments = new InstrumentRegistry();
        instruments.Add(Venue.BinanceUsdM, "SUSHIUSDT", Price.FromDecimal(0.001m), Quantity.FromDecimal(1m), 0);
        var sink = new RecordingSink();
        using var feed = new CaptureFeed(CaptureFormat.Open(TestPaths.Data("binance", "cryptofeed-binance-futures", "BINANCE_FUTURES.ws.1.0")), instruments, sink);
        long last = 0;
        while (feed.TryPumpNext(out var ns))
        {
            Assert.True(ns >= last);
            last = ns;
        }

        Assert.Equal(1535 + 4, feed.Frames);
        var events = sink.Snapshot();
        Assert.All(events, e => Assert.Equal((ushort)0, e.SymbolId));
        Assert.Contains(events, e => e.Kind == InputKind.BookUpdate);
        Assert.Contains(events, e => e.Kind == InputKind.FeedState && e.Code == (ushort)FeedStateCode.BookInSync);
        Assert.True(feed.Pump.Parser.ErrorsOf(QuantumTrader.Gateway.Binance.MarketData.FrameError.UnknownSymbol) > 0);
    }

    [Fact]
    public void TryPumpNext_StampFunction_EventsCarryTheStampAndRejectedFramesAreCounted()
    {
        var instruments = new InstrumentRegistry();
        instruments.Add(Venue.BinanceUsdM, "SUSHIUSDT", Price.FromDecimal(0.001m), Quantity.FromDecimal(1m), 0);
        var sink = new RecordingSink();
        var recorded = new List<long>();
        using var feed = new CaptureFeed(
            CaptureFormat.Open(TestPaths.Data("binance", "cryptofeed-binance-futures", "BINANCE_FUTURES.ws.1.0")),
            instruments,
            sink,
            ns =>
            {
                recorded.Add(ns);
                return 42_000 + recorded.Count; // the replay's own clock
            });
        while (feed.TryPumpNext(out _))
        {
        }

        Assert.Equal(feed.Frames, recorded.Count);
        Assert.NotEmpty(sink.Snapshot());
        Assert.All(sink.Snapshot(), e => Assert.InRange(e.ReceiveTimeNs, 42_001, 42_000 + recorded.Count));
        Assert.True(feed.RejectedFrames > 0); // the other three symbols are not registered
    }
}
