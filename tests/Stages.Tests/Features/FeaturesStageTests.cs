using QuantumTrader.Stages.Features;
using QuantumTrader.Model;
using QuantumTrader.Testing.Features;
using Xunit;

namespace QuantumTrader.Stages.Tests.Features;

public sealed class FeaturesStageTests
{
    [Fact]
    public void OnEvent_SameEventsAsEngine_WritesIdenticalVectorsIntoSlots()
    {
        var series = new CandleSeries(3, 230);
        var events = CandleEvents.Build(series);
        var expected = FeatureEngineTests.Run(new FeatureEngine(new FeatureOptions(), 1), events);
        var stage = new FeaturesStage(new FeatureOptions(), 1);
        var got = new List<(long, float[])>();
        var slot = default(InputEvent);
        long sequence = 0;
        foreach (var e in events)
        {
            var previousFeatures = slot.Features;
            slot = e;
            slot.Features = previousFeatures; // the ring reuses slots: a stale vector is left in place
            stage.OnEvent(ref slot, sequence++, endOfBatch: true);
            if (slot.FeaturesReady)
            {
                Assert.Equal(FeatureIndex.Count, slot.FeatureCount);
                ReadOnlySpan<float> f = slot.Features;
                got.Add((slot.FeaturesTimeNs, f[..FeatureIndex.Count].ToArray()));
            }
            else
            {
                Assert.Equal(0, slot.FeatureCount);
                Assert.Equal(0, slot.FeaturesTimeNs);
                ReadOnlySpan<float> f = slot.Features;
                Assert.True(f.IndexOfAnyExcept(0f) < 0, "a slot without a fresh vector must carry no stale features");
            }
        }

        Assert.NotEmpty(got);
        Assert.Equal(expected.Count, got.Count);
        for (var i = 0; i < got.Count; i++)
        {
            Assert.Equal(expected[i].TimeNs, got[i].Item1);
            Assert.Equal(expected[i].Features, got[i].Item2);
        }
    }
}
