using QuantumTrader.Stages.Features;
using QuantumTrader.Stages.Inference;
using QuantumTrader.Testing;

namespace QuantumTrader.Benchmarks.Inference;

/// <summary>The shipped synthetic stand-in model (models/synthetic.onnx) and a real feature vector for inference benchmarks.</summary>
public static class BenchModels
{
    /// <summary>Feature settings of the synthetic model (its sidecar).</summary>
    public static FeatureOptions Serving => Testing.Inference.DefaultModelServing.Options;

    /// <summary>models/synthetic.onnx.</summary>
    public static string DefaultPath => Testing.Inference.DefaultModelServing.ModelPath;

    /// <summary>An ensemble of <paramref name="count"/> sessions of the synthetic model.</summary>
    public static Ensemble Ensemble(int count)
    {
        var specs = Enumerable.Range(0, count).Select(_ => new ModelSpec(DefaultPath, 1.0)).ToArray();
        return Stages.Inference.Ensemble.Load(new InferenceOptions { Models = specs, MinVoters = 1 }, FeatureSchemas.Current, Serving);
    }

    /// <summary>A real vector of the synthetic market (the 100th).</summary>
    public static float[] Vector()
    {
        var engine = new FeatureEngine(Serving, 2);
        var buffer = new float[Model.FeatureBuffer.Capacity];
        var n = 0;
        foreach (var e in new SyntheticMarket(7, 2, 1_700_000_000_000_000_000L, 40_000).Events())
        {
            if (engine.Process(in e, buffer, out _) && ++n == 100)
            {
                return buffer[..engine.Schema.Count];
            }
        }

        throw new InvalidOperationException("not enough vectors");
    }
}
