using QuantumTrader.Stages.Features;
using QuantumTrader.Stages.Inference;
using QuantumTrader.Stages.Tests.Inference;
using QuantumTrader.Testing.Contracts;
using QuantumTrader.Testing.Inference;

namespace QuantumTrader.Stages.Tests.Contracts;

/// <summary>The classifier contract for the ONNX model the project ships, on real feature vectors.</summary>
public sealed class OnnxClassifierContractTests : ClassifierContract
{
    /// <inheritdoc />
    protected override IClassifier Create() => OnnxClassifier.Load(DefaultModel.Path, FeatureSchemas.Current, DefaultModel.Serving);

    /// <inheritdoc />
    protected override float[] Vector(int index) => DefaultModel.Vector(index);
}

/// <summary>The classifier contract for the placeholder of a refused model (refuses everything).</summary>
public sealed class RefusedClassifierContractTests : ClassifierContract
{
    /// <inheritdoc />
    protected override bool RefusesAll => true;

    /// <inheritdoc />
    protected override IClassifier Create() => new RefusedClassifier("models/broken.onnx", "sidecar missing");
}

/// <summary>The classifier contract for the tests' stand-in model.</summary>
public sealed class ReturnSignClassifierContractTests : ClassifierContract
{
    /// <inheritdoc />
    protected override IClassifier Create() => new ReturnSignClassifier();
}

/// <summary>The classifier contract for the tests' fixed-answer stub.</summary>
public sealed class StubClassifierContractTests : ClassifierContract
{
    /// <inheritdoc />
    protected override IClassifier Create() => new StubClassifier("stub", 0.2f, 0.3f, 0.5f) { Mode = StubClassifier.Behaviour.FollowsFirstFeature };
}
