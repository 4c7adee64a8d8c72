using QuantumTrader.Runtime.Configuration;

namespace QuantumTrader.Runtime.Tests.Config;

/// <summary>What the Tomlyn-based loader must do beyond one bad line: every kind of error in one pass, arrays of
/// tables split by another table, and the positions it keeps for later checks.</summary>
public sealed class ConfigTomlynBindingTests
{
    private static readonly ConfigLoadOptions FourCores = new() { ProcessorCount = 4 };

    [Fact]
    public void LoadText_ErrorsOfEveryKind_AllReportedInOnePassWithKeyLineAndColumn()
    {
        var text = ConfigFixtures.Valid
            .Replace("instance_id = 7", "instance_id = \"seven\"", StringComparison.Ordinal)             // type error, line 2
            .Replace("stages = [\"ingest\", \"features\"]", "stages = [\"ingest\", 2]", StringComparison.Ordinal) // bad array item, line 8
            .Replace("wait = \"sleeping\"", "wiat = \"sleeping\"", StringComparison.Ordinal)              // unknown key, line 14
            .Replace("segment_size_mib = 64", "segment_size_mib = 0\nmin_free_mib = 100\nhalt_free_mib = 200", StringComparison.Ordinal) // range + cross-key, lines 17-19
            .Replace("tick_size = \"0.10\"", "tick_size = 0.1", StringComparison.Ordinal)                 // number for a decimal string, line 26
            .Replace("min_confidence = 0.75", "min_confidence = nan", StringComparison.Ordinal);          // NaN, line 31

        var result = ConfigLoader.LoadText(text, "test.toml", FourCores);

        Assert.Equal(
            [
                ("engine.instance_id", 2, 15),
                ("engine.groups[0].stages[1]", 8, 21),
                ("engine.groups[1].wiat", 14, 1),
                ("journal.segment_size_mib", 17, 20),
                ("journal.halt_free_mib", 19, 17),
                ("market.instruments[0].tick_size", 26, 13),
                ("strategy.min_confidence", 31, 18),
            ],
            result.Errors.Select(e => (e.Key, e.Line, e.Column)));
        Assert.Contains("expected an integer, found a string `\"seven\"`", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("expected a string, found an integer", result.Errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("did you mean `wait`", result.Errors[2].Message, StringComparison.Ordinal);
        Assert.Contains("must not exceed journal.min_free_mib (100)", result.Errors[4].Message, StringComparison.Ordinal);
        Assert.Contains("expected a decimal string", result.Errors[5].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_ArrayOfTablesInterleavedWithAnotherTable_KeepsEveryEntryInFileOrder()
    {
        var text = "[[market.instruments]]\nsymbol = \"BTCUSDT\"\n"
            + "[strategy]\nmin_confidence = 0.7\n"
            + "[[market.instruments]]\nsymbol = \"ETHUSDT\"\n"
            + "[features]\nmax_gap_candles = 3\n"
            + "[[market.instruments]]\nsymbol = \"SOLUSDT\"\ntick_size = \"0.001\"\n";

        var config = ConfigLoader.LoadText(text, "t.toml", FourCores).GetConfigOrThrow();

        Assert.Equal(["BTCUSDT", "ETHUSDT", "SOLUSDT"], config.Market.Instruments.Select(i => i.Symbol));
        Assert.Equal("0.001", config.Market.Instruments[2].TickSize);
        Assert.Equal((0.7, 3), (config.Strategy.MinConfidence, config.Features.MaxGapCandles));
        Assert.Equal((9, 1), config.PositionOf("market.instruments[2]"));
        Assert.Equal((11, 13), config.PositionOf("market.instruments[2].tick_size"));
    }

    [Fact]
    public void LoadText_ErrorInALaterEntryOfAnInterleavedArray_NamesThatEntryAndItsLine()
    {
        var text = "[[market.instruments]]\nsymbol = \"BTCUSDT\"\n[strategy]\nmin_confidence = 0.7\n[[market.instruments]]\nsymbol = \"ETHUSDT\"\nstep_size = \"0\"\n";

        var error = Assert.Single(ConfigLoader.LoadText(text, "t.toml", FourCores).Errors);

        Assert.Equal(("market.instruments[1].step_size", 7, 13), (error.Key, error.Line, error.Column));
        Assert.Contains("must be positive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PositionOf_LoadedConfig_GivesValuesAndHeadersAndZeroForAbsentKeys()
    {
        var config = ConfigLoader.LoadText(ConfigFixtures.Valid, "t.toml", FourCores).GetConfigOrThrow();

        Assert.Equal((57, 8), config.PositionOf("inference.models[1].path"));
        Assert.Equal((13, 10), config.PositionOf("engine.groups[1].stages"));
        Assert.Equal((8, 21), config.PositionOf("engine.groups[0].stages[1]"));
        Assert.Equal((1, 1), config.PositionOf("engine"));
        Assert.Equal((56, 1), config.PositionOf("inference.models[1]"));
        Assert.Equal((0, 0), config.PositionOf("binance.ws_base"));
        Assert.Equal((0, 0), new QuantumTraderConfig().PositionOf("engine"));
    }

    [Fact]
    public void LoadText_NestedSectionOfAWrongType_OneErrorAndNothingBelowIt()
    {
        var text = "[[market.instruments]]\nsymbol = \"BTCUSDT\"\n[engine]\ngroups = [1, 2]\nring_size = 1000\n";

        var result = ConfigLoader.LoadText(text, "t.toml", FourCores);

        Assert.Equal(
            [("engine.groups[0]", 4, 11, "expected a table, found an integer `1`"), ("engine.groups[1]", 4, 14, "expected a table, found an integer `2`"), ("engine.ring_size", 5, 13, "1000 is not a power of two (e.g. 65536); the ring indexes slots with a mask")],
            result.Errors.Select(e => (e.Key, e.Line, e.Column, e.Message)));
    }
}
