using QuantumTrader.Model;

namespace QuantumTrader.Stages.Inference;

/// <summary>
/// The voting rule of the ensemble, a pure function (table-tested without ONNX):
/// <list type="number">
/// <item>A model that failed (no valid output) is excluded. When fewer than <c>minVoters</c> models voted the
/// result is HOLD, flagged fail-closed.</item>
/// <item>Probabilities are the weight-normalized mean over the models that voted; each model's own vote is
/// its argmax (ties resolve to HOLD, then SELL before BUY).</item>
/// <item>The winner is the argmax of the weighted probabilities (same tie rule).</item>
/// <item>Directional override (legacy rule, made safe): when the winner is HOLD and at least
/// <c>minDirectionalConsensus</c> (≥ 2; 0 disables) models voted BUY and they outnumber the SELL voters, the
/// result is BUY (and symmetrically SELL). Its confidence stays the weighted probability of that class:
/// no confidence floor.</item>
/// </list>
/// </summary>
public static class EnsembleCombiner
{
    /// <summary>Maximum models in an ensemble (2 vote bits each in a 64-bit word).</summary>
    public const int MaxModels = 32;

    /// <summary>
    /// Combines per-model outputs. <paramref name="probabilities"/> holds 3 values per model (SELL, HOLD,
    /// BUY); <paramref name="valid"/> says which models produced them.
    /// </summary>
    public static void Combine(ReadOnlySpan<float> probabilities, ReadOnlySpan<bool> valid, ReadOnlySpan<double> weights, int minVoters, int minDirectionalConsensus, out EnsembleResult result)
    {
        result = default;
        var n = valid.Length;
        double sell = 0, hold = 0, buy = 0, weightSum = 0;
        int sellVotes = 0, holdVotes = 0, buyVotes = 0, voting = 0;
        ulong votes = 0;
        for (var i = 0; i < n; i++)
        {
            if (!valid[i])
            {
                continue;
            }

            var p = probabilities.Slice(i * 3, 3);
            var w = weights[i];
            sell += w * p[ClassIndex.Sell];
            hold += w * p[ClassIndex.Hold];
            buy += w * p[ClassIndex.Buy];
            weightSum += w;
            voting++;
            var vote = ArgMax(p[ClassIndex.Sell], p[ClassIndex.Hold], p[ClassIndex.Buy]);
            votes |= (ulong)(vote + 1) << (2 * i);
            switch (vote)
            {
                case ClassIndex.Sell: sellVotes++; break;
                case ClassIndex.Buy: buyVotes++; break;
                default: holdVotes++; break;
            }
        }

        result.Voting = (byte)voting;
        result.Votes = votes;
        if (voting == 0 || voting < minVoters || !(weightSum > 0))
        {
            result.Side = Side.None;
            result.FailedClosed = true;
            result.ProbHold = 1f;
            result.Confidence = 0f;
            return;
        }

        sell /= weightSum;
        hold /= weightSum;
        buy /= weightSum;
        result.ProbSell = (float)sell;
        result.ProbHold = (float)hold;
        result.ProbBuy = (float)buy;
        var winner = ArgMax(sell, hold, buy);
        if (winner == ClassIndex.Hold && minDirectionalConsensus >= 2)
        {
            if (buyVotes >= minDirectionalConsensus && buyVotes > sellVotes)
            {
                winner = ClassIndex.Buy;
                result.DirectionalOverride = true;
            }
            else if (sellVotes >= minDirectionalConsensus && sellVotes > buyVotes)
            {
                winner = ClassIndex.Sell;
                result.DirectionalOverride = true;
            }
        }

        switch (winner)
        {
            case ClassIndex.Buy:
                result.Side = Side.Buy;
                result.Confidence = (float)buy;
                result.Consensus = (byte)buyVotes;
                break;
            case ClassIndex.Sell:
                result.Side = Side.Sell;
                result.Confidence = (float)sell;
                result.Consensus = (byte)sellVotes;
                break;
            default:
                result.Side = Side.None;
                result.Confidence = (float)hold;
                result.Consensus = (byte)holdVotes;
                break;
        }
    }

    /// <summary>Argmax of three class values; ties go to HOLD, then SELL.</summary>
    public static int ArgMax(double sell, double hold, double buy)
    {
        if (hold >= sell && hold >= buy)
        {
            return ClassIndex.Hold;
        }

        return sell >= buy ? ClassIndex.Sell : ClassIndex.Buy;
    }
}
