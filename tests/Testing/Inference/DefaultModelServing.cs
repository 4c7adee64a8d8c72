using QuantumTrader.Stages.Features;

namespace QuantumTrader.Testing.Inference;

/// <summary>The stand-in model of tests and benchmarks, models/synthetic.onnx (trained on the seeded synthetic market; it
/// was models/default.onnx until the shipped default was trained on the recorded capture), and the feature settings it was
/// trained with (its sidecar): 1 s candles, book required, funding not required.</summary>
public static class DefaultModelServing
{
    /// <summary>The settings.</summary>
    public static FeatureOptions Options { get; } = new() { CandleIntervalNs = 1_000_000_000L, RequireFunding = false };

    /// <summary>models/synthetic.onnx in the repository.</summary>
    public static string ModelPath => Path.Combine(TestPaths.RepoRoot, "models", "synthetic.onnx");
}
