using QuantumTrader.Stages.Features;

namespace QuantumTrader.Testing.Inference;

/// <summary>The feature settings models/default.onnx was trained with (its sidecar), for tests and benchmarks:
/// 1 s candles, book required, funding not required (the recorded capture it serves has no markPrice).</summary>
public static class DefaultModelServing
{
    /// <summary>The settings.</summary>
    public static FeatureOptions Options { get; } = new() { CandleIntervalNs = 1_000_000_000L, RequireFunding = false };

    /// <summary>models/default.onnx in the repository.</summary>
    public static string ModelPath => Path.Combine(TestPaths.RepoRoot, "models", "default.onnx");
}
