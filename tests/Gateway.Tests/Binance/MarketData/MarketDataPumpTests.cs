using QuantumTrader.Gateway.Binance.Capture;
using QuantumTrader.Gateway.Binance.MarketData;
using QuantumTrader.Model;
using QuantumTrader.Model.Ports;
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

        Assert.Equal(QuantumTrader.Gateway.Binance.MarketData.BookSyncState.Synced, pump.BookOf(0)!.State);
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
}
