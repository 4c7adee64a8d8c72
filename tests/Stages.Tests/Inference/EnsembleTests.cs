using QuantumTrader.Stages.Inference;
using QuantumTrader.Stages.Model;
using Xunit;

namespace QuantumTrader.Stages.Tests.Inference;

public sealed class EnsembleTests
{
    [Theory]
    [InlineData(StubClassifier.Behaviour.Throws)]
    [InlineData(StubClassifier.Behaviour.ReturnsNaN)]
    [InlineData(StubClassifier.Behaviour.ReportsFailure)]
    public void Evaluate_OneModelFails_ItIsExcludedAndCounted(StubClassifier.Behaviour failure)
    {
        var good = new StubClassifier("g", 0.1f, 0.1f, 0.8f);
        var bad = new StubClassifier("b", 0.9f, 0.05f, 0.05f) { Mode = failure };
        using var ensemble = new Ensemble([good, bad], [1.0, 1.0], 1, 0);

        ensemble.Evaluate(new float[4], out var r);

        Assert.Equal(Side.Buy, r.Side);
        Assert.Equal(1, r.Voting);
        Assert.Equal(0.8f, r.ProbBuy, 1e-6f);
        Assert.Equal(0, ensemble.Failures(0));
        Assert.Equal(1, ensemble.Failures(1));
    }

    [Fact]
    public void Evaluate_FewerVotersThanMinimum_FailsClosedToHold()
    {
        var good = new StubClassifier("g", 0.1f, 0.1f, 0.8f);
        var bad = new StubClassifier("b", 0, 0, 0) { Mode = StubClassifier.Behaviour.Throws };
        using var ensemble = new Ensemble([good, bad], [1.0, 1.0], 2, 0);

        ensemble.Evaluate(new float[4], out var r);

        Assert.True(r.FailedClosed);
        Assert.Equal(Side.None, r.Side);
    }

    [Fact]
    public void Hash_DependsOnModelsAndWeights()
    {
        using var a = new Ensemble([new StubClassifier("aa", 0, 1, 0)], [1.0], 1, 0);
        using var b = new Ensemble([new StubClassifier("aa", 0, 1, 0)], [1.0], 1, 0);
        using var c = new Ensemble([new StubClassifier("aa", 0, 1, 0)], [2.0], 1, 0);
        using var d = new Ensemble([new StubClassifier("ab", 0, 1, 0)], [1.0], 1, 0);

        Assert.Equal(a.Hash, b.Hash);
        Assert.NotEqual(a.Hash, c.Hash);
        Assert.NotEqual(a.Hash, d.Hash);
    }
}
