using QuantumTrader.Stages.Inference;
using QuantumTrader.Stages.Journaling;
using QuantumTrader.Stages.Tests.Inference;
using Xunit;
using QuantumTrader.Testing.Inference;

namespace QuantumTrader.Stages.Tests.Journaling;

public sealed class ModelLoadRecordTests
{
    [Fact]
    public void WriteThenRead_EveryModelOfASet_RoundTripsHashShaWeightPathAndFlags()
    {
        using var set = new Ensemble(
            [new StubClassifier("a", 0, 0, 1), new RefusedClassifier("/m/b.onnx", "no sidecar")],
            [1.5, 0.5],
            1,
            0,
            ["/models/ä.onnx", "/m/b.onnx"]);
        var buffer = new byte[1024];

        var size = ModelLoadRecord.Write(buffer, 7, set, 0, applied: true);
        Assert.True(ModelLoadRecord.TryRead(buffer.AsSpan(0, size), ModelLoadRecord.Version, out var first));
        var refusedSize = ModelLoadRecord.Write(buffer, 7, set, 1, applied: true);
        Assert.True(ModelLoadRecord.TryRead(buffer.AsSpan(0, refusedSize), ModelLoadRecord.Version, out var second));

        Assert.Equal(ModelLoadRecord.SizeOf(set.Sources[0]), size);
        Assert.Equal(new ModelLoad(7, set.Hash, 0, 2, true, false, 1, 0, 1.5, set.Models[0].Sha256, "/models/ä.onnx"), first);
        Assert.True(second.Refused);
        Assert.Equal("/m/b.onnx", second.Path);
        Assert.False(ModelLoadRecord.TryRead(buffer.AsSpan(0, size - 1), ModelLoadRecord.Version, out _)); // short payload
        Assert.False(ModelLoadRecord.TryRead(buffer.AsSpan(0, size), ModelLoadRecord.Version + 1, out _)); // newer version
    }

    [Fact]
    public void Mailbox_TwoStagedSetsBeforeEitherIsTaken_EachSwapTakesItsOwn()
    {
        var mailbox = new ModelSwapMailbox();
        var start = new Ensemble([new StubClassifier("s", 0, 1, 0)], [1.0], 1, 0);
        var one = new Ensemble([new StubClassifier("one", 1, 0, 0)], [1.0], 1, 0);
        var two = new Ensemble([new StubClassifier("two", 0, 0, 1)], [2.0], 1, 0);
        mailbox.Start(start);
        mailbox.Stage(1, one);
        mailbox.Stage(2, two);

        Assert.True(mailbox.TryTake(1, one.Hash, start, out var first));
        Assert.True(mailbox.TryTake(2, two.Hash, one, out var second));

        Assert.Same(one, first);
        Assert.Same(two, second);
        Assert.True(mailbox.Find(1)!.Taken);
        Assert.Same(start, mailbox.CollectRetired()); // replaced by generation 1
        Assert.Same(one, mailbox.CollectRetired()); // replaced by generation 2
        Assert.Null(mailbox.CollectRetired());
        Assert.NotNull(mailbox.Find(2)); // the live set stays
    }
}
