using QuantumTrader.Stages.Features;
using QuantumTrader.Stages.Inference;
using QuantumTrader.Model;
using Xunit;
using QuantumTrader.Testing.Inference;

namespace QuantumTrader.Stages.Tests.Inference;

public sealed class InferenceStageTests
{
    private const int Width = 4;

    [Fact]
    public void OnEvent_TwoVectorsOfOneSymbolInABatch_InfersOnceOnTheLatest()
    {
        var model = new StubClassifier("m", 0, 0, 0) { Mode = StubClassifier.Behaviour.FollowsFirstFeature };
        var stage = Stage(new InferenceOptions(), model, 1);
        var slots = new[] { Vector(0, -1f), Vector(0, +1f), Market(0) };

        Run(stage, slots, batchEnds: [2]);

        Assert.Equal(1, model.Calls);
        Assert.False(slots[0].Inferred);
        Assert.False(slots[1].Inferred);
        Assert.True(slots[2].Inferred);
        Assert.Equal(Side.Buy, slots[2].EnsembleSide);
        Assert.Equal(1, slots[2].FeaturesSequence);
        Assert.Equal(1, stage.Counters.Conflated);
    }

    [Fact]
    public void OnEvent_TwoSymbolsInABatch_OneResultPerSlotInSymbolOrder()
    {
        var model = new StubClassifier("m", 0, 0, 0) { Mode = StubClassifier.Behaviour.FollowsFirstFeature };
        var stage = Stage(new InferenceOptions(), model, 3);
        var slots = new[] { Vector(2, -1f), Vector(0, +1f), Market(1), Market(1) };

        Run(stage, slots, batchEnds: [2, 3]);

        Assert.Equal(2, model.Calls);
        Assert.True(slots[2].Inferred);
        Assert.Equal(0, slots[2].InferenceSymbolId); // the batch's last slot is symbol 1 (no result): lowest id first
        Assert.Equal(Side.Buy, slots[2].EnsembleSide);
        Assert.True(slots[3].Inferred);
        Assert.Equal(2, slots[3].InferenceSymbolId);
        Assert.Equal(Side.Sell, slots[3].EnsembleSide);
        Assert.Equal(0, slots[3].FeaturesSequence);
    }

    [Fact]
    public void OnEvent_WithoutConflation_EveryVectorInferredOnItsOwnSlot()
    {
        var model = new StubClassifier("m", 0, 0, 0) { Mode = StubClassifier.Behaviour.FollowsFirstFeature };
        var stage = Stage(new InferenceOptions { ConflatePerBatch = false }, model, 1);
        var slots = new[] { Vector(0, -1f), Vector(0, +1f), Market(0) };

        Run(stage, slots, batchEnds: [2]);

        Assert.Equal(2, model.Calls);
        Assert.Equal(Side.Sell, slots[0].EnsembleSide);
        Assert.Equal(Side.Buy, slots[1].EnsembleSide);
        Assert.False(slots[2].Inferred);
    }

    [Fact]
    public void OnEvent_AllModelsFail_InferredButFailedClosedToHold()
    {
        var model = new StubClassifier("m", 0, 0, 0) { Mode = StubClassifier.Behaviour.Throws };
        var stage = Stage(new InferenceOptions(), model, 1);
        var slots = new[] { Vector(0, 1f) };

        Run(stage, slots, batchEnds: [0]);

        Assert.True(slots[0].Inferred);
        Assert.True(slots[0].InferenceFailedClosed);
        Assert.Equal(Side.None, slots[0].EnsembleSide);
        Assert.Equal(1, stage.Counters.FailedClosed);
    }

    [Fact]
    public void OnEvent_WrongFeatureCount_RefusedNotInferred()
    {
        var model = new StubClassifier("m", 0, 0, 1);
        var stage = Stage(new InferenceOptions(), model, 1);
        var slot = Vector(0, 1f);
        slot.FeatureCount = Width + 1;

        Run(stage, [slot], batchEnds: [0]);

        Assert.Equal(0, model.Calls);
        Assert.Equal(1, stage.Counters.BadVector);
    }

    [Fact]
    public void OnEvent_SwapControlEventMatchingStagedSet_NextInferenceUsesNewModels()
    {
        var oldModel = new StubClassifier("old", 0, 0, 1);
        var newModel = new StubClassifier("new", 1, 0, 0);
        var mailbox = new ModelSwapMailbox();
        var options = new InferenceOptions();
        var oldSet = new Ensemble([oldModel], [1.0], 1, 0);
        var stage = new InferenceStage(options, oldSet, Width, 1, mailbox);
        var newSet = new Ensemble([newModel], [1.0], 1, 0);
        mailbox.Stage(7, newSet);

        var wrong = Control(options.SwapModelControlCode, 7, newSet.Hash + 1);
        var right = Control(options.SwapModelControlCode, 7, newSet.Hash);
        var slots = new[] { wrong, right, Vector(0, 1f) };
        Run(stage, slots, batchEnds: [0, 1, 2]);

        Assert.Equal(1, stage.Counters.SwapsRefused);
        Assert.Equal(1, stage.Counters.SwapsApplied);
        Assert.Same(newSet, stage.ActiveEnsemble);
        Assert.Equal(Side.Sell, slots[2].EnsembleSide);
        Assert.Equal(newSet.Hash, slots[2].EnsembleHash);
        Assert.Equal(0, oldModel.Calls);
        Assert.Same(oldSet, mailbox.CollectRetired());
        Assert.Null(mailbox.CollectRetired());
    }

    [Fact]
    public void OnEvent_RealDefaultModelOnSlotsFromFeaturesStage_AllocatesNothingPerEvent()
    {
        using var ensemble = Ensemble.Load(new InferenceOptions { Models = [new ModelSpec(DefaultModel.Path, 1.0)] }, FeatureSchemas.Current, DefaultModel.Serving);
        var stage = new InferenceStage(new InferenceOptions(), ensemble, FeatureSchemas.Current.Count, 2, new ModelSwapMailbox());
        var slot = new InputEvent { Kind = InputKind.Trade, FeaturesReady = true, FeatureCount = (byte)FeatureSchemas.Current.Count };
        DefaultModel.Vector(3).CopyTo(slot.Features);
        for (var i = 0; i < 100; i++)
        {
            slot.FeaturesReady = true;
            stage.OnEvent(ref slot, i, endOfBatch: true);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            slot.FeaturesReady = true;
            stage.OnEvent(ref slot, i, endOfBatch: true);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(slot.Inferred);
        Assert.Equal(ensemble.Hash, slot.EnsembleHash);
    }

    private static InferenceStage Stage(InferenceOptions options, StubClassifier model, int symbols)
        => new(options, new Ensemble([model], [1.0], 1, 0), Width, symbols, new ModelSwapMailbox());

    private static void Run(InferenceStage stage, InputEvent[] slots, int[] batchEnds)
    {
        for (var i = 0; i < slots.Length; i++)
        {
            stage.OnEvent(ref slots[i], i, endOfBatch: batchEnds.Contains(i));
        }
    }

    private static InputEvent Vector(ushort symbol, float first)
    {
        var e = new InputEvent { Kind = InputKind.Trade, SymbolId = symbol, Valid = true, FeaturesReady = true, FeatureCount = Width, FeaturesTimeNs = 1_000 };
        e.Features[0] = first;
        return e;
    }

    private static InputEvent Market(ushort symbol) => new() { Kind = InputKind.BookTicker, SymbolId = symbol, Valid = true };

    private static InputEvent Control(ushort code, long generation, long hash) => new() { Kind = InputKind.Control, Code = code, Aux0 = generation, Aux1 = hash };
}
