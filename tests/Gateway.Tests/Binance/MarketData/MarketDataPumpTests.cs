using QuantumTrader.Gateway.Binance.Capture;
using QuantumTrader.Gateway.Binance.MarketData;
using QuantumTrader.Stages.Model;
using QuantumTrader.Stages.Ports;
using QuantumTrader.Testing;

namespace QuantumTrader.Gateway.Tests.Binance.MarketData;

public sealed class MarketDataPumpTests
{
    private sealed class CountingSink : IInputSink
    {
        public long BookUpdates;
        public long Trades;
        public InputEvent Last;

        public void Publish(in InputEvent input)
        {
            Last = input;
            if (input.Kind == InputKind.BookUpdate)
            {
                BookUpdates++;
            }
            else if (input.Kind == InputKind.Trade)
            {
                Trades++;
            }
        }
    }

    [Fact]
    public void OnStreamFrame_RecordedCaptureAfterWarmUp_NoAllocationAndBookUpdates()
    {
        var frames = new List<(byte[] Payload, long Ns)>();
        using (var reader = CaptureFormat.Open(TestPaths.Data("binance", "hftbacktest-usdm", "btcusdt_20240808.gz")))
        {
            while (frames.Count < 40_000 && reader.TryRead(out var f))
            {
                frames.Add((f.Payload.ToArray(), f.ReceiveTimeNs));
            }
        }

        var instruments = new InstrumentRegistry();
        instruments.Add(Venue.BinanceUsdM, "BTCUSDT", Price.FromDecimal(0.1m), Quantity.FromDecimal(0.001m), 0);
        var sink = new CountingSink();
        var pump = new MarketDataPump(instruments, sink);
        for (var i = 0; i < 10_000; i++)
        {
            pump.OnStreamFrame(frames[i].Payload, frames[i].Ns);
        }

        Assert.Equal(QuantumTrader.Gateway.Binance.OrderBook.BookSyncState.Synced, pump.BookOf(0)!.State);
        var updatesBefore = sink.BookUpdates;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 10_000; i < frames.Count; i++)
        {
            pump.OnStreamFrame(frames[i].Payload, frames[i].Ns);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(sink.BookUpdates - updatesBefore > 1000);
        Assert.Equal(0, pump.Parser.TotalErrors);
        Assert.Equal(0, pump.BookOf(0)!.Gaps);
    }

    [Fact]
    public void OnStreamFrame_MarkPriceAndBookTicker_ReferencePriceMarkWins()
    {
        var instruments = new InstrumentRegistry();
        instruments.Add(Venue.BinanceUsdM, "BTCUSDT", Price.FromDecimal(0.1m), Quantity.FromDecimal(0.001m), 0);
        var prices = new QuantumTrader.Gateway.Binance.Http.ReferencePrices(1);
        var pump = new MarketDataPump(instruments, new CountingSink()) { ReferencePrices = prices };
        pump.OnStreamFrame("""{"e":"bookTicker","u":1,"s":"BTCUSDT","b":"100.0","B":"1","a":"100.2","A":"1","T":1,"E":1}"""u8, 1);
        Assert.Equal(Price.FromDecimal(100.1m).Raw, prices.Get(0));
        pump.OnStreamFrame("""{"e":"markPriceUpdate","E":2,"s":"BTCUSDT","p":"99.5","P":"99.5","i":"99.5","r":"0.0001","T":3}"""u8, 2);
        pump.OnStreamFrame("""{"e":"bookTicker","u":2,"s":"BTCUSDT","b":"101.0","B":"1","a":"101.2","A":"1","T":4,"E":4}"""u8, 3);
        Assert.Equal(Price.FromDecimal(99.5m).Raw, prices.Get(0));
    }
}
