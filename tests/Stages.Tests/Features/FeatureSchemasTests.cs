using System.Text.Json.Nodes;
using QuantumTrader.Stages.Features;
using QuantumTrader.Stages.Inference;
using QuantumTrader.Stages.Tests.Inference;
using Xunit;

namespace QuantumTrader.Stages.Tests.Features;

public sealed class FeatureSchemasTests
{
    [Fact]
    public void Current_IsV3WithSameNamesAsV2ButOwnFingerprint()
    {
        Assert.Same(FeatureSchemas.V3, FeatureSchemas.Current);
        Assert.Equal(3, FeatureSchemas.Current.Version);
        Assert.Equal(FeatureSchemas.V2.Names, FeatureSchemas.V3.Names);
        Assert.NotEqual(FeatureSchemas.V2.Fingerprint, FeatureSchemas.V3.Fingerprint);
        Assert.NotEqual(FeatureSchemas.V1.Fingerprint, FeatureSchemas.V3.Fingerprint);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Load_ModelTrainedOnOlderSchema_Refused(int version)
    {
        // The shipped model with a sidecar that says it was trained on v1 or v2 (consistent version and fingerprint).
        var older = version == 1 ? FeatureSchemas.V1 : FeatureSchemas.V2;
        var path = DefaultModel.CopyToTemp();
        var sidecar = ModelManifest.SidecarPath(path);
        var json = JsonNode.Parse(File.ReadAllText(sidecar))!;
        json["schema_version"] = older.Version;
        json["schema_fingerprint"] = older.Fingerprint;
        File.WriteAllText(sidecar, json.ToJsonString());

        var ex = Assert.Throws<ModelLoadException>(() => OnnxClassifier.Load(path, FeatureSchemas.Current, DefaultModel.Serving));
        Assert.Contains($"v{version}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ShippedDefaultModel_TrainedOnCurrentSchema()
    {
        using var model = OnnxClassifier.Load(DefaultModel.Path, FeatureSchemas.Current, DefaultModel.Serving);

        Assert.Equal(FeatureSchemas.Current.Version, model.Manifest.SchemaVersion);
        Assert.Equal(FeatureSchemas.Current.Fingerprint, model.Manifest.SchemaFingerprint);
    }
}
