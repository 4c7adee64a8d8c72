using QuantumTrader.Stages.Inference;
using QuantumTrader.Model;
using Xunit;
using QuantumTrader.Testing.Inference;

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

    [Fact]
    public void LoadAvailable_OneModelMissing_ExcludedInItsPositionAndOthersVote()
    {
        var options = new InferenceOptions
        {
            Models = [new ModelSpec("/nonexistent/model.onnx", 1.0), new ModelSpec(DefaultModel.Path, 1.0)],
            MinVoters = 1,
        };

        using var ensemble = Ensemble.LoadAvailable(options, QuantumTrader.Stages.Features.FeatureSchemas.Current, DefaultModel.Serving, out var refusals);
        ensemble.Evaluate(DefaultModel.Vector(0), out var r);

        Assert.Single(refusals);
        Assert.Contains("does not exist", refusals[0], StringComparison.Ordinal);
        Assert.IsType<RefusedClassifier>(ensemble.Models[0]);
        Assert.False(r.FailedClosed);
        Assert.Equal(1, r.Voting);
        Assert.Equal(0UL, r.Votes & 0b11); // model 0 never votes
        Assert.NotEqual(0UL, r.Votes >> 2);
    }

    [Fact]
    public void LoadAvailable_TooFewLoadable_EveryEvaluationFailsClosed()
    {
        var options = new InferenceOptions
        {
            Models = [new ModelSpec("/nonexistent/a.onnx", 1.0), new ModelSpec(DefaultModel.Path, 1.0)],
            MinVoters = 2,
        };

        using var ensemble = Ensemble.LoadAvailable(options, QuantumTrader.Stages.Features.FeatureSchemas.Current, DefaultModel.Serving, out _);
        ensemble.Evaluate(DefaultModel.Vector(0), out var r);

        Assert.True(r.FailedClosed);
        Assert.Equal(Side.None, r.Side);
    }
}
