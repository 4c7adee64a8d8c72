namespace QuantumTrader.Stages.Inference;

/// <summary>
/// Stands in the ensemble for a configured model that was refused at load, so vote bits keep the config
/// order: it never produces an output, so the model counts as not voting (and as a failure) on every vector.
/// </summary>
public sealed class RefusedClassifier : IClassifier
{
    /// <summary>Creates the placeholder for the model at <paramref name="path"/>, refused for <paramref name="reason"/>.</summary>
    public RefusedClassifier(string path, string reason)
    {
        Name = Path.GetFileName(path);
        Reason = reason;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Why the model was refused.</summary>
    public string Reason { get; }

    /// <inheritdoc />
    public string Sha256 => "refused";

    /// <inheritdoc />
    public bool TryPredict(ReadOnlySpan<float> features, Span<float> probabilities) => false;

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
