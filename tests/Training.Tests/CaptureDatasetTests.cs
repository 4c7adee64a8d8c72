using QuantumTrader.Model;
using QuantumTrader.Runtime.Composition;
using QuantumTrader.Runtime.Configuration;
using QuantumTrader.Runtime.Sources;
using QuantumTrader.Stages.Features;
using QuantumTrader.Stages.Inference;
using QuantumTrader.Testing;

namespace QuantumTrader.Training.Tests;

/// <summary>
/// The dataset models/default.onnx is trained on: the recorded BTCUSDT capture through the serving feature code with
/// the shipped config's [features] (250 ms candles), labels over 20 candles (5 s) with a 0.5 bp dead band, and the
/// split by time (first 60 % trained on, one-horizon embargo, the rest held out). models/README.md states these figures.
/// </summary>
public sealed class CaptureDatasetTests
{
    private const int Horizon = 20;
    private const double DeadBandBps = 0.5;
    private const double HoldoutFraction = 0.4;
    private const long Second = 1_000_000_000L;

    private static readonly Lazy<(QuantumTraderConfig Config, TrainingOptions Options, List<LabeledRow> Rows)> Capture = new(BuildFromCapture);

    [Fact]
    public void Build_RecordedCaptureWithTheShippedFeatureSettings_Gives1053LabeledRowsOf250MsCandles()
    {
        var (config, _, rows) = Capture.Value;

        Assert.Equal(250_000_000L, StageOptions.Features(config).CandleIntervalNs);
        Assert.Equal(1053, rows.Count);
        Assert.All(rows, r => Assert.Equal(0, r.SymbolId));
        Assert.All(rows, r => Assert.Equal(0, r.TimeNs % 250_000_000L));
    }

    [Fact]
    public void ByTime_RecordedCapture_TrainsOnTheEarlierPartAndHoldsOutTheLaterAfterAOneHorizonEmbargo()
    {
        var (_, options, rows) = Capture.Value;
        var embargo = Horizon * options.Features.CandleIntervalNs;

        var split = DatasetSplit.ByTime(rows, HoldoutFraction, embargo);

        Assert.Equal((611, 20, 422), (split.Train.Count, split.Embargoed, split.Holdout.Count));
        Assert.Equal(1_723_161_482_750_000_000L, split.HoldoutStartNs); // 2024-08-08T23:58:02.750Z
        Assert.Equal(5 * Second, split.EmbargoNs);
        Assert.All(split.Train, r => Assert.True(r.TimeNs + embargo < split.HoldoutStartNs));
        Assert.All(split.Holdout, r => Assert.True(r.TimeNs >= split.HoldoutStartNs));
        Assert.Equal(rows.Max(r => r.TimeNs), split.Holdout[^1].TimeNs);
        Assert.Equal(rows.Min(r => r.TimeNs), split.Train[0].TimeNs);
        Assert.Equal((1_723_161_306_250_000_000L, 1_723_161_477_500_000_000L), (split.Train[0].TimeNs, split.Train[^1].TimeNs)); // 23:55:06.250Z, 23:57:57.500Z
        Assert.Equal(1_723_161_594_500_000_000L, split.Holdout[^1].TimeNs); // 23:59:54.500Z
    }

    [Fact]
    public void ShippedModelAndConfig_AgreeWithTheSplit_NoEntryInTheTrainingPeriod()
    {
        var (config, options, rows) = Capture.Value;
        var split = DatasetSplit.ByTime(rows, HoldoutFraction, Horizon * options.Features.CandleIntervalNs);
        var path = config.ResolvePath(Assert.Single(config.Inference.Models).Path);
        var sidecar = ModelManifest.FromJson(File.ReadAllText(ModelManifest.SidecarPath(path)));

        Assert.Equal(split.HoldoutStartNs, sidecar.HoldoutStartNs);
        Assert.Equal((split.Train[0].TimeNs, split.HoldoutStartNs), (config.Strategy.InSampleFromNs(), config.Strategy.InSampleUntilNs()));
        Assert.Equal(split.Train[0].TimeNs, sidecar.TrainFromNs);
        Assert.Equal((Horizon, DeadBandBps), (sidecar.HorizonCandles, sidecar.DeadBandBps));
        Assert.Equal((611.0, 422.0), (sidecar.Metrics["train_rows"], sidecar.Metrics["holdout_rows"]));
        Assert.Null(OnnxClassifier.FeatureSettingsMismatch(sidecar, StageOptions.Features(config)));
    }

    [Fact]
    public void ByTime_RowsWhoseLabelWindowReachesTheHoldout_AreInNeitherSet()
    {
        var rows = new List<LabeledRow>();
        for (var i = 999; i >= 0; i--)
        {
            rows.Add(new LabeledRow(0, (1_000 + i) * Second, [0f], 0, i % 3)); // out of order on purpose
        }

        var split = DatasetSplit.ByTime(rows, 0.2, 5 * Second);

        Assert.Equal(1_800 * Second, split.HoldoutStartNs);
        Assert.Equal((795, 5, 200), (split.Train.Count, split.Embargoed, split.Holdout.Count));
        Assert.Equal(1_794 * Second, split.Train[^1].TimeNs);
        Assert.Equal(1_800 * Second, split.Holdout[0].TimeNs);
    }

    [Fact]
    public void ByTime_TooFewRows_Refused()
    {
        var rows = Enumerable.Range(0, DatasetSplit.MinRows - 1).Select(i => new LabeledRow(0, i * Second, [0f], 0, 1)).ToList();

        var ex = Assert.Throws<InvalidOperationException>(() => DatasetSplit.ByTime(rows, 0.4, Second));

        Assert.Contains("too few", ex.Message, StringComparison.Ordinal);
    }

    private static (QuantumTraderConfig, TrainingOptions, List<LabeledRow>) BuildFromCapture()
    {
        var config = ConfigLoader.LoadDefault().GetConfigOrThrow();
        var instruments = ConfigInstruments.BuildRegistry(config.Market, Venue.BinanceUsdM);
        var options = new TrainingOptions
        {
            Features = StageOptions.Features(config),
            SymbolCount = instruments.Count,
            HorizonCandles = Horizon,
            DeadBandBps = DeadBandBps,
            HoldoutFraction = HoldoutFraction,
        };
        var source = new CaptureEventSource(TestPaths.Data("binance", "hftbacktest-usdm", "btcusdt_20240808.gz"), instruments, StageOptions.Ingest(config));
        return (config, options, DatasetBuilder.Build(source, options));
    }
}
