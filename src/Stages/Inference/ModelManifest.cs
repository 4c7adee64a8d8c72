using System.Text.Json;
using System.Text.Json.Serialization;

namespace QuantumTrader.Stages.Inference;

/// <summary>
/// The sidecar of a model file (<c>MODEL.onnx.json</c>): the feature schema the model was trained on, the
/// SHA-256 of the ONNX bytes, the tensor names and the class order of its score output, and how it was
/// trained. A model is only loaded when the sidecar, the file and the serving schema all agree.
/// </summary>
public sealed class ModelManifest
{
    /// <summary>The sidecar format version this build reads.</summary>
    public const int CurrentFormat = 1;

    /// <summary>Sidecar format version.</summary>
    public int Format { get; set; } = CurrentFormat;

    /// <summary>Feature schema family name.</summary>
    public string SchemaName { get; set; } = "";

    /// <summary>Feature schema version.</summary>
    public int SchemaVersion { get; set; }

    /// <summary>Feature schema fingerprint (FNV-1a 64 of the canonical text).</summary>
    public string SchemaFingerprint { get; set; } = "";

    /// <summary>Feature names, in input order.</summary>
    public List<string> FeatureNames { get; set; } = new();

    /// <summary>Candle interval (ns) the features were computed on; serving must use the same.</summary>
    public long CandleIntervalNs { get; set; }

    /// <summary>Whether a book top was required for a vector in training (features 29–30 are zeros otherwise).</summary>
    public bool RequireBook { get; set; }

    /// <summary>Whether a funding rate was required for a vector in training (feature 31 is zero otherwise).</summary>
    public bool RequireFunding { get; set; }

    /// <summary>Flat gap candles filled before an indicator restart, in training.</summary>
    public int MaxGapCandles { get; set; }

    /// <summary>SHA-256 of the ONNX file, lower-case hex.</summary>
    public string Sha256 { get; set; } = "";

    /// <summary>Name of the feature input tensor (float [-1, n]).</summary>
    public string FeaturesInput { get; set; } = "Features";

    /// <summary>Name of the label input the ML.NET export keeps (fed a dummy value), or empty.</summary>
    public string LabelInput { get; set; } = "Label";

    /// <summary>Name of the class-score output tensor (float [-1, classes]).</summary>
    public string ScoreOutput { get; set; } = "Score.output";

    /// <summary>Class of each score index: "SELL", "HOLD" or "BUY".</summary>
    public List<string> Classes { get; set; } = new();

    /// <summary>Trainer name and settings (informational).</summary>
    public string Trainer { get; set; } = "";

    /// <summary>Where the training data came from (informational).</summary>
    public string TrainingData { get; set; } = "";

    /// <summary>Label horizon in candles (informational).</summary>
    public int HorizonCandles { get; set; }

    /// <summary>HOLD dead band in basis points (informational).</summary>
    public double DeadBandBps { get; set; }

    /// <summary>Candle close of the first training row, ns since the Unix epoch (informational; a backtest on the same data: strategy.in_sample_from; 0 when unknown).</summary>
    public long TrainFromNs { get; set; }

    /// <summary>Candle close of the first hold-out row, ns since the Unix epoch: every training row's label window ends
    /// before it (informational; a backtest on the same data trades from here on, strategy.in_sample_until; 0 when unknown).</summary>
    public long HoldoutStartNs { get; set; }

    /// <summary>Candle close of the last hold-out row, ns since the Unix epoch (informational; 0 when unknown).</summary>
    public long HoldoutEndNs { get; set; }

    /// <summary>Embargo between the training rows and the hold-out: one label horizon, ns (informational).</summary>
    public long EmbargoNs { get; set; }

    /// <summary>Hold-out metrics (informational).</summary>
    public Dictionary<string, double> Metrics { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The sidecar path of a model file.</summary>
    public static string SidecarPath(string modelPath) => modelPath + ".json";

    /// <summary>Serializes to indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>Parses a sidecar; throws <see cref="ModelLoadException"/> on malformed JSON.</summary>
    public static ModelManifest FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<ModelManifest>(json, Options) ?? throw new ModelLoadException("model sidecar is empty");
        }
        catch (JsonException ex)
        {
            throw new ModelLoadException($"model sidecar is not valid JSON: {ex.Message}", ex);
        }
    }

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}
