using QuantumTrader.Stages.Inference;

namespace QuantumTrader.Testing.Inference;

/// <summary>Hand-written classifier for ensemble and stage tests (public: a theory parameter type).</summary>
public sealed class StubClassifier : IClassifier
{
    private readonly float[] _fixed;

    /// <summary>Returns fixed SELL/HOLD/BUY probabilities.</summary>
    public StubClassifier(string sha, float sell, float hold, float buy)
    {
        Sha256 = sha;
        _fixed = [sell, hold, buy];
    }

    public enum Behaviour
    {
        Fixed,
        FollowsFirstFeature,
        Throws,
        ReturnsNaN,
        ReportsFailure,
    }

    public Behaviour Mode { get; init; } = Behaviour.Fixed;

    public int Calls { get; private set; }

    public float LastFirstFeature { get; private set; }

    public bool Disposed { get; private set; }

    public string Name => "stub-" + Sha256;

    public string Sha256 { get; }

    public bool TryPredict(ReadOnlySpan<float> features, Span<float> probabilities)
    {
        Calls++;
        LastFirstFeature = features.IsEmpty ? float.NaN : features[0];
        switch (Mode)
        {
            case Behaviour.Throws:
                throw new InvalidOperationException("model exploded");
            case Behaviour.ReturnsNaN:
                probabilities[0] = float.NaN;
                probabilities[1] = 0.5f;
                probabilities[2] = 0.5f;
                return true;
            case Behaviour.ReportsFailure:
                return false;
            case Behaviour.FollowsFirstFeature:
                // f0 > 0: BUY 0.8; f0 < 0: SELL 0.8; 0: HOLD 0.8; no finite f0: refused.
                var f0 = LastFirstFeature;
                if (!float.IsFinite(f0))
                {
                    return false;
                }

                probabilities[0] = f0 < 0 ? 0.8f : 0.1f;
                probabilities[1] = f0 == 0 ? 0.8f : 0.1f;
                probabilities[2] = f0 > 0 ? 0.8f : 0.1f;
                return true;
            default:
                _fixed.CopyTo(probabilities);
                return true;
        }
    }

    public void Dispose() => Disposed = true;
}
