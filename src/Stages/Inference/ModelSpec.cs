namespace QuantumTrader.Stages.Inference;

/// <summary>One ensemble member from config: a model file and its weight.</summary>
/// <param name="Path">Path of the ONNX file (its sidecar is <c>Path + ".json"</c>).</param>
/// <param name="Weight">Positive voting weight.</param>
public sealed record ModelSpec(string Path, double Weight);
