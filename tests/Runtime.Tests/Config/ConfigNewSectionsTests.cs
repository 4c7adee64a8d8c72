using QuantumTrader.Runtime.Configuration;

namespace QuantumTrader.Runtime.Tests.Config;

/// <summary>[features], [inference], [simulator] and the signal rules of [strategy].</summary>
public sealed class ConfigNewSectionsTests
{
    private static readonly ConfigLoadOptions FourCores = new() { ProcessorCount = 4 };

    private const string Instruments = "[[market.instruments]]\nsymbol = \"BTCUSDT\"\ntick_size = \"0.10\"\nstep_size = \"0.001\"\n";

    /// <summary>Each row: the line replaced, its new text, and the key, column and message part expected.</summary>
    public static TheoryData<string, int, string, string, int, string> SingleErrorCases => new()
    {
        // case name, line, replacement, expected key, expected column, message fragment
        { "retention days negative", 19, "retention_days = -1", "journal.retention_days", 18, "out of range" },
        { "retention size as float", 19, "retention_max_gib = 1.5", "journal.retention_max_gib", 21, "expected an integer" },
        { "compress sealed as string", 19, "compress_sealed = \"yes\"", "journal.compress_sealed", 19, "expected a boolean" },
        { "maintenance period zero", 19, "maintenance_period_seconds = 0", "journal.maintenance_period_seconds", 30, "out of range" },
        { "candle interval fractional seconds", 42, "candle_interval = \"1500ms\"", "features.candle_interval", 19, "whole milliseconds that divide one second" },
        { "candle interval not dividing a second", 42, "candle_interval = \"300ms\"", "features.candle_interval", 19, "whole milliseconds that divide one second" },
        { "candle interval below 100 ms", 42, "candle_interval = \"50ms\"", "features.candle_interval", 19, "at least 100ms" },
        { "candle interval without unit", 42, "candle_interval = \"5\"", "features.candle_interval", 19, "has no unit" },
        { "candle interval as number", 42, "candle_interval = 5", "features.candle_interval", 19, "expected a duration string" },
        { "candle interval zero", 42, "candle_interval = \"0s\"", "features.candle_interval", 19, "not a positive duration" },
        { "candle interval negative", 42, "candle_interval = \"-1s\"", "features.candle_interval", 19, "not a positive duration" },
        { "candle interval above a day", 42, "candle_interval = \"25h\"", "features.candle_interval", 19, "at most 24h" },
        { "candle interval overflowing", 42, "candle_interval = \"1e300h\"", "features.candle_interval", 19, "too long" },
        { "candle interval unknown unit", 42, "candle_interval = \"2d\"", "features.candle_interval", 19, "not a positive duration" },
        { "in-sample start without zone", 39, "in_sample_from = \"2024-08-08T23:57:56\"", "strategy.in_sample_from", 18, "not a UTC timestamp" },
        { "in-sample end as a number", 39, "in_sample_until = 1723161476000", "strategy.in_sample_until", 19, "expected a string" },
        { "in-sample start without an end", 39, "in_sample_from = \"2024-08-08T23:57:56Z\"", "strategy.in_sample_from", 18, "without in_sample_until" },
        { "in-sample end without a start", 39, "in_sample_until = \"2024-08-08T23:57:56Z\"", "strategy.in_sample_until", 19, "without in_sample_from" },
        { "gap candles negative", 43, "max_gap_candles = -1", "features.max_gap_candles", 19, "out of range" },
        { "gap candles float", 43, "max_gap_candles = 1.5", "features.max_gap_candles", 19, "expected an integer" },
        { "features key typo", 43, "max_gap_candle = 10", "features.max_gap_candle", 1, "did you mean `max_gap_candles`" },
        { "require book as string", 44, "require_book = \"yes\"", "features.require_book", 16, "expected a boolean" },
        { "book age zero", 45, "max_book_age = \"0ms\"", "features.max_book_age", 16, "not a positive duration" },
        { "book age NaN", 45, "max_book_age = \"NaNs\"", "features.max_book_age", 16, "not a positive duration" },
        { "book age empty", 45, "max_book_age = \"\"", "features.max_book_age", 16, "not a positive duration" },
        { "book age below resolution", 45, "max_book_age = \"0.00001ms\"", "features.max_book_age", 16, "100 ns resolution" },
        { "require funding as integer", 46, "require_funding = 1", "features.require_funding", 19, "expected a boolean" },
        { "funding age infinite number", 47, "max_funding_age = inf", "features.max_funding_age", 19, "expected a duration string" },
        { "min voters zero", 50, "min_voters = 0", "inference.min_voters", 14, "out of range" },
        { "min voters above models", 50, "min_voters = 3", "inference.min_voters", 14, "exceeds the 2 models" },
        { "directional consensus one", 51, "min_directional_consensus = 1", "inference.min_directional_consensus", 29, "a single model must never override HOLD" },
        { "directional consensus above models", 51, "min_directional_consensus = 3", "inference.min_directional_consensus", 29, "exceeds the 2 models" },
        { "directional consensus negative", 51, "min_directional_consensus = -2", "inference.min_directional_consensus", 29, "out of range" },
        { "conflate as string", 52, "conflate_per_batch = \"no\"", "inference.conflate_per_batch", 22, "expected a boolean" },
        { "model path empty", 54, "path = \"\"", "inference.models[0].path", 8, "empty" },
        { "model path not onnx", 54, "path = \"models/a.pt\"", "inference.models[0].path", 8, "must end in .onnx" },
        { "model path upper-case extension", 54, "path = \"models/a.ONNX\"", "inference.models[0].path", 8, "must end in .onnx" },
        { "model path number", 54, "path = 3", "inference.models[0].path", 8, "expected a string" },
        { "model path duplicate", 57, "path = \"models/a.onnx\"", "inference.models[1].path", 8, "already listed at inference.models[0]" },
        { "model weight zero", 55, "weight = 0", "inference.models[0].weight", 10, "must be positive" },
        { "model weight negative", 58, "weight = -0.5", "inference.models[1].weight", 10, "must be positive" },
        { "model weight NaN", 55, "weight = nan", "inference.models[0].weight", 10, "NaN" },
        { "model weight infinite", 55, "weight = inf", "inference.models[0].weight", 10, "infinite" },
        { "model weight string", 55, "weight = \"1\"", "inference.models[0].weight", 10, "expected a number" },
        { "model key typo", 55, "wieght = 1.5", "inference.models[0].wieght", 1, "did you mean `weight`" },
        { "latency zero", 61, "latency = \"0ms\"", "simulator.latency", 11, "not a positive duration" },
        { "latency above a minute", 61, "latency = \"2m\"", "simulator.latency", 11, "at most 1m" },
        { "latency as number", 61, "latency = 5", "simulator.latency", 11, "expected a duration string" },
        { "taker fee negative", 62, "taker_fee_bps = -1.0", "simulator.taker_fee_bps", 17, "expected 0..1000" },
        { "taker fee NaN", 62, "taker_fee_bps = nan", "simulator.taker_fee_bps", 17, "NaN" },
        { "maker fee negative", 63, "maker_fee_bps = -0.5", "simulator.maker_fee_bps", 17, "expected 0..1000" },
        { "maker fee above range", 63, "maker_fee_bps = 5000", "simulator.maker_fee_bps", 17, "expected 0..1000" },
        { "slippage negative", 64, "slippage_ticks = -1", "simulator.slippage_ticks", 18, "out of range" },
        { "slippage float", 64, "slippage_ticks = 0.5", "simulator.slippage_ticks", 18, "expected an integer" },
        { "simulator key typo", 64, "slipage_ticks = 1", "simulator.slipage_ticks", 1, "did you mean `slippage_ticks`" },
        { "min consensus zero", 32, "min_consensus = 0", "strategy.min_consensus", 17, "out of range" },
        { "min consensus above models", 32, "min_consensus = 3", "strategy.min_consensus", 17, "exceeds the 2 models" },
        { "symbol cooldown zero", 33, "symbol_cooldown = \"0s\"", "strategy.symbol_cooldown", 19, "not a positive duration" },
        { "symbol cooldown without unit", 33, "symbol_cooldown = \"45\"", "strategy.symbol_cooldown", 19, "has no unit" },
        { "symbol cooldown above a week", 33, "symbol_cooldown = \"169h\"", "strategy.symbol_cooldown", 19, "at most 168h" },
        { "signals per minute negative", 34, "max_signals_per_minute = -1", "strategy.max_signals_per_minute", 26, "out of range" },
        { "signals per minute too many", 34, "max_signals_per_minute = 100001", "strategy.max_signals_per_minute", 26, "out of range" },
        { "funding rate NaN", 35, "max_abs_funding_rate = nan", "strategy.max_abs_funding_rate", 24, "NaN" },
        { "funding rate negative", 35, "max_abs_funding_rate = -0.001", "strategy.max_abs_funding_rate", 24, "expected 0..1" },
        { "funding rate above one", 35, "max_abs_funding_rate = 1.5", "strategy.max_abs_funding_rate", 24, "expected 0..1" },
        { "reentry block zero", 36, "reentry_block = \"0m\"", "strategy.reentry_block", 17, "not a positive duration" },
        { "strategy key typo", 36, "reentry_blok = \"15m\"", "strategy.reentry_blok", 1, "did you mean `reentry_block`" },
        { "correlation above one", 37, "max_correlation_with_open = 1.2", "strategy.max_correlation_with_open", 29, "expected -1..1" },
        { "correlation NaN", 37, "max_correlation_with_open = nan", "strategy.max_correlation_with_open", 29, "NaN" },
        { "correlation window one", 38, "correlation_window_candles = 1", "strategy.correlation_window_candles", 30, "out of range" },
        { "correlation samples one", 39, "min_correlation_samples = 1", "strategy.min_correlation_samples", 27, "out of range" },
        { "correlation samples above window", 39, "min_correlation_samples = 241", "strategy.min_correlation_samples", 27, "exceeds correlation_window_candles (240)" },
    };

