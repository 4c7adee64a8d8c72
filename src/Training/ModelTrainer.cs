using QuantumTrader.Model.Ports;
using System.Security.Cryptography;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using Microsoft.ML.Transforms;
using QuantumTrader.Stages.Features;
using QuantumTrader.Stages.Inference;

namespace QuantumTrader.Training;

/// <summary>
/// Trains a 3-class SELL/HOLD/BUY model with ML.NET (LightGbm multiclass or FastTree one-versus-all) on
/// rows from <see cref="DatasetBuilder"/>, exports it to ONNX with Microsoft.ML.OnnxConverter, writes the
/// sidecar (schema, hash, class order, candle interval, metrics) and checks that the exported file loads
/// through the serving loader and agrees with the ML.NET model.
/// </summary>
public static class ModelTrainer
{
    /// <summary>Trains from <paramref name="source"/> and writes <paramref name="outPath"/> and its sidecar.</summary>
    public static TrainingResult Train(IEventSource source, TrainingOptions options, string outPath)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var rows = DatasetBuilder.Build(source, options);
        return Train(rows, source.Description, options, outPath);
    }

    /// <summary>Trains from labeled rows.</summary>
    public static TrainingResult Train(IReadOnlyList<LabeledRow> rows, string dataDescription, TrainingOptions options, string outPath)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(outPath);
        var schema = FeatureSchemas.Current;

        // Time-ordered split: the latest rows are held out; rows whose label window reaches into the
        // hold-out period are dropped (embargo), so no label leaks across the split.
        var embargoNs = options.HorizonCandles * options.Features.CandleIntervalNs;
        var split = DatasetSplit.ByTime(rows, options.HoldoutFraction, embargoNs);
        var train = split.Train;
        var holdout = split.Holdout;
        for (var label = 0; label < 3; label++)
        {
            if (!train.Any(r => r.Label == label))
            {
                throw new InvalidOperationException($"the training rows have no {ClassIndex.Names[label]} label: widen the data or narrow the dead band");
            }
        }

        var ml = new MLContext(options.Seed);
        var definition = SchemaDefinition.Create(typeof(MlRow));
        definition[nameof(MlRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, schema.Count);
        var trainView = ml.Data.LoadFromEnumerable(train.Select(ToMl), definition);
        var holdoutView = ml.Data.LoadFromEnumerable(holdout.Select(ToMl), definition);

        // Keys by value: key 1..3 = labels 0..2 = SELL, HOLD, BUY, so score column i is class i.
        var toKey = ml.Transforms.Conversion.MapValueToKey(nameof(MlRow.Label), keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue);
        ITransformer model;
        string trainerText;
        if (options.Trainer == "lightgbm")
        {
            var trainer = ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
            {
                NumberOfIterations = options.Iterations,
                NumberOfLeaves = options.Leaves,
                MinimumExampleCountPerLeaf = options.MinRowsPerLeaf,
                LearningRate = options.LearningRate,
                NumberOfThreads = 1,
                Seed = options.Seed,
                Silent = true,
                Deterministic = true,
            });
            model = toKey.Append(trainer).Fit(trainView);
            trainerText = $"ML.NET LightGbm multiclass: iterations={options.Iterations}, leaves={options.Leaves}, min_rows_per_leaf={options.MinRowsPerLeaf}, learning_rate={options.LearningRate}, seed={options.Seed}, threads=1";
        }
        else
        {
            var binary = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                NumberOfTrees = options.Iterations,
                NumberOfLeaves = options.Leaves,
                MinimumExampleCountPerLeaf = options.MinRowsPerLeaf,
                LearningRate = options.LearningRate,
                NumberOfThreads = 1,
            });
            model = toKey.Append(ml.MulticlassClassification.Trainers.OneVersusAll(binary)).Fit(trainView);
            trainerText = $"ML.NET FastTree one-versus-all: trees_per_class={options.Iterations}, leaves={options.Leaves}, min_rows_per_leaf={options.MinRowsPerLeaf}, learning_rate={options.LearningRate}, seed={options.Seed}, threads=1";
        }

        var predictions = model.Transform(holdoutView);
        var metrics = ml.MulticlassClassification.Evaluate(predictions, labelColumnName: nameof(MlRow.Label));

        var directory = Path.GetDirectoryName(Path.GetFullPath(outPath))!;
        Directory.CreateDirectory(directory);
        using (var stream = File.Create(outPath))
        {
            ml.Model.ConvertToOnnx(model, trainView, stream);
        }

        var manifest = new ModelManifest
        {
            SchemaName = schema.Name,
            SchemaVersion = schema.Version,
            SchemaFingerprint = schema.Fingerprint,
            FeatureNames = schema.Names.ToList(),
            CandleIntervalNs = options.Features.CandleIntervalNs,
            RequireBook = options.Features.RequireBook,
            RequireFunding = options.Features.RequireFunding,
            MaxGapCandles = options.Features.MaxGapCandles,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(outPath))),
            FeaturesInput = nameof(MlRow.Features),
            LabelInput = nameof(MlRow.Label),
            ScoreOutput = "Score.output",
            Classes = ClassIndex.Names.ToList(),
            Trainer = trainerText,
            TrainingData = dataDescription,
            HorizonCandles = options.HorizonCandles,
            DeadBandBps = options.DeadBandBps,
            TrainFromNs = train.Count == 0 ? 0 : train[0].TimeNs,
            HoldoutStartNs = split.HoldoutStartNs,
            HoldoutEndNs = holdout[^1].TimeNs,
            EmbargoNs = embargoNs,
        };
        manifest.Metrics["train_rows"] = train.Count;
        manifest.Metrics["holdout_rows"] = holdout.Count;
        manifest.Metrics["holdout_micro_accuracy"] = Math.Round(metrics.MicroAccuracy, 6);
        manifest.Metrics["holdout_macro_accuracy"] = Math.Round(metrics.MacroAccuracy, 6);
        manifest.Metrics["holdout_log_loss"] = Math.Round(metrics.LogLoss, 6);
        manifest.Metrics["holdout_majority_class_share"] = Math.Round(MajorityShare(holdout), 6);
        manifest.Metrics["embargoed_rows"] = split.Embargoed;
        var confusion = metrics.ConfusionMatrix;
        for (var label = 0; label < 3; label++)
        {
            var name = ClassIndex.Names[label].ToLowerInvariant();
            // ML.NET's per-class figures follow the key order, which is the label order (MapValueToKey by value); a
            // class absent from the hold-out has no row there.
            manifest.Metrics[$"holdout_precision_{name}"] = label < confusion.PerClassPrecision.Count ? Math.Round(confusion.PerClassPrecision[label], 6) : 0;
            manifest.Metrics[$"holdout_recall_{name}"] = label < confusion.PerClassRecall.Count ? Math.Round(confusion.PerClassRecall[label], 6) : 0;
            manifest.Metrics[$"holdout_share_{name}"] = Math.Round(holdout.Count(r => r.Label == label) / (double)Math.Max(1, holdout.Count), 6);
        }

        for (var label = 0; label < 3; label++)
        {
            manifest.Metrics[$"train_share_{ClassIndex.Names[label].ToLowerInvariant()}"] = Math.Round(train.Count(r => r.Label == label) / (double)train.Count, 6);
        }

        var agreement = OnnxAgreement(ml, model, holdout, definition, outPath, manifest, options.Features);
        manifest.Metrics["onnx_mlnet_agreement"] = Math.Round(agreement, 6);
        File.WriteAllText(ModelManifest.SidecarPath(outPath), manifest.ToJson());
        return new TrainingResult(outPath, manifest, train.Count, holdout.Count, agreement);
    }

    private static double MajorityShare(IReadOnlyList<LabeledRow> rows)
    {
        var counts = new int[3];
        foreach (var r in rows)
        {
            counts[r.Label]++;
        }

        return counts.Max() / (double)Math.Max(1, rows.Count);
    }

    private static double OnnxAgreement(MLContext ml, ITransformer model, IReadOnlyList<LabeledRow> holdout, SchemaDefinition definition, string path, ModelManifest manifest, FeatureOptions serving)
    {
        // The sidecar must exist for the serving loader; write it now (rewritten with the final metrics after).
        File.WriteAllText(ModelManifest.SidecarPath(path), manifest.ToJson());
        using var onnx = OnnxClassifier.Load(path, FeatureSchemas.Current, serving);
        var engine = ml.Model.CreatePredictionEngine<MlRow, MlPrediction>(model, inputSchemaDefinition: definition);
        var probabilities = new float[3];
        var agree = 0;
        foreach (var row in holdout)
        {
            var mlScores = engine.Predict(ToMl(row)).Score!;
            if (!onnx.TryPredict(row.Features, probabilities))
            {
                throw new InvalidOperationException("the exported ONNX model failed on a hold-out row");
            }

            var mlClass = EnsembleCombiner.ArgMax(mlScores[0], mlScores[1], mlScores[2]);
            var onnxClass = EnsembleCombiner.ArgMax(probabilities[0], probabilities[1], probabilities[2]);
            agree += mlClass == onnxClass ? 1 : 0;
        }

        return holdout.Count == 0 ? 1.0 : agree / (double)holdout.Count;
    }

    private static MlRow ToMl(LabeledRow row) => new() { Features = row.Features, Label = row.Label };

    private sealed class MlRow
    {
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }

    private sealed class MlPrediction
    {
        public float[]? Score { get; set; }
    }
}
