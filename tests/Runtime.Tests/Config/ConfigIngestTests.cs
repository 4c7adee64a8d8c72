using System.Text.Json;
using QuantumTrader.Runtime.Composition;
using QuantumTrader.Runtime.Configuration;
using QuantumTrader.Model;

namespace QuantumTrader.Runtime.Tests.Config;

/// <summary>[ingest]: the bad-tick band and the reference price rule.</summary>
public sealed class ConfigIngestTests
{
    private static readonly ConfigLoadOptions FourCores = new() { ProcessorCount = 4 };

    /// <summary>Line n of this array is line n + 1 of the file.</summary>
    private static readonly string[] Lines =
    [
        "[[market.instruments]]",           // 1
        "symbol = \"BTCUSDT\"",              // 2
        "",                                 // 3
        "[ingest]",                         // 4
        "bad_tick_band_bps = 500",          // 5
        "reanchor_after_ticks = 4",         // 6
        "reference_price = \"mark\"",       // 7
    ];

    public static TheoryData<string, int, string, string, int, string> SingleErrorCases => new()
    {
        { "band zero", 5, "bad_tick_band_bps = 0", "ingest.bad_tick_band_bps", 21, "out of range" },
        { "band above 100 %", 5, "bad_tick_band_bps = 10001", "ingest.bad_tick_band_bps", 21, "out of range" },
        { "band a float", 5, "bad_tick_band_bps = 2.5", "ingest.bad_tick_band_bps", 21, "expected an integer" },
        { "re-anchor after one tick", 6, "reanchor_after_ticks = 1", "ingest.reanchor_after_ticks", 24, "no band at all" },
        { "re-anchor negative", 6, "reanchor_after_ticks = -3", "ingest.reanchor_after_ticks", 24, "out of range" },
        { "unknown rule", 7, "reference_price = \"index\"", "ingest.reference_price", 19, "not one of last | mid | mark" },
        { "typo", 7, "reference_prize = \"mark\"", "ingest.reference_prize", 1, "did you mean `reference_price`" },
    };

    [Theory]
    [MemberData(nameof(SingleErrorCases))]
    public void LoadText_OneBadIngestLine_ReportsKeyLineColumnAndReason(string name, int line, string replacement, string key, int column, string fragment)
        => ConfigFixtures.AssertSingleError(Lines, name, line, replacement, key, column, fragment);

    [Fact]
    public void LoadText_ValidIngest_BindsEveryKeyOntoTheStageOptions()
    {
        var config = ConfigLoader.LoadText(string.Join('\n', Lines) + "\n", "test.toml", FourCores).GetConfigOrThrow();

        var options = StageOptions.Ingest(config);
        Assert.Equal((500L, 4, ReferencePriceRule.Mark), (options.BadTickBandBasisPoints, options.ReanchorAfterTicks, options.ReferencePrice));
    }

    [Fact]
    public void LoadText_IngestAbsent_Defaults()
    {
        var config = ConfigLoader.LoadText(string.Join('\n', Lines[..2]) + "\n", "test.toml", FourCores).GetConfigOrThrow();

        var options = StageOptions.Ingest(config);
        Assert.Equal((1_000L, 10, ReferencePriceRule.Last), (options.BadTickBandBasisPoints, options.ReanchorAfterTicks, options.ReferencePrice));
    }

    [Fact]
    public void ToTomlAndJson_Ingest_LoadBackEqualWithSnakeCaseKeys()
    {
        var original = ConfigLoader.LoadText(string.Join('\n', Lines) + "\n", "test.toml", FourCores).GetConfigOrThrow();

        var toml = ConfigTomlWriter.ToToml(original);
        var reloaded = ConfigLoader.LoadText(toml, "show.toml", FourCores).GetConfigOrThrow();

        Assert.Contains("[ingest]", toml, StringComparison.Ordinal);
        Assert.Equal((500, 4, "mark"), (reloaded.Ingest.BadTickBandBps, reloaded.Ingest.ReanchorAfterTicks, reloaded.Ingest.ReferencePrice));
        var json = Json(original).RootElement.GetProperty("ingest");
        Assert.Equal(500, json.GetProperty("bad_tick_band_bps").GetInt32());
        Assert.Equal(4, json.GetProperty("reanchor_after_ticks").GetInt32());
        Assert.Equal("mark", json.GetProperty("reference_price").GetString());
    }

    [Fact]
    public void LoadDefault_ShippedConfig_HasIngestAtItsDefaults()
    {
        var shipped = ConfigLoader.LoadDefault().GetConfigOrThrow().Ingest;
        Assert.Equal((1_000, 10, "last"), (shipped.BadTickBandBps, shipped.ReanchorAfterTicks, shipped.ReferencePrice));
    }

    private static JsonDocument Json(QuantumTraderConfig config)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            ConfigJsonWriter.Write(writer, config);
        }

        return JsonDocument.Parse(stream.ToArray());
    }
}
