namespace QuantumTrader.Stages.Inference;

/// <summary>Settings of the inference stage (the lead maps config.toml onto it).</summary>
public sealed class InferenceOptions
{
    /// <summary>The ensemble members.</summary>
    public IReadOnlyList<ModelSpec> Models { get; init; } = [];

    /// <summary>Minimum models with a valid output; fewer and the ensemble fails closed to HOLD.</summary>
    public int MinVoters { get; init; } = 1;

    /// <summary>Models that must agree on BUY (or SELL) to override a HOLD majority: 0 disables the override;
    /// 1 is refused (one model must never force a trade).</summary>
    public int MinDirectionalConsensus { get; init; }

    /// <summary>Infer once per symbol per batch on the latest features (live). False: infer on every vector
    /// (backtests, replay), which does not depend on how events were batched.</summary>
    public bool ConflatePerBatch { get; init; } = true;

    /// <summary><c>InputEvent.Code</c> of the control event that swaps the model set (Kind = Control).</summary>
    public ushort SwapModelControlCode { get; init; } = (ushort)Model.ControlCode.SwapModel;

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(MinVoters, nameof(MinVoters));
        if (MinDirectionalConsensus == 1 || MinDirectionalConsensus < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MinDirectionalConsensus), MinDirectionalConsensus, "the directional override needs at least 2 agreeing models (0 disables it)");
        }

        if (Models.Count > EnsembleCombiner.MaxModels)
        {
            throw new ArgumentOutOfRangeException(nameof(Models), Models.Count, $"at most {EnsembleCombiner.MaxModels} models");
        }

        foreach (var m in Models)
        {
            if (!(m.Weight > 0) || !double.IsFinite(m.Weight))
            {
                throw new ArgumentOutOfRangeException(nameof(Models), m.Weight, $"weight of {m.Path} must be positive");
            }
        }
    }
}
