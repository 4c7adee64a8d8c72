using QuantumTrader.Runtime.Configuration;

namespace QuantumTrader.Runtime.Tests.Config;

public sealed class ConfigLoaderTests
{
    private static readonly ConfigLoadOptions FourCores = new() { ProcessorCount = 4 };

    /// <summary>Each row: the line replaced, its new text, and the key, line, column and message part expected.</summary>
    public static TheoryData<string, int, string, string, int, string> SingleErrorCases => new()
    {
        // case name, line, replacement, expected key, expected column, message fragment
        { "ring not power of two", 3, "ring_size = 1000", "engine.ring_size", 13, "power of two" },
        { "ring too small", 3, "ring_size = 32", "engine.ring_size", 13, "out of range" },
        { "ring wrong type", 3, "ring_size = \"big\"", "engine.ring_size", 13, "expected an integer, found a string" },
        { "ring float", 3, "ring_size = 1024.0", "engine.ring_size", 13, "expected an integer, found a float" },
        { "typo in engine key", 3, "ring_sise = 1024", "engine.ring_sise", 1, "did you mean `ring_size`" },
        { "instance id zero", 2, "instance_id = 0", "engine.instance_id", 15, "out of range" },
        { "instance id too big", 2, "instance_id = 65536", "engine.instance_id", 15, "out of range" },
        { "producer unknown", 4, "producer = \"many\"", "engine.producer", 12, "single | multi" },
        { "wait unknown", 9, "wait = \"spin\"", "engine.groups[0].wait", 8, "busy-spin | yielding | sleeping | blocking" },
        { "wait wrong type", 14, "wait = 3", "engine.groups[1].wait", 8, "expected a string" },
        { "unknown stage", 8, "stages = [\"ingest\", \"feature\"]", "engine.groups[0].stages[1]", 21, "unknown stage \"feature\"" },
        { "stage not a string", 8, "stages = [\"ingest\", 2]", "engine.groups[0].stages[1]", 21, "expected a string" },
        { "stages out of order", 8, "stages = [\"features\", \"ingest\"]", "engine.groups[0].stages[1]", 23, "must come before \"features\"" },
        { "stage listed twice", 13, "stages = [\"features\", \"inference\", \"signal\", \"sizing\", \"gating\", \"journal\", \"route\"]", "engine.groups[1].stages[0]", 11, "already listed at engine.groups[0].stages[1]" },
        { "stages swapped", 13, "stages = [\"inference\", \"signal\", \"gating\", \"sizing\", \"journal\", \"route\"]", "engine.groups[1].stages[3]", 44, "must come before \"gating\"" },
        { "stage unknown is not also missing", 8, "stages = [\"ingest\", \"feature\"]", "engine.groups[0].stages[1]", 21, "unknown stage" },
        { "stage missing", 8, "stages = [\"ingest\"]", "engine.groups[0].stages", 10, "\"features\" is missing (it belongs after \"ingest\")" },
        { "first stage missing", 8, "stages = [\"features\"]", "engine.groups[0].stages", 10, "\"ingest\" is missing (it comes first)" },
        { "stages empty", 8, "stages = []", "engine.groups[0].stages", 10, "empty" },
        { "core negative", 9, "core = -1", "engine.groups[0].core", 8, "out of range" },
        { "core beyond machine", 9, "core = 4", "engine.groups[0].core", 8, "cores 0-3" },
        { "group key typo", 9, "wiat = \"yielding\"", "engine.groups[0].wiat", 1, "did you mean `wait`" },
        { "group name duplicate", 12, "name = \"front\"", "engine.groups[1].name", 8, "duplicate group name" },
        { "group name too long", 7, "name = \"a-very-long-name\"", "engine.groups[0].name", 8, "1..12 characters" },
        { "group name bad chars", 7, "name = \"Front End\"", "engine.groups[0].name", 8, "a-z, 0-9" },
        { "segment size zero", 17, "segment_size_mib = 0", "journal.segment_size_mib", 20, "out of range" },
        { "durability unknown", 18, "durability = \"fsync\"", "journal.durability", 14, "page-cache | flush" },
        { "unknown journal key", 18, "durabilty = \"flush\"", "journal.durabilty", 1, "did you mean `durability`" },
        { "negative flush records", 18, "flush_every_records = -1", "journal.flush_every_records", 23, "out of range" },
        { "negative synthetic rate", 21, "synthetic_rate = -5", "market.synthetic_rate", 18, "out of range" },
        { "tick size as float", 24, "tick_size = 0.1", "market.instruments[0].tick_size", 13, "expected a decimal string" },
        { "tick size zero", 24, "tick_size = \"0.00\"", "market.instruments[0].tick_size", 13, "must be positive" },
        { "tick size negative", 24, "tick_size = \"-0.1\"", "market.instruments[0].tick_size", 13, "not a plain decimal" },
        { "tick size exponent", 24, "tick_size = \"1e-1\"", "market.instruments[0].tick_size", 13, "not a plain decimal" },
        { "tick size NaN text", 24, "tick_size = \"NaN\"", "market.instruments[0].tick_size", 13, "not a plain decimal" },
        { "step size too precise", 25, "step_size = \"0.000000001\"", "market.instruments[0].step_size", 13, "more than 8 decimal places" },
        { "step size empty", 25, "step_size = \"\"", "market.instruments[0].step_size", 13, "is empty" },
        { "min notional not decimal", 26, "min_notional = \"ten\"", "market.instruments[0].min_notional", 16, "not a plain decimal" },
        { "symbol lower case", 23, "symbol = \"btcusdt\"", "market.instruments[0].symbol", 10, "upper-case" },
        { "unknown instrument key", 26, "min_notonal = \"100\"", "market.instruments[0].min_notonal", 1, "did you mean `min_notional`" },
        { "confidence NaN", 29, "min_confidence = nan", "strategy.min_confidence", 18, "NaN" },
        { "confidence above one", 29, "min_confidence = 1.5", "strategy.min_confidence", 18, "0..1" },
        { "notional infinite", 30, "order_notional = inf", "strategy.order_notional", 18, "infinite" },
        { "notional negative", 30, "order_notional = -1.0", "strategy.order_notional", 18, "must be positive" },
        { "max position below order", 31, "max_position_notional = 100.0", "strategy.max_position_notional", 25, "below order_notional" },
        { "cooldown wrong type", 31, "cooldown_events = true", "strategy.cooldown_events", 19, "expected an integer, found a boolean" },
        { "unknown root section", 28, "[stratgy]", "stratgy", 1, "unknown section" },
        { "syntax error", 17, "segment_size_mib = ", "journal.segment_size_mib", 20, "TOML syntax error" },
        { "redefined key", 4, "ring_size = 2048", "engine.ring_size", 1, "already defined" },
        { "stages not an array", 8, "stages = \"ingest\"", "engine.groups[0].stages", 10, "expected an array of strings, found a string" },
    };

