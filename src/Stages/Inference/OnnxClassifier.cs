using System.Security.Cryptography;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using QuantumTrader.Stages.Features;

namespace QuantumTrader.Stages.Inference;

/// <summary>
/// One ONNX model run in-process by ONNX Runtime: the session is created once (single-threaded intra- and
/// inter-op, sequential, all graph optimizations) and its input and output tensors are pre-allocated
/// buffers bound once through an <see cref="OrtIoBinding"/>, so <see cref="TryPredict"/> allocates nothing.
/// </summary>
/// <remarks>
/// Load validates, in order, and refuses with <see cref="ModelLoadException"/>: the sidecar exists and
/// parses; the file's SHA-256 equals the sidecar's; the sidecar's schema equals the serving schema (names,
/// order, version) and its feature settings equal serving's (candle interval, book/funding requirement, gap fill); the graph's inputs and output are the declared ones with the declared width; the class
/// list is a permutation of SELL/HOLD/BUY. Not thread-safe: call from one thread.
/// </remarks>
public sealed class OnnxClassifier : IClassifier
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions;
    private readonly OrtIoBinding _binding;
    private readonly OrtValue _featuresValue;
    private readonly OrtValue? _labelValue;
    private readonly OrtValue _scoreValue;
    private readonly float[] _input;
    private readonly float[] _scores;
    private readonly int[] _classOfScore;

    private OnnxClassifier(string name, ModelManifest manifest, InferenceSession session, FeatureSchema schema)
    {
        Name = name;
        Manifest = manifest;
        Sha256 = manifest.Sha256;
        _session = session;
        _input = new float[schema.Count];
        _scores = new float[ClassIndex.Count];
        _classOfScore = new int[ClassIndex.Count];
        for (var i = 0; i < ClassIndex.Count; i++)
        {
            _classOfScore[i] = IndexOfClass(manifest.Classes[i]);
        }

        _runOptions = new RunOptions();
        _binding = session.CreateIoBinding();
        _featuresValue = OrtValue.CreateTensorValueFromMemory(_input, [1, schema.Count]);
        _binding.BindInput(manifest.FeaturesInput, _featuresValue);
        if (manifest.LabelInput.Length > 0)
        {
            _labelValue = CreateDummyLabel(session.InputMetadata[manifest.LabelInput]);
            _binding.BindInput(manifest.LabelInput, _labelValue);
        }

        _scoreValue = OrtValue.CreateTensorValueFromMemory(_scores, [1, ClassIndex.Count]);
        _binding.BindOutput(manifest.ScoreOutput, _scoreValue);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public string Sha256 { get; }

    /// <summary>The model's sidecar.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>Loads and validates a model against the serving <paramref name="schema"/> and feature
    /// settings (<paramref name="serving"/>: candle interval, book and funding requirements, gap fill);
    /// see the remarks.</summary>
    public static OnnxClassifier Load(string modelPath, FeatureSchema schema, FeatureOptions serving)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(serving);
        if (!File.Exists(modelPath))
        {
            throw new ModelLoadException($"model file {modelPath} does not exist");
        }

        var sidecar = ModelManifest.SidecarPath(modelPath);
        if (!File.Exists(sidecar))
        {
            throw new ModelLoadException($"model {modelPath} has no sidecar {sidecar}: its feature schema is unknown");
        }

        var manifest = ModelManifest.FromJson(File.ReadAllText(sidecar));
        var bytes = File.ReadAllBytes(modelPath);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(sha, manifest.Sha256, StringComparison.Ordinal))
        {
            throw new ModelLoadException($"model {modelPath}: SHA-256 {sha} does not match the sidecar's {manifest.Sha256}");
        }

        var mismatch = schema.Mismatch(manifest.SchemaName, manifest.SchemaVersion, manifest.FeatureNames);
        if (mismatch is null && !string.Equals(manifest.SchemaFingerprint, schema.Fingerprint, StringComparison.Ordinal))
        {
            mismatch = $"schema fingerprint {manifest.SchemaFingerprint} is not the serving {schema.Fingerprint}";
        }

        mismatch ??= FeatureSettingsMismatch(manifest, serving)?.Message;

        if (mismatch is not null)
        {
            throw new ModelLoadException($"model {modelPath} refused: {mismatch}");
        }

        ValidateClasses(modelPath, manifest.Classes);
        using var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        InferenceSession session;
        try
        {
            session = new InferenceSession(bytes, options);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelLoadException($"model {modelPath}: ONNX Runtime cannot load it: {ex.Message}", ex);
        }

        try
        {
            ValidateGraph(modelPath, session, manifest, schema.Count);
            return new OnnxClassifier(Path.GetFileName(modelPath), manifest, session, schema);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public bool TryPredict(ReadOnlySpan<float> features, Span<float> probabilities)
    {
        if (features.Length < _input.Length)
        {
            return false;
        }

        features[.._input.Length].CopyTo(_input);
        try
        {
            _session.RunWithBinding(_runOptions, _binding);
        }
        catch (OnnxRuntimeException)
        {
            return false;
        }

        var sum = 0f;
        for (var i = 0; i < ClassIndex.Count; i++)
        {
            var s = _scores[i];
            if (!float.IsFinite(s) || s < 0)
            {
                return false;
            }

            sum += s;
        }

        if (!(sum > 0))
        {
            return false;
        }

        for (var i = 0; i < ClassIndex.Count; i++)
        {
            probabilities[_classOfScore[i]] = _scores[i] / sum;
        }

        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _binding.Dispose();
        _featuresValue.Dispose();
        _labelValue?.Dispose();
        _scoreValue.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }

    /// <summary>The first feature setting (its <c>[features]</c> key name) in which the model's training
    /// (<paramref name="m"/>) differs from <paramref name="serving"/>, and how; null when they agree.</summary>
    public static (string Setting, string Message)? FeatureSettingsMismatch(ModelManifest m, FeatureOptions serving)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(serving);
        if (m.CandleIntervalNs != serving.CandleIntervalNs)
        {
            return ("candle_interval", $"trained on {m.CandleIntervalNs} ns candles, serving uses {serving.CandleIntervalNs} ns");
        }

        if (m.RequireBook != serving.RequireBook)
        {
            return ("require_book", $"trained with require_book={m.RequireBook}, serving has {serving.RequireBook}");
        }

        if (m.RequireFunding != serving.RequireFunding)
        {
            return ("require_funding", $"trained with require_funding={m.RequireFunding}, serving has {serving.RequireFunding}");
        }

        return m.MaxGapCandles != serving.MaxGapCandles
            ? ("max_gap_candles", $"trained with max_gap_candles={m.MaxGapCandles}, serving has {serving.MaxGapCandles}")
            : null;
    }

    private static void ValidateClasses(string path, List<string> classes)
    {
        if (classes.Count != ClassIndex.Count)
        {
            throw new ModelLoadException($"model {path}: {classes.Count} classes declared, expected SELL, HOLD, BUY");
        }

        var seen = 0;
        foreach (var c in classes)
        {
            var index = IndexOfClass(c);
            if (index < 0 || (seen & (1 << index)) != 0)
            {
                throw new ModelLoadException($"model {path}: class list [{string.Join(',', classes)}] is not a permutation of SELL, HOLD, BUY");
            }

            seen |= 1 << index;
        }
    }

    private static int IndexOfClass(string name) => name switch
    {
        "SELL" => ClassIndex.Sell,
        "HOLD" => ClassIndex.Hold,
        "BUY" => ClassIndex.Buy,
        _ => -1,
    };

    private static void ValidateGraph(string path, InferenceSession session, ModelManifest manifest, int width)
    {
        foreach (var (name, _) in session.InputMetadata)
        {
            if (name != manifest.FeaturesInput && name != manifest.LabelInput)
            {
                throw new ModelLoadException($"model {path}: unexpected graph input '{name}'");
            }
        }

        if (!session.InputMetadata.TryGetValue(manifest.FeaturesInput, out var features))
        {
            throw new ModelLoadException($"model {path}: no input '{manifest.FeaturesInput}'");
        }

        if (features.ElementDataType != TensorElementType.Float || features.Dimensions.Length != 2 || features.Dimensions[1] != width)
        {
            throw new ModelLoadException($"model {path}: input '{manifest.FeaturesInput}' is {features.ElementDataType}[{string.Join(',', features.Dimensions)}], serving gives float[-1,{width}]");
        }

        if (manifest.LabelInput.Length > 0 && !session.InputMetadata.ContainsKey(manifest.LabelInput))
        {
            throw new ModelLoadException($"model {path}: no input '{manifest.LabelInput}'");
        }

        if (!session.OutputMetadata.TryGetValue(manifest.ScoreOutput, out var score))
        {
            throw new ModelLoadException($"model {path}: no output '{manifest.ScoreOutput}'");
        }

        if (score.ElementDataType != TensorElementType.Float || score.Dimensions.Length != 2 || score.Dimensions[1] != ClassIndex.Count)
        {
            throw new ModelLoadException($"model {path}: output '{manifest.ScoreOutput}' is {score.ElementDataType}[{string.Join(',', score.Dimensions)}], expected float[-1,3]");
        }
    }

    private static OrtValue CreateDummyLabel(NodeMetadata meta)
    {
        long[] shape = [1, 1];
        return meta.ElementDataType switch
        {
            TensorElementType.Float => OrtValue.CreateTensorValueFromMemory(new float[1], shape),
            TensorElementType.UInt32 => OrtValue.CreateTensorValueFromMemory(new uint[1], shape),
            TensorElementType.Int32 => OrtValue.CreateTensorValueFromMemory(new int[1], shape),
            TensorElementType.Int64 => OrtValue.CreateTensorValueFromMemory(new long[1], shape),
            TensorElementType.Double => OrtValue.CreateTensorValueFromMemory(new double[1], shape),
            _ => throw new ModelLoadException($"label input type {meta.ElementDataType} is not supported"),
        };
    }
}
