using QuantumTrader.Stages.Inference;

namespace QuantumTrader.Host.Training;

/// <summary>What <c>ModelTrainer.Train</c> produced.</summary>
/// <param name="ModelPath">The ONNX file.</param>
/// <param name="Manifest">Its sidecar (also written beside it).</param>
/// <param name="TrainRows">Rows trained on.</param>
/// <param name="HoldoutRows">Rows evaluated on (the latest in time, after an embargo of one horizon).</param>
/// <param name="OnnxAgreement">Share of hold-out rows on which the exported ONNX model and the ML.NET model predict the same class.</param>
public sealed record TrainingResult(string ModelPath, ModelManifest Manifest, int TrainRows, int HoldoutRows, double OnnxAgreement);