    [Theory]
    [MemberData(nameof(SingleErrorCases))]
    public void LoadText_OneBadLine_ReportsKeyLineColumnAndReason(string name, int line, string replacement, string key, int column, string fragment)
    {
        var result = ConfigLoader.LoadText(ConfigFixtures.WithLine(line, replacement), "test.toml", FourCores);

        Assert.False(result.IsValid, name);
        Assert.Null(result.Config);
        var error = Assert.Single(result.Errors);
        Assert.Equal(key, error.Key);
        Assert.Equal(line, error.Line);
        Assert.Equal(column, error.Column);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_ValidFile_BindsEveryKey()
    {
        var result = ConfigLoader.LoadText(ConfigFixtures.Valid, "test.toml", FourCores);

        Assert.Empty(result.Errors);
        var config = Assert.IsType<QuantumTraderConfig>(result.Config);
        Assert.Equal(7, config.Engine.InstanceId);
        Assert.Equal(1024, config.Engine.RingSize);
        Assert.Equal(["front", "back"], config.Engine.Groups.ConvertAll(g => g.Name));
        Assert.Equal(["inference", "signal", "sizing", "gating", "journal", "route"], config.Engine.Groups[1].Stages);
        Assert.Equal("sleeping", config.Engine.Groups[1].Wait);
        Assert.Null(config.Engine.Groups[0].Core);
        Assert.Equal(64, config.Journal.SegmentSizeMib);
        Assert.Equal("flush", config.Journal.Durability);
        Assert.Equal(7, config.Market.SyntheticSeed);
        var instrument = Assert.Single(config.Market.Instruments);
        Assert.Equal(("BTCUSDT", "0.10", "0.001", "100"), (instrument.Symbol, instrument.TickSize, instrument.StepSize, instrument.MinNotional));
        Assert.Equal(0.75, config.Strategy.MinConfidence);
        Assert.Equal(250.0, config.Strategy.OrderNotional);
        Assert.Equal(2500.5, config.Strategy.MaxPositionNotional);
    }

    [Fact]
    public void LoadText_AbsentKeys_KeepClassDefaults()
    {
        var text = "[[market.instruments]]\nsymbol = \"ETHUSDT\"\ntick_size = \"0.01\"\nstep_size = \"0.001\"\n";

        var config = ConfigLoader.LoadText(text, "min.toml", FourCores).GetConfigOrThrow();

        var defaults = new QuantumTraderConfig();
        Assert.Equal(defaults.Engine.RingSize, config.Engine.RingSize);
        Assert.Equal(defaults.Journal.SegmentSizeMib, config.Journal.SegmentSizeMib);
        Assert.Equal(defaults.Strategy.CooldownEvents, config.Strategy.CooldownEvents);
        Assert.Equal(defaults.Market.SyntheticRate, config.Market.SyntheticRate);
        Assert.Equal(new InstrumentSection().MinNotional, config.Market.Instruments[0].MinNotional);
        Assert.Equal(PipelineStages.Ordered, config.Engine.Groups.SelectMany(g => g.Stages));
        Assert.Equal(3, config.Engine.Groups.Count);
    }

    [Fact]
    public void LoadText_ManyErrors_CollectsAllInLineOrder()
    {
        var text = ConfigFixtures.Valid
            .Replace("ring_size = 1024", "ring_size = 1000", StringComparison.Ordinal)
            .Replace("wait = \"yielding\"", "wait = \"spin\"", StringComparison.Ordinal)
            .Replace("durability = \"flush\"", "durability = \"x\"", StringComparison.Ordinal)
            .Replace("min_confidence = 0.75", "min_confidence = nan", StringComparison.Ordinal);

        var result = ConfigLoader.LoadText(text, "test.toml", FourCores);

        Assert.Equal(
            ["engine.ring_size", "engine.groups[0].wait", "journal.durability", "strategy.min_confidence"],
            result.Errors.Select(e => e.Key));
        Assert.Equal([3, 9, 18, 29], result.Errors.Select(e => e.Line));
    }

    [Fact]
    public void LoadText_CoreWithinMachine_IsValidAndOutsideIsNot()
    {
        var text = ConfigFixtures.WithLine(9, "core = 3");

        var onFour = ConfigLoader.LoadText(text, "t.toml", new ConfigLoadOptions { ProcessorCount = 4 });
        var onTwo = ConfigLoader.LoadText(text, "t.toml", new ConfigLoadOptions { ProcessorCount = 2 });

        Assert.Equal(3, onFour.GetConfigOrThrow().Engine.Groups[0].Core);
        var error = Assert.Single(onTwo.Errors);
        Assert.Equal("engine.groups[0].core", error.Key);
        Assert.Contains("core 3 does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("cores 0-1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_BusySpinGroupSharingCore_IsRejected()
    {
        var text = ConfigFixtures.Valid
            .Replace("wait = \"yielding\"", "wait = \"busy-spin\"\ncore = 1", StringComparison.Ordinal)
            .Replace("wait = \"sleeping\"", "wait = \"sleeping\"\ncore = 1", StringComparison.Ordinal);

        var result = ConfigLoader.LoadText(text, "t.toml", FourCores);

        var error = Assert.Single(result.Errors);
        Assert.Equal("engine.groups[1].core", error.Key);
        Assert.Equal(16, error.Line);
        Assert.Contains("also used by group \"front\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_YieldingGroupsSharingCore_AreAllowed()
    {
        var text = ConfigFixtures.Valid
            .Replace("wait = \"yielding\"", "wait = \"yielding\"\ncore = 1", StringComparison.Ordinal)
            .Replace("wait = \"sleeping\"", "wait = \"sleeping\"\ncore = 1", StringComparison.Ordinal);

        var config = ConfigLoader.LoadText(text, "t.toml", FourCores).GetConfigOrThrow();

        Assert.Equal([1, 1], config.Engine.Groups.Select(g => g.Core ?? -1));
    }

    [Fact]
    public void LoadText_DuplicateSymbol_NamesSecondEntryAndFirst()
    {
        var lines = ConfigFixtures.ValidLines.ToList();
        lines.InsertRange(26, ["[[market.instruments]]", "symbol = \"BTCUSDT\"", "tick_size = \"0.1\"", "step_size = \"0.01\""]);
        var result = ConfigLoader.LoadText(string.Join('\n', lines), "t.toml", FourCores);

        var error = Assert.Single(result.Errors);
        Assert.Equal("market.instruments[1].symbol", error.Key);
        Assert.Equal(28, error.Line);
        Assert.Contains("already defined at market.instruments[0]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_NoInstruments_IsRejected()
    {
        var text = "[market]\nsynthetic_rate = 10\n";

        var error = Assert.Single(ConfigLoader.LoadText(text, "t.toml", FourCores).Errors);

        Assert.Equal("market.instruments", error.Key);
        Assert.Contains("at least one", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_EmptyGroupArray_IsRejected()
    {
        var text = "[engine]\ngroups = []\n[[market.instruments]]\nsymbol = \"X\"\ntick_size = \"1\"\nstep_size = \"1\"\n";

        var error = Assert.Single(ConfigLoader.LoadText(text, "t.toml", FourCores).Errors);

        Assert.Equal("engine.groups", error.Key);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void LoadText_DottedKeysAndInlineTables_BindLikeSections()
    {
        var text = "engine.ring_size = 128\n"
            + "engine.groups = [ { name = \"all\", stages = [\"ingest\", \"features\", \"inference\", \"signal\", \"sizing\", \"gating\", \"journal\", \"route\"] } ]\n"
            + "market = { instruments = [ { symbol = \"SOLUSDT\", tick_size = \"0.001\", step_size = \"1\" } ] }\n";

        var config = ConfigLoader.LoadText(text, "t.toml", FourCores).GetConfigOrThrow();

        Assert.Equal(128, config.Engine.RingSize);
        Assert.Equal("all", Assert.Single(config.Engine.Groups).Name);
        Assert.Equal("SOLUSDT", Assert.Single(config.Market.Instruments).Symbol);
    }

    [Fact]
    public void LoadText_UnknownKeyInInlineTable_IsReported()
    {
        var text = "market = { instruments = [ { symbol = \"SOLUSDT\", tick_size = \"0.001\", step_size = \"1\", lot = 3 } ] }\n";

        var error = Assert.Single(ConfigLoader.LoadText(text, "t.toml", FourCores).Errors);

        Assert.Equal("market.instruments[0].lot", error.Key);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void LoadText_SectionGivenAsValue_IsTypeError()
    {
        var error = Assert.Single(ConfigLoader.LoadText("engine = 3\n[[market.instruments]]\nsymbol = \"X\"\ntick_size = \"1\"\nstep_size = \"1\"\n", "t.toml", FourCores).Errors);

        Assert.Equal("engine", error.Key);
        Assert.Contains("expected a table", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_SyntaxErrors_AreAllReportedWithPositions()
    {
        var result = ConfigLoader.LoadText("[engine]\nring_size = \n[journal\n", "t.toml", FourCores);

        Assert.True(result.Errors.Count >= 2);
        Assert.Equal(("engine.ring_size", 2), (result.Errors[0].Key, result.Errors[0].Line));
        Assert.Contains(result.Errors, e => e.Line == 3);
        Assert.All(result.Errors, e => Assert.StartsWith("TOML syntax error", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_MissingFile_ReportsFileError()
    {
        var path = Path.Combine(Path.GetTempPath(), $"qt-missing-{Guid.NewGuid():N}.toml");

        var result = ConfigLoader.Load(path);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("(file)", 0, 0), (error.Key, error.Line, error.Column));
        Assert.Equal(path, result.Source);
    }

    [Fact]
    public void LoadDefault_CopyBesideExecutable_IsTheValidRepoConfig()
    {
        Assert.True(File.Exists(ConfigLoader.DefaultPath), ConfigLoader.DefaultPath);
        var result = ConfigLoader.LoadDefault(new ConfigLoadOptions { ProcessorCount = 1 });

        var config = result.GetConfigOrThrow();
        Assert.Equal(["BTCUSDT", "ETHUSDT"], config.Market.Instruments.Select(i => i.Symbol));
        Assert.Equal(PipelineStages.Ordered, config.Engine.Groups.SelectMany(g => g.Stages));
    }

    [Fact]
    public void GetConfigOrThrow_Invalid_ThrowsWithEveryError()
    {
        var result = ConfigLoader.LoadText(ConfigFixtures.WithLine(3, "ring_size = 1000"), "bad.toml", FourCores);

        var e = Assert.Throws<InvalidOperationException>(() => result.GetConfigOrThrow());

        Assert.Contains("bad.toml:3:13: engine.ring_size:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_Error_IsCompilerStyle()
    {
        var error = new ConfigError("engine.ring_size", 3, 13, "not a power of two");

        Assert.Equal("f.toml:3:13: engine.ring_size: not a power of two", error.Format("f.toml"));
    }
}
