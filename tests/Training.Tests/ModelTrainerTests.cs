using QuantumTrader.Training;
using QuantumTrader.Runtime.Sources;
using QuantumTrader.Model.Ports;
using QuantumTrader.Stages.Features;
using QuantumTrader.Stages.Inference;
using Xunit;

namespace QuantumTrader.Training.Tests;

public sealed class ModelTrainerTests
{
    private const long Start = 1_700_000_000_000_000_000L;

    [Fact]
    public void Train_TwiceOnSameData_SameModelBytesAndAServableSidecar()
    {
        var options = new TrainingOptions { SymbolCount = 2, Iterations = 10, Leaves = 4 };
        var a = ModelTrainer.Train(new SyntheticEventSource(3, 2, Start, 86_400), options, Temp("a.onnx"));
        var b = ModelTrainer.Train(new SyntheticEventSource(3, 2, Start, 86_400), options, Temp("b.onnx"));

        Assert.Equal(File.ReadAllBytes(a.ModelPath), File.ReadAllBytes(b.ModelPath));
        Assert.Equal(a.Manifest.Sha256, b.Manifest.Sha256);
        Assert.Equal(FeatureSchemas.Current.Fingerprint, a.Manifest.SchemaFingerprint);
        Assert.Equal(FeatureSchemas.Current.Names, a.Manifest.FeatureNames);
        Assert.Equal(1.0, a.OnnxAgreement, 2);
        Assert.True(a.TrainRows > 1000);

        using var served = OnnxClassifier.Load(a.ModelPath, FeatureSchemas.Current, options.Features);
        Assert.Equal(a.Manifest.Sha256, served.Sha256);
        var sidecar = ModelManifest.FromJson(File.ReadAllText(ModelManifest.SidecarPath(a.ModelPath)));
        Assert.True(sidecar.Metrics["holdout_micro_accuracy"] > 0);
        Assert.Contains("synthetic(seed=3", sidecar.TrainingData, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_FastTree_ExportsAServableModel()
    {
        var options = new TrainingOptions { SymbolCount = 1, Trainer = "fasttree", Iterations = 5, Leaves = 4 };
        var result = ModelTrainer.Train(new SyntheticEventSource(4, 1, Start, 86_400), options, Temp("ft.onnx"));

        using var served = OnnxClassifier.Load(result.ModelPath, FeatureSchemas.Current, options.Features);
        Assert.True(result.OnnxAgreement > 0.99);
    }

    [Fact]
    public void Train_DeadBandSoWideEveryLabelIsHold_Refused()
    {
        var options = new TrainingOptions { SymbolCount = 1, DeadBandBps = 100_000 };

        var ex = Assert.Throws<InvalidOperationException>(() => ModelTrainer.Train(new SyntheticEventSource(4, 1, Start, 43_200), options, Temp("x.onnx")));
        Assert.Contains("no SELL label", ex.Message, StringComparison.Ordinal);
    }

    private static string Temp(string name) => Path.Combine(Directory.CreateTempSubdirectory("qt-train-").FullName, name);
}
