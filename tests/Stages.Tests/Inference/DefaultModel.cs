using QuantumTrader.Stages.Features;
using QuantumTrader.Testing;

namespace QuantumTrader.Stages.Tests.Inference;

/// <summary>The synthetic stand-in model the project ships (models/synthetic.onnx) and helpers to make broken copies of it.</summary>
internal static class DefaultModel
{
    /// <summary>The feature settings the synthetic model was trained with (its sidecar).</summary>
    public static FeatureOptions Serving => QuantumTrader.Testing.Inference.DefaultModelServing.Options;

    public static string Path => QuantumTrader.Testing.Inference.DefaultModelServing.ModelPath;

    /// <summary>Copies the model and its sidecar into a fresh temporary directory and returns the copy's path.</summary>
    public static string CopyToTemp()
    {
        var dir = Directory.CreateTempSubdirectory("qt-model-");
        var copy = System.IO.Path.Combine(dir.FullName, "model.onnx");
        File.Copy(Path, copy);
        File.Copy(Path + ".json", copy + ".json");
        return copy;
    }

    private static readonly Lazy<List<float[]>> Vectors = new(ComputeVectors);

    /// <summary>A real feature vector of the synthetic market (seed 7), computed by the serving feature code.</summary>
    public static float[] Vector(int index) => (float[])Vectors.Value[index % Vectors.Value.Count].Clone();

    private static List<float[]> ComputeVectors()
    {
        var engine = new FeatureEngine(Serving, 2);
        var buffer = new float[Model.FeatureBuffer.Capacity];
        var result = new List<float[]>();
        foreach (var e in new SyntheticMarket(7, 2, 1_700_000_000_000_000_000L, 30_000).Events())
        {
            if (engine.Process(in e, buffer, out _))
            {
                result.Add(buffer[..engine.Schema.Count]);
            }
        }

        return result;
    }
}
