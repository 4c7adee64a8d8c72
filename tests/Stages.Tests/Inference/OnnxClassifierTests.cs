using System.Text.Json.Nodes;
using QuantumTrader.Stages.Features;
using QuantumTrader.Stages.Inference;
using Xunit;

namespace QuantumTrader.Stages.Tests.Inference;

public sealed class OnnxClassifierTests
{
    [Fact]
    public void Load_DefaultModel_ProbabilitiesAreFiniteAndSumToOne()
    {
        using var model = OnnxClassifier.Load(DefaultModel.Path, FeatureSchemas.Current, DefaultModel.Serving);
        var p = new float[3];
        var classes = new HashSet<int>();
        for (var seed = 0; seed < 200; seed++)
        {
            Assert.True(model.TryPredict(DefaultModel.Vector(seed), p));
            Assert.All(p, x => Assert.True(float.IsFinite(x) && x >= 0));
            Assert.Equal(1.0, p[0] + p[1] + p[2], 1e-5);
            classes.Add(EnsembleCombiner.ArgMax(p[0], p[1], p[2]));
        }

        Assert.True(classes.Count >= 2, "a trained model should not answer one class for every input");
        Assert.Equal(model.Manifest.Sha256, model.Sha256);
    }

    [Fact]
    public void TryPredict_SameVectorInTwoSessions_BitIdenticalOutputs()
    {
        using var a = OnnxClassifier.Load(DefaultModel.Path, FeatureSchemas.Current, DefaultModel.Serving);
        using var b = OnnxClassifier.Load(DefaultModel.Path, FeatureSchemas.Current, DefaultModel.Serving);
        var pa = new float[3];
        var pb = new float[3];
        for (var seed = 0; seed < 50; seed++)
        {
            var v = DefaultModel.Vector(seed);
            a.TryPredict(v, pa);
            b.TryPredict(DefaultModel.Vector(seed), pb);
            Assert.Equal(pa, pb);
            a.TryPredict(v, pb);
            Assert.Equal(pa, pb);
        }
    }

    [Fact]
    public void TryPredict_AfterWarmUp_AllocatesNothing()
    {
        using var model = OnnxClassifier.Load(DefaultModel.Path, FeatureSchemas.Current, DefaultModel.Serving);
        var v = DefaultModel.Vector(1);
        var p = new float[3];
        for (var i = 0; i < 100; i++)
        {
            model.TryPredict(v, p);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            model.TryPredict(v, p);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Load_SidecarRenamesAFeature_RefusedNamingTheFeature()
    {
        var path = DefaultModel.CopyToTemp();
        EditSidecar(path, json => json["feature_names"]![3] = "ema8_dist");

        var ex = Assert.Throws<ModelLoadException>(() => OnnxClassifier.Load(path, FeatureSchemas.Current, DefaultModel.Serving));
        Assert.Contains("ema8_dist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SidecarOtherSchemaVersion_Refused()
    {
        var path = DefaultModel.CopyToTemp();
        EditSidecar(path, json => json["schema_version"] = FeatureSchemas.Current.Version + 1);

        var ex = Assert.Throws<ModelLoadException>(() => OnnxClassifier.Load(path, FeatureSchemas.Current, DefaultModel.Serving));
        Assert.Contains($"v{FeatureSchemas.Current.Version + 1}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ServingSchemaWithFewerFeatures_Refused()
    {
        var shorter = new FeatureSchema(FeatureSchemas.Family, 1, FeatureSchemas.V1.Names.Take(31).ToArray());

        Assert.Throws<ModelLoadException>(() => OnnxClassifier.Load(DefaultModel.Path, shorter, DefaultModel.Serving));
    }

    [Fact]
    public void Load_OtherCandleInterval_Refused()
    {
        var ex = Assert.Throws<ModelLoadException>(() => OnnxClassifier.Load(DefaultModel.Path, FeatureSchemas.Current, new FeatureOptions { CandleIntervalNs = 300_000_000_000L }));
        Assert.Contains("candles", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ServingWithoutBookRequirement_RefusedAsFeatureSkew()
    {
        var ex = Assert.Throws<ModelLoadException>(() => OnnxClassifier.Load(DefaultModel.Path, FeatureSchemas.Current, new FeatureOptions { CandleIntervalNs = DefaultModel.Serving.CandleIntervalNs, RequireFunding = DefaultModel.Serving.RequireFunding, RequireBook = false }));
        Assert.Contains("require_book", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ModelBytesChanged_RefusedForHashMismatch()
    {
        var path = DefaultModel.CopyToTemp();
        var bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(path, bytes);

        var ex = Assert.Throws<ModelLoadException>(() => OnnxClassifier.Load(path, FeatureSchemas.Current, DefaultModel.Serving));
        Assert.Contains("SHA-256", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NoSidecar_Refused()
    {
        var path = DefaultModel.CopyToTemp();
        File.Delete(path + ".json");

        Assert.Throws<ModelLoadException>(() => OnnxClassifier.Load(path, FeatureSchemas.Current, DefaultModel.Serving));
    }

    [Fact]
    public void Load_ClassListNotAPermutation_Refused()
    {
        var path = DefaultModel.CopyToTemp();
        EditSidecar(path, json => json["classes"] = new JsonArray("SELL", "BUY", "BUY"));

        Assert.Throws<ModelLoadException>(() => OnnxClassifier.Load(path, FeatureSchemas.Current, DefaultModel.Serving));
    }

    [Fact]
    public void Load_SwappedClassOrder_ProbabilitiesFollowTheSidecar()
    {
        var path = DefaultModel.CopyToTemp();
        EditSidecar(path, json => json["classes"] = new JsonArray("BUY", "HOLD", "SELL"));
        using var swapped = OnnxClassifier.Load(path, FeatureSchemas.Current, DefaultModel.Serving);
        using var original = OnnxClassifier.Load(DefaultModel.Path, FeatureSchemas.Current, DefaultModel.Serving);
        var a = new float[3];
        var b = new float[3];
        original.TryPredict(DefaultModel.Vector(5), a);
        swapped.TryPredict(DefaultModel.Vector(5), b);

        Assert.Equal(a[ClassIndex.Sell], b[ClassIndex.Buy]);
        Assert.Equal(a[ClassIndex.Buy], b[ClassIndex.Sell]);
    }

    private static void EditSidecar(string modelPath, Action<JsonNode> edit)
    {
        var sidecar = ModelManifest.SidecarPath(modelPath);
        var json = JsonNode.Parse(File.ReadAllText(sidecar))!;
        edit(json);
        File.WriteAllText(sidecar, json.ToJsonString());
    }
}
