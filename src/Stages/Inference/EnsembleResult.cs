using QuantumTrader.Model;

namespace QuantumTrader.Stages.Inference;

/// <summary>The outcome of one ensemble evaluation (a plain value, no references).</summary>
public struct EnsembleResult
{
    /// <summary>Weighted probability of SELL over the models that voted.</summary>
    public float ProbSell;

    /// <summary>Weighted probability of HOLD over the models that voted.</summary>
    public float ProbHold;

    /// <summary>Weighted probability of BUY over the models that voted.</summary>
    public float ProbBuy;

    /// <summary>The action: Buy, Sell, or None for HOLD (including fail-closed HOLD).</summary>
    public Side Side;

    /// <summary>Weighted probability of the winning class (of HOLD when the result is HOLD).</summary>
    public float Confidence;

    /// <summary>Models whose own vote is the winning class.</summary>
    public byte Consensus;

    /// <summary>Models that produced a valid output.</summary>
    public byte Voting;

    /// <summary>True when fewer than the minimum of models voted: forced HOLD.</summary>
    public bool FailedClosed;

    /// <summary>True when the directional override turned a HOLD majority into BUY or SELL.</summary>
    public bool DirectionalOverride;

    /// <summary>Each model's vote, 2 bits per model (0 none, 1 SELL, 2 HOLD, 3 BUY).</summary>
    public ulong Votes;
}