    [Theory]
    [MemberData(nameof(SingleErrorCases))]
    public void LoadText_OneBadLine_ReportsKeyLineColumnAndReason(string name, int line, string replacement, string key, int column, string fragment)
    {
        var result = ConfigLoader.LoadText(ConfigFixtures.WithLine(line, replacement), "test.toml", FourCores);

        Assert.False(result.IsValid, name);
        var error = Assert.Single(result.Errors);
        Assert.Equal(key, error.Key);
        Assert.Equal(line, error.Line);
        Assert.Equal(column, error.Column);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_ValidFile_BindsNewSectionsAndNanoseconds()
    {
        var config = ConfigLoader.LoadText(ConfigFixtures.Valid, "test.toml", FourCores).GetConfigOrThrow();

        var f = config.Features;
        Assert.Equal(("5s", 10, false, "1500ms", true, "2m"), (f.CandleInterval, f.MaxGapCandles, f.RequireBook, f.MaxBookAge, f.RequireFunding, f.MaxFundingAge));
        Assert.Equal(5_000_000_000L, f.CandleIntervalNs());
        Assert.Equal(1_500_000_000L, f.MaxBookAgeNs());
        Assert.Equal(120_000_000_000L, f.MaxFundingAgeNs());

        var i = config.Inference;
        Assert.Equal((2, 2, false), (i.MinVoters, i.MinDirectionalConsensus, i.ConflatePerBatch));
        Assert.Equal(["models/a.onnx", "/opt/qt/b.onnx"], i.Models.Select(m => m.Path));
        Assert.Equal([1.5, 0.5], i.Models.Select(m => m.Weight));

        var s = config.Simulator;
        Assert.Equal(("2ms", 4.5, 0.0, 1), (s.Latency, s.TakerFeeBps, s.MakerFeeBps, s.SlippageTicks));
        Assert.Equal(2_000_000L, s.LatencyNs());

        var st = config.Strategy;
        Assert.Equal((2, "45s", 12, 0.002, "15m"), (st.MinConsensus, st.SymbolCooldown, st.MaxSignalsPerMinute, st.MaxAbsFundingRate, st.ReentryBlock));
        Assert.Equal((0.7, 240, 30), (st.MaxCorrelationWithOpen, st.CorrelationWindowCandles, st.MinCorrelationSamples));
        Assert.Equal(45_000_000_000L, st.SymbolCooldownNs());
        Assert.Equal(900_000_000_000L, st.ReentryBlockNs());
    }

    [Fact]
    public void LoadText_NewSectionsAbsent_KeepClassDefaults()
    {
        var config = ConfigLoader.LoadText(Instruments, "min.toml", FourCores).GetConfigOrThrow();

        var features = new FeaturesSection();
        var simulator = new SimulatorSection();
        var strategy = new StrategySection();
        Assert.Equal(features.CandleInterval, config.Features.CandleInterval);
        Assert.Equal(features.RequireFunding, config.Features.RequireFunding);
        Assert.Equal(60_000_000_000L, config.Features.CandleIntervalNs());
        Assert.Equal(60_000_000_000L, config.Features.MaxBookAgeNs());
        Assert.Equal(300_000_000_000L, config.Features.MaxFundingAgeNs());
        Assert.Empty(config.Inference.Models);
        Assert.Equal(new InferenceSection().ConflatePerBatch, config.Inference.ConflatePerBatch);
        Assert.Equal((simulator.Latency, simulator.TakerFeeBps, simulator.MakerFeeBps), (config.Simulator.Latency, config.Simulator.TakerFeeBps, config.Simulator.MakerFeeBps));
        Assert.Equal(5_000_000L, config.Simulator.LatencyNs());
        Assert.Equal(strategy.MinCorrelationSamples, config.Strategy.MinCorrelationSamples);
        Assert.Equal(60_000_000_000L, config.Strategy.SymbolCooldownNs());
        Assert.Equal(900_000_000_000L, config.Strategy.ReentryBlockNs());
    }

    [Fact]
    public void LoadText_InferenceSectionWithoutModels_IsRejected()
    {
        var error = Assert.Single(ConfigLoader.LoadText("[inference]\nmin_voters = 1\n" + Instruments, "t.toml", FourCores).Errors);

        Assert.Equal(("inference.models", 1), (error.Key, error.Line));
        Assert.Contains("at least one [[inference.models]]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_EmptyModelArray_IsRejected()
    {
        var error = Assert.Single(ConfigLoader.LoadText("inference.models = []\n" + Instruments, "t.toml", FourCores).Errors);

        Assert.Equal(("inference.models", 1), (error.Key, error.Line));
        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_MoreModelsThanTheEnsembleTakes_NamesTheFirstExtraEntry()
    {
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < 33; i++)
        {
            text.Append("[[inference.models]]\npath = \"m").Append(i).Append(".onnx\"\n");
        }

        var error = Assert.Single(ConfigLoader.LoadText(text + Instruments, "t.toml", FourCores).Errors);

        Assert.Equal(("inference.models[32].path", 65), (error.Key, error.Line));
        Assert.Contains("at most 32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_SingleModel_AllowsMinVotersOneAndDirectionalOff()
    {
        var text = "[inference]\nmin_voters = 1\nmin_directional_consensus = 0\n[[inference.models]]\npath = \"m.onnx\"\n" + Instruments;

        var config = ConfigLoader.LoadText(text, "t.toml", FourCores).GetConfigOrThrow();

        var model = Assert.Single(config.Inference.Models);
        Assert.Equal(("m.onnx", 1.0), (model.Path, model.Weight));
    }

    [Fact]
    public void Load_File_SetsBaseDirectoryAndResolvesRelativeModelPathsAgainstIt()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"qt-config-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var file = Path.Combine(dir, "my.toml");
            File.WriteAllText(file, ConfigFixtures.Valid);

            var config = ConfigLoader.Load(file, FourCores).GetConfigOrThrow();

            Assert.Equal(dir, config.BaseDirectory);
            Assert.Equal(Path.Combine(dir, "models", "a.onnx"), config.ResolvePath(config.Inference.Models[0].Path));
            Assert.Equal("/opt/qt/b.onnx", config.ResolvePath(config.Inference.Models[1].Path));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void LoadText_NoFile_HasNoBaseDirectoryAndResolvesAgainstCurrentDirectory()
    {
        var config = ConfigLoader.LoadText(ConfigFixtures.Valid, "t.toml", FourCores).GetConfigOrThrow();

        Assert.Null(config.BaseDirectory);
        Assert.Equal(Path.GetFullPath("models/a.onnx"), config.ResolvePath("models/a.onnx"));
    }

    [Fact]
    public void LoadDefault_ShippedConfig_HasTheCaptureDefaultsAndAModelBesideTheExecutable()
    {
        var config = ConfigLoader.LoadDefault(new ConfigLoadOptions { ProcessorCount = 1 }).GetConfigOrThrow();

        Assert.Equal(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar), config.BaseDirectory);
        var model = Assert.Single(config.Inference.Models);
        var path = config.ResolvePath(model.Path);
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "models", "default.onnx"), path);
        Assert.True(File.Exists(path), path);
        Assert.True(File.Exists(path + ".json"), path + ".json");
        Assert.Equal(250_000_000L, config.Features.CandleIntervalNs());
        // The default model's training rows and its hold-out start (models/README.md).
        Assert.Equal((1_723_161_306_250_000_000L, 1_723_161_482_750_000_000L), (config.Strategy.InSampleFromNs(), config.Strategy.InSampleUntilNs()));
        Assert.False(config.Features.RequireFunding);
        Assert.False(config.Inference.ConflatePerBatch);
        Assert.Equal((1, 0), (config.Inference.MinVoters, config.Inference.MinDirectionalConsensus));
        Assert.Equal(5_000_000L, config.Simulator.LatencyNs());
        Assert.Equal(10_000_000_000L, config.Strategy.SymbolCooldownNs());
        Assert.Equal(30_000_000_000L, config.Strategy.ReentryBlockNs());
        Assert.Equal(10, config.Strategy.MaxSignalsPerMinute);
    }

    [Theory]
    [InlineData("\"\"", "\"\"", 0L, 0L)]
    [InlineData("\"2024-08-08T23:57:56Z\"", "\"2024-08-08T23:58:02.750Z\"", 1_723_161_476_000_000_000L, 1_723_161_482_750_000_000L)]
    public void LoadText_InSampleWindow_BindsToEpochNanoseconds(string from, string until, long fromNs, long untilNs)
    {
        var config = ConfigLoader.LoadText(ConfigFixtures.WithLine(39, $"in_sample_from = {from}\nin_sample_until = {until}"), "test.toml", FourCores).GetConfigOrThrow();

        Assert.Equal((fromNs, untilNs), (config.Strategy.InSampleFromNs(), config.Strategy.InSampleUntilNs()));
    }

    [Fact]
    public void LoadText_InSampleWindowEndingAtItsStart_RefusedAtTheEnd()
    {
        var result = ConfigLoader.LoadText(ConfigFixtures.WithLine(39, "in_sample_from = \"2024-08-08T23:57:56Z\"\nin_sample_until = \"2024-08-08T23:57:56Z\""), "test.toml", FourCores);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("strategy.in_sample_until", 40), (error.Key, error.Line));
        Assert.Contains("is not after in_sample_from", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(42, "candle_interval = \"250ms\"", 250_000_000L)]
    [InlineData(42, "candle_interval = \"100ms\"", 100_000_000L)]
    [InlineData(42, "candle_interval = \"500ms\"", 500_000_000L)]
    [InlineData(42, "candle_interval = \"2s\"", 2_000_000_000L)]
    public void LoadText_CandleIntervalDividingASecondOrWholeSeconds_BindsToNanoseconds(int line, string text, long expected)
    {
        var config = ConfigLoader.LoadText(ConfigFixtures.WithLine(line, text), "test.toml", FourCores).GetConfigOrThrow();

        Assert.Equal(expected, config.Features.CandleIntervalNs());
    }

    [Fact]
    public void Accessor_DurationSetInCodeInvalid_ThrowsNamingTheKey()
    {
        var features = new FeaturesSection { MaxBookAge = "soon" };

        var e = Assert.Throws<InvalidOperationException>(() => features.MaxBookAgeNs());

        Assert.StartsWith("features.max_book_age:", e.Message, StringComparison.Ordinal);
    }
}
