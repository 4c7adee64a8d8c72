using QuantumTrader.Runtime.Configuration;
using System.Globalization;
using QuantumTrader.Runtime.Composition;
using QuantumTrader.Stages.Features;
using QuantumTrader.Stages.Inference;

namespace QuantumTrader.Runtime.Composition;

// Design:
//   A config can be well-formed and still unable to serve: no model at all (every decision fails closed to
//   HOLD), a model file that is missing or refused, or feature settings the model was not trained with.
//   `config check` and `run` both call this one check after the file itself validated, so check accepts
//   exactly what run can serve. It loads every model the way run does (sidecar, SHA-256, schema, feature
//   settings, graph), which takes a moment: it runs once at start, never per event.

/// <summary>What <c>run</c> checks beyond the file itself: the ensemble it would serve.</summary>
public static class ServingCheck
{
    /// <summary>Every problem that would stop <paramref name="config"/> from serving decisions, naming the
    /// key and its position in the file; empty when it can serve.</summary>
    public static IReadOnlyList<ConfigError> Check(QuantumTraderConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = new List<ConfigError>();
        if (config.Inference.Models.Count == 0)
        {
            Add(errors, config, "inference", "no [[inference.models]]: run would start without a model and every decision would fail closed to HOLD; configure at least one model");
            return errors;
        }

        var serving = StageOptions.Features(config);
        for (var i = 0; i < config.Inference.Models.Count; i++)
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"inference.models[{i}].path");
            var path = config.ResolvePath(config.Inference.Models[i].Path);
            var sidecar = ModelManifest.SidecarPath(path);
            try
            {
                if (File.Exists(path) && File.Exists(sidecar)
                    && OnnxClassifier.FeatureSettingsMismatch(ModelManifest.FromJson(File.ReadAllText(sidecar)), serving) is { } mismatch)
                {
                    var (line, _) = config.PositionOf(key);
                    Add(errors, config, "features." + mismatch.Setting,
                        $"model {path} ({key}, line {line}) was {mismatch.Message}: set features.{mismatch.Setting} to what the model was trained with, or train a model for it");
                    continue;
                }

                OnnxClassifier.Load(path, FeatureSchemas.Current, serving).Dispose();
            }
            catch (ModelLoadException ex)
            {
                Add(errors, config, key, ex.Message);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Add(errors, config, key, $"model {path} cannot be read: {ex.Message}");
            }
        }

        errors.Sort(static (a, b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : a.Column.CompareTo(b.Column));
        return errors;
    }

    private static void Add(List<ConfigError> errors, QuantumTraderConfig config, string key, string message)
    {
        var (line, column) = config.PositionOf(key);
        errors.Add(new ConfigError(key, line, column, message));
    }
}
