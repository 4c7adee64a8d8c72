using QuantumTrader.Testing.Sources;
using System.Runtime.InteropServices;
using QuantumTrader.Training;
using QuantumTrader.Runtime.Sources;
using QuantumTrader.Model.Ports;
using QuantumTrader.Stages.Features;
using QuantumTrader.Model;
using Xunit;

namespace QuantumTrader.Training.Tests;

public sealed class DatasetBuilderTests
{
    private const long Start = 1_700_000_000_000_000_000L;
    private const long Minute = 60_000_000_000L;

    [Fact]
    public void ComputeVectors_SyntheticMarket_ByteIdenticalToFeaturesStageSlots()
    {
        var source = new SyntheticEventSource(5, 2, Start, 20_000);
        var training = DatasetBuilder.ComputeVectors(source, new FeatureOptions(), 2, out _);

        var stage = new FeaturesStage(new FeatureOptions(), 2);
        var serving = new List<(ushort, long, byte[])>();
        long sequence = 0;
        foreach (var e in SourceEvents.Collect(source))
        {
            var slot = e;
            stage.OnEvent(ref slot, sequence++, endOfBatch: true);
            if (slot.FeaturesReady)
            {
                ReadOnlySpan<float> f = slot.Features;
                serving.Add((slot.SymbolId, slot.FeaturesTimeNs, MemoryMarshal.AsBytes(f[..slot.FeatureCount]).ToArray()));
            }
        }

        Assert.True(training.Count > 100);
        Assert.Equal(serving.Count, training.Count);
        for (var i = 0; i < training.Count; i++)
        {
            Assert.Equal(serving[i].Item1, training[i].SymbolId);
            Assert.Equal(serving[i].Item2, training[i].TimeNs);
            Assert.Equal(serving[i].Item3, MemoryMarshal.AsBytes(training[i].Features.AsSpan()).ToArray());
        }
    }

    [Fact]
    public void Build_SyntheticMarket_LabelsMatchForwardReturnOfLastTradePrices()
    {
        var source = new SyntheticEventSource(9, 2, Start, 20_000);
        var options = new TrainingOptions { SymbolCount = 2, HorizonCandles = 3, DeadBandBps = 12 };
        var rows = DatasetBuilder.Build(source, options);

        // Independent reference: last trade price of every minute, straight from the events.
        var lastPrice = new SortedDictionary<long, double>[2] { new(), new() };
        foreach (var e in SourceEvents.Collect(source))
        {
            if (e.Kind == InputKind.Trade)
            {
                lastPrice[e.SymbolId][e.ExchangeTimeNs / Minute] = e.Price.ToDouble();
            }
        }

        Assert.True(rows.Count > 100);
        Assert.Contains(rows, r => r.Label == DatasetBuilder.Buy);
        Assert.Contains(rows, r => r.Label == DatasetBuilder.Sell);
        Assert.Contains(rows, r => r.Label == DatasetBuilder.Hold);
        foreach (var row in rows)
        {
            var minute = (row.TimeNs / Minute) - 1; // the candle that closed at TimeNs
            var now = lastPrice[row.SymbolId][minute];
            var later = lastPrice[row.SymbolId][minute + 3];
            var r = Math.Log(later / now);
            Assert.Equal(r, row.ForwardReturn, 12);
            Assert.Equal(r > 0.0012 ? DatasetBuilder.Buy : r < -0.0012 ? DatasetBuilder.Sell : DatasetBuilder.Hold, row.Label);
        }

        // The last minute never closes and the last three closed candles have no complete horizon.
        var lastClosedMinute = lastPrice[0].Keys.Max() - 1;
        Assert.DoesNotContain(rows, r => r.SymbolId == 0 && (r.TimeNs / Minute) - 1 + 3 > lastClosedMinute);
    }

    [Theory]
    [InlineData(5, true, 1.0)]
    [InlineData(10, true, 2.0)]
    [InlineData(15, true, 2.0)]  // a minute without trades keeps the previous close
    [InlineData(20, true, 3.0)]
    [InlineData(21, false, 0)]   // past the data: unknown, never guessed
    [InlineData(4, false, 0)]    // before the data
    public void TryCloseAsOf_Times_LastCloseAtOrBefore(long time, bool found, double close)
    {
        var closes = new List<(long, double)> { (5, 1.0), (10, 2.0), (20, 3.0) };

        Assert.Equal(found, DatasetBuilder.TryCloseAsOf(closes, time, out var c));
        Assert.Equal(close, c);
    }
}
