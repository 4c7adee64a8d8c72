namespace QuantumTrader.Stages.Inference;

/// <summary>
/// A 3-class SELL/HOLD/BUY classifier over one feature vector. Implementations must not allocate per call
/// and are called from one thread only.
/// </summary>
public interface IClassifier : IDisposable
{
    /// <summary>Display name (model file name).</summary>
    string Name { get; }

    /// <summary>SHA-256 of the model, lower-case hex (what decisions record).</summary>
    string Sha256 { get; }

    /// <summary>
    /// Classifies <paramref name="features"/>. On success writes probabilities in the order
    /// SELL, HOLD, BUY to <paramref name="probabilities"/> (length 3), finite and summing to 1, and returns
    /// true. Returns false when the model failed (threw, or produced non-finite or non-positive scores).
    /// </summary>
    bool TryPredict(ReadOnlySpan<float> features, Span<float> probabilities);
}
