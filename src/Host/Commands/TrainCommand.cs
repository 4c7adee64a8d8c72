using System.CommandLine;
using QuantumTrader.Host.Config;
using QuantumTrader.Host.Replay;
using QuantumTrader.Stages.Model;
using System.Globalization;
using System.Text.Json;
using QuantumTrader.Host.Training;
using QuantumTrader.Stages.Features;

namespace QuantumTrader.Host.Commands;

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
        var horizon = new Option<int>("--horizon") { Description = "Label horizon in candles (forward return)", DefaultValueFactory = _ => 5 };
        var deadBand = new Option<double>("--dead-band-bps") { Description = "HOLD dead band of the forward return, basis points", DefaultValueFactory = _ => 15.0 };
        var trainer = new Option<string>("--trainer") { Description = "lightgbm (multiclass) or fasttree (one-versus-all)", DefaultValueFactory = _ => "lightgbm" };
        var iterations = new Option<int>("--iterations") { Description = "Boosting iterations (trees per class)", DefaultValueFactory = _ => 40 };
        var leaves = new Option<int>("--leaves") { Description = "Leaves per tree", DefaultValueFactory = _ => 8 };
        var noBook = new Option<bool>("--no-book") { Description = "Do not require a book top for a feature vector (data without bookTicker); serving must match" };
        var noFunding = new Option<bool>("--no-funding") { Description = "Do not require a funding rate for a feature vector (data without markPrice); serving must match" };
        var json = new Option<bool>("--json") { Description = "Print one JSON document instead of the human view" };
        var config = new Option<string?>("--config") { Description = "Config whose [[market.instruments]] name the capture's symbols (default: config.toml beside the executable)" };

        var command = new Command("train", "Trains a SELL/HOLD/BUY model (ML.NET) on features computed by the serving feature code, exports ONNX with its schema/hash sidecar");
        foreach (var o in new Option[] { data, synthetic, seed, symbols, output, interval, horizon, deadBand, trainer, iterations, leaves, noBook, noFunding, json, config })
        {
            command.Options.Add(o);
        }

        command.SetAction(parseResult =>
        {
            var files = parseResult.GetValue(data) ?? [];
            var seconds = parseResult.GetValue(synthetic);
            if ((files.Length == 0) == (seconds <= 0))
            {
                Console.Error.WriteLine("quantumtrader train: give either --data CAPTURE... or --synthetic-seconds N");
                return 2;
            }

            var sources = new List<IInputEventSource>();
            var symbolCount = parseResult.GetValue(symbols);
            if (files.Length > 0)
            {
                var configPath = parseResult.GetValue(config);
                var loaded = configPath is null ? ConfigLoader.LoadDefault() : ConfigLoader.Load(configPath);
                if (!loaded.IsValid)
                {
                    foreach (var e in loaded.Errors)
                    {
                        Console.Error.WriteLine($"{loaded.Source}:{e.Line}:{e.Column}: {e.Key}: {e.Message}");
                    }

                    return 2;
                }

                var instruments = ConfigInstruments.BuildRegistry(loaded.Config!.Market, Venue.BinanceUsdM);
                symbolCount = instruments.Count;
                foreach (var file in files)
                {
                    if (!File.Exists(file))
                    {
                        Console.Error.WriteLine($"quantumtrader train: {file} does not exist");
                        return 2;
                    }

                    sources.Add(new CaptureEventSource(file, instruments, Composition.StageOptions.Ingest(loaded.Config!)));
                }
            }
            else
            {
                sources.Add(new SyntheticEventSource(parseResult.GetValue(seed), parseResult.GetValue(symbols), 1_700_000_000_000_000_000L, seconds));
            }

            TrainingOptions options;
            try
            {
                options = new TrainingOptions
                {
                    Features = new FeatureOptions
                    {
                        CandleIntervalNs = parseResult.GetValue(interval) * 1_000_000_000L,
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
                Console.Error.WriteLine($"quantumtrader train: {ex.Message}");
                return 2;
            }

            TrainingResult result;
            try
            {
                var source = sources.Count == 1 ? sources[0] : new ConcatenatedSource(sources);
                result = ModelTrainer.Train(source, options, parseResult.GetValue(output)!);
            }
            catch (InvalidOperationException ex)
            {
                Console.Error.WriteLine($"quantumtrader train: {ex.Message}");
                return 1;
            }

            var m = result.Manifest;
            if (parseResult.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    model = result.ModelPath,
                    sidecar = Stages.Inference.ModelManifest.SidecarPath(result.ModelPath),
                    sha256 = m.Sha256,
                    schema = $"{m.SchemaName}/v{m.SchemaVersion}",
                    schema_fingerprint = m.SchemaFingerprint,
                    train_rows = result.TrainRows,
                    holdout_rows = result.HoldoutRows,
                    onnx_agreement = result.OnnxAgreement,
                    metrics = m.Metrics,
                }));
            }
            else
            {
                var inv = CultureInfo.InvariantCulture;
                Console.WriteLine($"model      {result.ModelPath}");
                Console.WriteLine($"sha256     {m.Sha256}");
                Console.WriteLine($"schema     {m.SchemaName} v{m.SchemaVersion} ({m.FeatureNames.Count} features, fingerprint {m.SchemaFingerprint})");
                Console.WriteLine($"data       {m.TrainingData}");
                Console.WriteLine($"trainer    {m.Trainer}");
                Console.WriteLine($"rows       train {result.TrainRows}, hold-out {result.HoldoutRows}");
                foreach (var (k, v) in m.Metrics.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    Console.WriteLine(string.Create(inv, $"  {k,-32} {v}"));
                }
            }

            return 0;
        });
        return command;
    }

    private sealed class ConcatenatedSource(List<IInputEventSource> parts) : IInputEventSource
    {
        public string Description => string.Join(" + ", parts.Select(p => p.Description));

        public IEnumerable<Stages.Model.InputEvent> Events() => parts.SelectMany(p => p.Events());
    }
}
