using QuantumTrader.Engine.Ring;
using QuantumTrader.Model;

namespace QuantumTrader.Stages.Features;

/// <summary>
/// The features stage: feeds every valid market event to the <see cref="FeatureEngine"/> and, when a
/// candle of the slot's symbol closes with all indicators warm, publishes the vector in the slot's
/// features section. Writes only FeaturesReady, FeatureCount, Features and FeaturesTimeNs.
/// </summary>
/// <remarks>Runs on the stage group's thread; allocation-free per event.</remarks>
public sealed class FeaturesStage : IEventHandler<InputEvent>
{
    private readonly FeatureEngine _engine;

    /// <summary>Creates the stage for symbol ids 0..<paramref name="symbolCount"/>−1 (the registry's count).</summary>
    public FeaturesStage(FeatureOptions options, int symbolCount) => _engine = new FeatureEngine(options, symbolCount);

    /// <summary>The engine (schema, counters).</summary>
    public FeatureEngine Engine => _engine;

    /// <inheritdoc />
    public void OnEvent(ref InputEvent data, long sequence, bool endOfBatch)
    {
        // Slots are reused: clear the whole section first, so a stale vector never survives.
        Span<float> features = data.Features;
        features.Clear();
        data.FeaturesTimeNs = 0;
        if (_engine.Process(in data, features, out var closeTimeNs))
        {
            data.FeaturesReady = true;
            data.FeatureCount = (byte)_engine.Schema.Count;
            data.FeaturesTimeNs = closeTimeNs;
        }
        else
        {
            data.FeaturesReady = false;
            data.FeatureCount = 0;
        }
    }
}
