using QuantumTrader.Stages.Inference;
using QuantumTrader.Model;
using Xunit;
using QuantumTrader.Testing.Inference;

namespace QuantumTrader.Stages.Tests.Inference;

public sealed class EnsembleCombinerTests
{
    // Each model: 'S', 'H', 'B' = a confident vote (0.7 for the class, 0.15 others), 'x' = no valid output.
    public static TheoryData<string, double[], int, int, Side, int, bool> Cases => new()
    {
        // votes, weights, minVoters, minDirectional, side, consensus, failedClosed
        { "BBB", [1, 1, 1], 1, 0, Side.Buy, 3, false },
        { "BSH", [1, 1, 1.5], 1, 0, Side.None, 1, false },         // a split where HOLD carries the most weight
        { "BSS", [1, 1, 1], 1, 0, Side.Sell, 2, false },
        { "BSS", [5, 1, 1], 1, 0, Side.Buy, 1, false },            // weights decide, not heads
        { "Bxx", [1, 1, 1], 2, 0, Side.None, 0, true },            // one voter, two required: fail closed
        { "xxx", [1, 1, 1], 0, 0, Side.None, 0, true },            // nobody voted: always fail closed
        { "BBx", [1, 1, 1], 2, 0, Side.Buy, 2, false },
        { "HHHBB", [1, 1, 1, 1, 1], 1, 2, Side.Buy, 2, false },    // directional override with 2 agreeing models
        { "HHHHB", [1, 1, 1, 1, 1], 1, 2, Side.None, 4, false },   // one model never overrides
        { "HHHBB", [1, 1, 1, 1, 1], 1, 0, Side.None, 3, false },   // override disabled
        { "HBBSS", [3, 1, 1, 1, 1], 1, 2, Side.None, 1, false },   // BUY voters do not outnumber SELL voters
        { "HHHSS", [1, 1, 1, 1, 1], 1, 2, Side.Sell, 2, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Combine_VoteTable_GivesExpectedSideConsensusAndFailClosed(string votes, double[] weights, int minVoters, int minDirectional, Side side, int consensus, bool failedClosed)
    {
        var n = votes.Length;
        var probabilities = new float[n * 3];
        var valid = new bool[n];
        for (var i = 0; i < n; i++)
        {
            valid[i] = votes[i] != 'x';
            var winner = votes[i] switch { 'S' => 0, 'H' => 1, 'B' => 2, _ => -1 };
            for (var c = 0; c < 3; c++)
            {
                probabilities[(i * 3) + c] = c == winner ? 0.7f : 0.15f;
            }
        }

        EnsembleCombiner.Combine(probabilities, valid, weights, minVoters, minDirectional, out var result);

        Assert.Equal(side, result.Side);
        Assert.Equal(consensus, result.Consensus);
        Assert.Equal(failedClosed, result.FailedClosed);
        Assert.Equal(votes.Count(v => v != 'x'), result.Voting);
        if (!failedClosed)
        {
            Assert.Equal(1.0, result.ProbSell + result.ProbHold + result.ProbBuy, 1e-6);
        }
    }

    [Fact]
    public void Combine_WeightedProbabilities_AreWeightNormalizedMeanAndConfidenceHasNoFloor()
    {
        float[] probabilities = [0.2f, 0.3f, 0.5f, 0.6f, 0.3f, 0.1f];
        EnsembleCombiner.Combine(probabilities, [true, true], [3.0, 1.0], 1, 0, out var r);

        Assert.Equal((3 * 0.5 + 0.1) / 4, r.ProbBuy, 1e-6);
        Assert.Equal((3 * 0.2 + 0.6) / 4, r.ProbSell, 1e-6);
        Assert.Equal(Side.Buy, r.Side);
        Assert.Equal(r.ProbBuy, r.Confidence);
    }

    [Fact]
    public void Combine_Votes_PackedTwoBitsPerModelInOrder()
    {
        float[] p = [0.8f, 0.1f, 0.1f, 0.1f, 0.8f, 0.1f, 0.1f, 0.1f, 0.8f, 0.3f, 0.3f, 0.4f];
        EnsembleCombiner.Combine(p, [true, true, true, false], [1.0, 1, 1, 1], 1, 0, out var r);

        // SELL = 1, HOLD = 2, BUY = 3, none = 0.
        Assert.Equal(1UL | (2UL << 2) | (3UL << 4), r.Votes);
    }

    [Fact]
    public void Ensemble_MinDirectionalConsensusOfOne_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Ensemble([new StubClassifier("a", 0, 1, 0)], [1.0], 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new InferenceOptions { MinDirectionalConsensus = 1 }.Validate());
    }
}
