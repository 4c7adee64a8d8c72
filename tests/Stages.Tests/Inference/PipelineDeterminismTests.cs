using QuantumTrader.Stages.Features;
using QuantumTrader.Stages.Inference;
using QuantumTrader.Model;
using QuantumTrader.Stages.Signal;
using Xunit;

namespace QuantumTrader.Stages.Tests.Inference;

public sealed class PipelineDeterminismTests
{
    [Fact]
    public void FeaturesInferenceSignal_SameEventsTwice_IdenticalDecisionRecords()
    {
        var first = Run(conflate: false);
        var second = Run(conflate: false);

        Assert.True(first.Count > 500, $"only {first.Count} inferences");
        Assert.Equal(first, second);
        Assert.Contains(first, d => d.Signal == Side.Buy);
        Assert.Contains(first, d => d.Signal == Side.Sell);
        Assert.Contains(first, d => d.Signal == Side.None);
    }

    [Fact]
    public void InferenceStage_ConflationWithEveryEventABatch_SameDecisionsAsWithoutConflation()
    {
        Assert.Equal(Run(conflate: false), Run(conflate: true));
    }

    [Fact]
    public void FeaturesInferenceSignal_AfterWarmUp_AllocateNothingPerEvent()
    {
        var events = new SyntheticMarket(77, 2, 1_700_000_000_000_000_000L, 30_000).Events().ToArray();
        using var ensemble = Ensemble.Load(new InferenceOptions { Models = [new ModelSpec(DefaultModel.Path, 1.0)] }, FeatureSchemas.Current, DefaultModel.Serving);
        var features = new FeaturesStage(new FeatureOptions(), 2);
        var inference = new InferenceStage(new InferenceOptions(), ensemble, FeatureSchemas.Current.Count, 2, new ModelSwapMailbox());
        var signal = new SignalStage(new SignalOptions(), 2, FlatPositionView.Instance, new CorrelationMatrix(2));
        var half = events.Length / 2;
        var inferred = 0;
        void Step(int i)
        {
            ref var slot = ref events[i];
            features.OnEvent(ref slot, i, true);
            inference.OnEvent(ref slot, i, true);
            signal.OnEvent(ref slot, i, true);
            inferred += slot.Inferred ? 1 : 0;
        }

        for (var i = 0; i < half; i++)
        {
            Step(i);
        }

        inferred = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = half; i < events.Length; i++)
        {
            Step(i);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(inferred > 100, $"only {inferred} inferences measured");
        Assert.Equal(0, allocated);
    }

    private static List<Decision> Run(bool conflate)
    {
        using var ensemble = Ensemble.Load(new InferenceOptions { Models = [new ModelSpec(DefaultModel.Path, 1.0)] }, FeatureSchemas.Current, DefaultModel.Serving);
        var features = new FeaturesStage(new FeatureOptions(), 2);
        var inference = new InferenceStage(new InferenceOptions { ConflatePerBatch = conflate }, ensemble, FeatureSchemas.Current.Count, 2, new ModelSwapMailbox());
        var signal = new SignalStage(new SignalOptions { MinConfidence = 0.5, SymbolCooldownNs = 0, MaxSignalsPerMinute = 1000 }, 2, FlatPositionView.Instance, null);
        var decisions = new List<Decision>();
        long sequence = 0;
        foreach (var e in new SyntheticMarket(2024, 2, 1_700_000_000_000_000_000L, 40_000).Events())
        {
            var slot = e;
            features.OnEvent(ref slot, sequence, true);
            inference.OnEvent(ref slot, sequence, true);
            signal.OnEvent(ref slot, sequence, true);
            if (slot.Inferred)
            {
                decisions.Add(new Decision(sequence, slot.InferenceSymbolId, slot.FeaturesSequence, slot.ProbSell, slot.ProbHold, slot.ProbBuy, slot.EnsembleSide, slot.ModelVotes, slot.EnsembleHash, slot.SignalSide, slot.Confidence, slot.SignalReason));
            }

            sequence++;
        }

        return decisions;
    }

    private readonly record struct Decision(long Sequence, ushort Symbol, long FeaturesSequence, float Sell, float Hold, float Buy, Side Ensemble, ulong Votes, long Hash, Side Signal, float Confidence, byte Reason);
}
