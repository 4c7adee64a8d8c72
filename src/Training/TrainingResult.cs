using QuantumTrader.Stages.Inference;

namespace QuantumTrader.Training;

/// <summary>What <c>ModelTrainer.Train</c> produced.</summary>
/// <param name="ModelPath">The ONNX file.</param>
/// <param name="Manifest">Its sidecar (also written beside it).</param>
/// <param name="TrainRows">Rows trained on.</param>
/// <param name="HoldoutRows">Rows evaluated on (the latest in time, after an embargo of one horizon).</param>
/// <param name="OnnxAgreement">Share of hold-out rows on which the exported ONNX model and the ML.NET model predict the same class.</param>
public sealed record TrainingResult(string ModelPath, ModelManifest Manifest, int TrainRows, int HoldoutRows, double OnnxAgreement)
{
    /// <summary>Hold-out micro accuracy (the share of hold-out rows classified right).</summary>
    public double MicroAccuracy => Manifest.Metrics["holdout_micro_accuracy"];

    /// <summary>Hold-out share of the most frequent class: the accuracy of always predicting it.</summary>
    public double MajorityShare => Manifest.Metrics["holdout_majority_class_share"];

    /// <summary>True when the model is right no more often than always predicting the majority class: it has
    /// learned nothing usable on the hold-out period.</summary>
    public bool Weak => MicroAccuracy <= MajorityShare;
}
