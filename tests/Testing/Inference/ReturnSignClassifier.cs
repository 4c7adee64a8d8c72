using QuantumTrader.Stages.Inference;

namespace QuantumTrader.Testing.Inference;

/// <summary>
/// A deterministic stand-in model for pipeline tests: BUY (0.8) when the last candle return (feature 0,
/// ret_1) is up, SELL (0.8) when down, HOLD otherwise;
/// refuses a vector without a finite feature 0. It makes real market data produce orders, so the
/// path after the signal (sizing, gate, journal, route, venue, fills) can be tested end to end.
/// </summary>
public sealed class ReturnSignClassifier : IClassifier
{
    /// <inheritdoc />
    public string Name => "return-sign";

    /// <inheritdoc />
    /// <remarks>Not a file's hash (it comes from no file), so the model archive beside a journal skips it.</remarks>
    public string Sha256 => "stand-in:return-sign";

    /// <inheritdoc />
    public bool TryPredict(ReadOnlySpan<float> features, Span<float> probabilities)
    {
        if (features.IsEmpty || !float.IsFinite(features[0]))
        {
            return false; // no return to read: refuse, as a model producing no output does
        }

        var r = features[0];
        probabilities[0] = r < 0 ? 0.8f : 0.1f; // SELL
        probabilities[1] = r == 0 ? 0.8f : 0.1f; // HOLD
        probabilities[2] = r > 0 ? 0.8f : 0.1f; // BUY
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
