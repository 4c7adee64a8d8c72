using QuantumTrader.Stages.Features;

namespace QuantumTrader.Training;

/// <summary>How a model is trained.</summary>
public sealed class TrainingOptions
{
    /// <summary>Feature settings: must equal serving's (the candle interval is written to the sidecar and checked at load).</summary>
    public FeatureOptions Features { get; init; } = new();

    /// <summary>Symbol ids 0..SymbolCount−1 in the data.</summary>
    public int SymbolCount { get; init; } = 2;

    /// <summary>Label horizon: forward return over this many candles.</summary>
    public int HorizonCandles { get; init; } = 5;

    /// <summary>HOLD dead band: |forward log return| at most this many basis points is HOLD.</summary>
    public double DeadBandBps { get; init; } = 15;

    /// <summary>"lightgbm" (multiclass) or "fasttree" (one-versus-all).</summary>
    public string Trainer { get; init; } = "lightgbm";

    /// <summary>Boosting iterations (trees per class).</summary>
    public int Iterations { get; init; } = 40;

    /// <summary>Leaves per tree.</summary>
    public int Leaves { get; init; } = 8;

    /// <summary>Minimum rows per leaf.</summary>
    public int MinRowsPerLeaf { get; init; } = 50;

    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>Seed of ML.NET (training is single-threaded, so the model is a function of data and seed).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Fraction of the rows, latest in time, held out for evaluation.</summary>
    public double HoldoutFraction { get; init; } = 0.2;

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        Features.Validate();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(SymbolCount, nameof(SymbolCount));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(HorizonCandles, nameof(HorizonCandles));
        if (!(DeadBandBps >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(DeadBandBps), DeadBandBps, "must be ≥ 0");
        }

        if (Trainer is not ("lightgbm" or "fasttree"))
        {
            throw new ArgumentOutOfRangeException(nameof(Trainer), Trainer, "lightgbm or fasttree");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Iterations, nameof(Iterations));
        ArgumentOutOfRangeException.ThrowIfLessThan(Leaves, 2, nameof(Leaves));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MinRowsPerLeaf, nameof(MinRowsPerLeaf));
        if (!(HoldoutFraction > 0 && HoldoutFraction < 0.9))
        {
            throw new ArgumentOutOfRangeException(nameof(HoldoutFraction), HoldoutFraction, "must be in (0, 0.9)");
        }
    }
}
