using System.CommandLine;
using QuantumTrader.Runtime.Configuration;
using QuantumTrader.Runtime.Replay;
using QuantumTrader.Model;
using System.Globalization;
using System.Text.Json;
using QuantumTrader.Training;
using QuantumTrader.Runtime.Sources;
using QuantumTrader.Model.Ports;
using QuantumTrader.Stages.Features;

namespace QuantumTrader.Training;

/// <summary>`quantumtrader train`: trains a SELL/HOLD/BUY model through the serving feature code and exports it to ONNX.</summary>
internal static class TrainCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var data = new Option<string[]>("--data")
        {
            Description = "Recorded capture file(s) to train on (read by the gateway's capture reader)",
            AllowMultipleArgumentsPerToken = true,
        };
        var synthetic = new Option<long>("--synthetic-seconds")
        {
            Description = "Train on this many seconds of the seeded synthetic market instead of captures (NOT real data)",
        };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the synthetic market", DefaultValueFactory = _ => 42UL };
        var symbols = new Option<int>("--symbols") { Description = "Symbols in the data (ids 0..N-1)", DefaultValueFactory = _ => 2 };
        var output = new Option<string>("--out") { Description = "Output model path (MODEL.onnx; the sidecar MODEL.onnx.json is written beside it)", Required = true };
        var interval = new Option<int>("--interval-seconds") { Description = "Candle interval of the features, seconds (must equal serving)", DefaultValueFactory = _ => 60 };
        var intervalText = new Option<string?>("--interval") { Description = "Candle interval of the features as a duration (\"250ms\", \"1s\", \"1m\"; must equal serving); instead of --interval-seconds" };
        var holdoutFraction = new Option<double>("--holdout-fraction") { Description = "Share of the rows, latest in time, held out for evaluation (the rest, minus a one-horizon embargo, is trained on)", DefaultValueFactory = _ => 0.2 };
        var horizon = new Option<int>("--horizon") { Description = "Label horizon in candles (forward return)", DefaultValueFactory = _ => 5 };
        var deadBand = new Option<double>("--dead-band-bps") { Description = "HOLD dead band of the forward return, basis points", DefaultValueFactory = _ => 15.0 };
        var trainer = new Option<string>("--trainer") { Description = "lightgbm (multiclass) or fasttree (one-versus-all)", DefaultValueFactory = _ => "lightgbm" };
        var iterations = new Option<int>("--iterations") { Description = "Boosting iterations (trees per class)", DefaultValueFactory = _ => 40 };
        var leaves = new Option<int>("--leaves") { Description = "Leaves per tree", DefaultValueFactory = _ => 8 };
        var noBook = new Option<bool>("--no-book") { Description = "Do not require a book top for a feature vector (data without bookTicker); serving must match" };
        var noFunding = new Option<bool>("--no-funding") { Description = "Do not require a funding rate for a feature vector (data without markPrice); serving must match" };
        var json = new Option<bool>("--json") { Description = "Print one JSON document instead of the human view" };
        var config = new Option<string?>("--config") { Description = "Config whose [[market.instruments]] name the capture's symbols and whose [inference] models count as defaults (default: config.toml beside the executable)" };
        var allowWeak = new Option<bool>("--allow-weak") { Description = "Write a model that is no better than always predicting the majority class even where it would become a default (models/default*.onnx or a model the config names)" };

        var command = new Command("train", "Trains a SELL/HOLD/BUY model (ML.NET) on features computed by the serving feature code, exports ONNX with its schema/hash sidecar");
        foreach (var o in new Option[] { data, synthetic, seed, symbols, output, interval, intervalText, holdoutFraction, horizon, deadBand, trainer, iterations, leaves, noBook, noFunding, json, config, allowWeak })
        {
            command.Options.Add(o);
        }

        command.SetAction(parseResult =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            var files = parseResult.GetValue(data) ?? [];
            var seconds = parseResult.GetValue(synthetic);
            if ((files.Length == 0) == (seconds <= 0))
            {
                stderr.WriteLine("quantumtrader train: give either --data CAPTURE... or --synthetic-seconds N");
                return 2;
            }

            var sources = new List<IEventSource>();
            var symbolCount = parseResult.GetValue(symbols);
            if (files.Length > 0)
            {
                var configPath = parseResult.GetValue(config);
                var loaded = configPath is null ? ConfigLoader.LoadDefault() : ConfigLoader.Load(configPath);
                if (!loaded.IsValid)
                {
                    foreach (var e in loaded.Errors)
                    {
                        stderr.WriteLine($"{loaded.Source}:{e.Line}:{e.Column}: {e.Key}: {e.Message}");
                    }

                    return 2;
                }

                var instruments = ConfigInstruments.BuildRegistry(loaded.Config!.Market, Venue.BinanceUsdM);
                symbolCount = instruments.Count;
                foreach (var file in files)
                {
                    if (!File.Exists(file))
                    {
                        stderr.WriteLine($"quantumtrader train: {file} does not exist");
                        return 2;
                    }

                    sources.Add(new CaptureEventSource(file, instruments, QuantumTrader.Runtime.Composition.StageOptions.Ingest(loaded.Config!)));
                }
            }
            else
            {
                sources.Add(new SyntheticEventSource(parseResult.GetValue(seed), parseResult.GetValue(symbols), 1_700_000_000_000_000_000L, seconds));
            }

            long intervalNs = parseResult.GetValue(interval) * 1_000_000_000L;
            if (parseResult.GetValue(intervalText) is { } text)
            {
                if (parseResult.GetResult(interval) is { Implicit: false })
                {
                    stderr.WriteLine("quantumtrader train: give either --interval or --interval-seconds, not both");
                    return 2;
                }

                if (!ConfigDuration.TryParseNanoseconds(text, out intervalNs, out var problem))
                {
                    stderr.WriteLine($"quantumtrader train: --interval: {problem}");
                    return 2;
                }
            }

            TrainingOptions options;
            try
            {
                options = new TrainingOptions
                {
                    HoldoutFraction = parseResult.GetValue(holdoutFraction),
                    Features = new FeatureOptions
                    {
                        CandleIntervalNs = intervalNs,
                        RequireBook = !parseResult.GetValue(noBook),
                        RequireFunding = !parseResult.GetValue(noFunding),
                    },
                    SymbolCount = symbolCount,
                    HorizonCandles = parseResult.GetValue(horizon),
                    DeadBandBps = parseResult.GetValue(deadBand),
                    Trainer = parseResult.GetValue(trainer) ?? "lightgbm",
                    Iterations = parseResult.GetValue(iterations),
                    Leaves = parseResult.GetValue(leaves),
                };
                options.Validate();
            }
            catch (ArgumentException ex)
            {
                stderr.WriteLine($"quantumtrader train: {ex.Message}");
                return 2;
            }

            // Design: the model is trained to a candidate file beside the target and moved into place only when it
            // may be written there: a model no better than always predicting the majority class never silently
            // becomes a default (models/default*.onnx, or a model the config's [inference] names).
            var target = Path.GetFullPath(parseResult.GetValue(output)!);
            var candidate = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileNameWithoutExtension(target)}.candidate-{Environment.ProcessId}.onnx");
            TrainingResult result;
            try
            {
                var source = sources.Count == 1 ? sources[0] : new ConcatenatedSource(sources);
                result = ModelTrainer.Train(source, options, candidate);
            }
            catch (InvalidOperationException ex)
            {
                DeleteCandidate(candidate);
                stderr.WriteLine($"quantumtrader train: {ex.Message}");
                return 1;
            }

            if (result.Weak)
            {
                var inv = CultureInfo.InvariantCulture;
                stderr.WriteLine(string.Create(inv, $"quantumtrader train: WARNING: the model is worse than always predicting the majority class: hold-out micro accuracy {result.MicroAccuracy:0.000} vs a majority-class share of {result.MajorityShare:0.000}"));
                if (IsDefault(target, parseResult.GetValue(config)) is { } why && !parseResult.GetValue(allowWeak))
                {
                    DeleteCandidate(candidate);
                    stderr.WriteLine($"quantumtrader train: refusing to write it to {target}: {why}; nothing was written (pass --allow-weak to write it anyway, or choose another --out)");
                    return ExitWeak;
                }
            }

            File.Move(candidate, target, overwrite: true);
            File.Move(Stages.Inference.ModelManifest.SidecarPath(candidate), Stages.Inference.ModelManifest.SidecarPath(target), overwrite: true);
            result = result with { ModelPath = target };
            var m = result.Manifest;
            if (parseResult.GetValue(json))
            {
                stdout.WriteLine(JsonSerializer.Serialize(new
                {
                    model = result.ModelPath,
                    sidecar = Stages.Inference.ModelManifest.SidecarPath(result.ModelPath),
                    sha256 = m.Sha256,
                    schema = $"{m.SchemaName}/v{m.SchemaVersion}",
                    schema_fingerprint = m.SchemaFingerprint,
                    train_rows = result.TrainRows,
                    holdout_rows = result.HoldoutRows,
                    onnx_agreement = result.OnnxAgreement,
                    train_from = Utc(m.TrainFromNs),
                    holdout_start = Utc(m.HoldoutStartNs),
                    holdout_end = Utc(m.HoldoutEndNs),
                    embargo_ns = m.EmbargoNs,
                    weak = result.Weak,
                    metrics = m.Metrics,
                }));
            }
            else
            {
                var inv = CultureInfo.InvariantCulture;
                stdout.WriteLine($"model      {result.ModelPath}");
                stdout.WriteLine($"sha256     {m.Sha256}");
                stdout.WriteLine($"schema     {m.SchemaName} v{m.SchemaVersion} ({m.FeatureNames.Count} features, fingerprint {m.SchemaFingerprint})");
                stdout.WriteLine($"data       {m.TrainingData}");
                stdout.WriteLine($"trainer    {m.Trainer}");
                stdout.WriteLine($"rows       train {result.TrainRows}, hold-out {result.HoldoutRows}");
                stdout.WriteLine(string.Create(inv, $"split      train from {Utc(m.TrainFromNs)}, hold-out {Utc(m.HoldoutStartNs)} .. {Utc(m.HoldoutEndNs)} (candle closes; embargo {m.EmbargoNs / 1e9:0.###} s); a backtest on this data: strategy.in_sample_from = \"{Utc(m.TrainFromNs)}\", in_sample_until = \"{Utc(m.HoldoutStartNs)}\""));
                foreach (var (k, v) in m.Metrics.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    stdout.WriteLine(string.Create(inv, $"  {k,-32} {v}"));
                }
            }

            return 0;
        });
        return command;
    }

    /// <summary>A candle close time in the form of strategy.in_sample_from (UTC, milliseconds).</summary>
    private static string Utc(long ns) =>
        DateTime.UnixEpoch.AddTicks(ns / 100).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Exit code when a weak model would have become a default and was not written.</summary>
    public const int ExitWeak = 3;

    /// <summary>Why <paramref name="target"/> is a default model path, or null when it is not.</summary>
    private static string? IsDefault(string target, string? configPath)
    {
        var name = Path.GetFileName(target);
        if (name.StartsWith("default", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            return "a default*.onnx file is what configs load by default";
        }

        var loaded = configPath is null ? ConfigLoader.LoadDefault() : ConfigLoader.Load(configPath);
        if (loaded.Config is { } config)
        {
            for (var i = 0; i < config.Inference.Models.Count; i++)
            {
                if (string.Equals(config.ResolvePath(config.Inference.Models[i].Path), target, StringComparison.Ordinal))
                {
                    return $"{loaded.Source} serves it (inference.models[{i}].path)";
                }
            }
        }

        return null;
    }

    private static void DeleteCandidate(string candidate)
    {
        File.Delete(candidate);
        File.Delete(Stages.Inference.ModelManifest.SidecarPath(candidate));
    }

    private sealed class ConcatenatedSource(List<IEventSource> parts) : IEventSource
    {
        public string Description => string.Join(" + ", parts.Select(p => p.Description));

        public long Published => parts.Sum(p => p.Published);

        public long Rejected => parts.Sum(p => p.Rejected);

        public SourceFailure Failure => parts.FirstOrDefault(p => p.Failure != SourceFailure.None)?.Failure ?? SourceFailure.None;

        public string? FailureReason => parts.FirstOrDefault(p => p.Failure != SourceFailure.None) is { } failed ? $"{failed.Description}: {failed.FailureReason}" : null;

        public long Run(IInputSink sink, Func<bool> stop)
        {
            long n = 0;
            foreach (var p in parts)
            {
                n += p.Run(sink, stop);
                if (p.Failure != SourceFailure.None)
                {
                    break;
                }
            }

            return n;
        }
    }
}
