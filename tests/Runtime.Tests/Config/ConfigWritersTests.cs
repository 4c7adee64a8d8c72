using System.Text.Json;
using QuantumTrader.Runtime.Configuration;
using QuantumTrader.Runtime.Output;
using QuantumTrader.Model;

namespace QuantumTrader.Runtime.Tests.Config;

public sealed class ConfigWritersTests
{
    private static readonly ConfigLoadOptions FourCores = new() { ProcessorCount = 4 };

    [Fact]
    public void ToToml_LoadedBack_GivesTheSameEffectiveConfig()
    {
        var original = ConfigLoader.LoadText(ConfigFixtures.WithLine(9, "core = 2"), "t.toml", FourCores).GetConfigOrThrow();
        original.Journal.Dir = "/var/lib/qt \"journal\"\\x";

        var toml = ConfigTomlWriter.ToToml(original);
        var reloaded = ConfigLoader.LoadText(toml, "show.toml", FourCores).GetConfigOrThrow();

        Assert.Equal(Json(original), Json(reloaded));
        Assert.Equal("/var/lib/qt \"journal\"\\x", reloaded.Journal.Dir);
    }

    [Fact]
    public void ToToml_WholeNumberDoubles_StayFloats()
    {
        var config = ConfigLoader.LoadText(ConfigFixtures.Valid, "t.toml", FourCores).GetConfigOrThrow();

        var toml = ConfigTomlWriter.ToToml(config);

        Assert.Contains("order_notional = 250.0\n", toml.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("max_position_notional = 2500.5\n", toml.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Json_HasSnakeCaseKeysAndNullCoreWhenUnpinned()
    {
        var config = ConfigLoader.LoadText(ConfigFixtures.Valid, "t.toml", FourCores).GetConfigOrThrow();

        using var doc = JsonDocument.Parse(Json(config));

        var engine = doc.RootElement.GetProperty("engine");
        Assert.Equal(1024, engine.GetProperty("ring_size").GetInt32());
        Assert.Equal(JsonValueKind.Null, engine.GetProperty("groups")[0].GetProperty("core").ValueKind);
        Assert.Equal("0.10", doc.RootElement.GetProperty("market").GetProperty("instruments")[0].GetProperty("tick_size").GetString());
        Assert.Equal(0.75, doc.RootElement.GetProperty("strategy").GetProperty("min_confidence").GetDouble());
    }

    [Fact]
    public void ToToml_ShippedDefaultConfig_LoadsBackEqual()
    {
        var original = ConfigLoader.LoadDefault(FourCores).GetConfigOrThrow();

        var toml = ConfigTomlWriter.ToToml(original);
        var reloaded = ConfigLoader.LoadText(toml, "show.toml", FourCores).GetConfigOrThrow();

        Assert.Equal(Json(original), Json(reloaded));
        Assert.Contains("[[inference.models]]\npath = \"models/default.onnx\"\nweight = 1.0\n", toml.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("candle_interval = \"250ms\"\n", toml.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("require_funding = false\n", toml.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void ToToml_NoModels_OmitsInferenceSectionAndLoadsBack()
    {
        var original = ConfigLoader.LoadText("[[market.instruments]]\nsymbol = \"BTCUSDT\"\n", "t.toml", FourCores).GetConfigOrThrow();

        var toml = ConfigTomlWriter.ToToml(original);
        var reloaded = ConfigLoader.LoadText(toml, "show.toml", FourCores).GetConfigOrThrow();

        Assert.DoesNotContain("[inference]", toml, StringComparison.Ordinal);
        Assert.Contains("[simulator]", toml, StringComparison.Ordinal);
        Assert.Equal(Json(original), Json(reloaded));
    }

    [Fact]
    public void Write_Json_HasNewSectionsWithSnakeCaseKeys()
    {
        var config = ConfigLoader.LoadText(ConfigFixtures.Valid, "t.toml", FourCores).GetConfigOrThrow();

        using var doc = JsonDocument.Parse(Json(config));

        var root = doc.RootElement;
        Assert.Equal("5s", root.GetProperty("features").GetProperty("candle_interval").GetString());
        Assert.False(root.GetProperty("features").GetProperty("require_book").GetBoolean());
        Assert.Equal(2, root.GetProperty("inference").GetProperty("min_directional_consensus").GetInt32());
        Assert.Equal("/opt/qt/b.onnx", root.GetProperty("inference").GetProperty("models")[1].GetProperty("path").GetString());
        Assert.Equal(0.5, root.GetProperty("inference").GetProperty("models")[1].GetProperty("weight").GetDouble());
        Assert.Equal("2ms", root.GetProperty("simulator").GetProperty("latency").GetString());
        Assert.Equal(1, root.GetProperty("simulator").GetProperty("slippage_ticks").GetInt32());
        Assert.Equal("15m", root.GetProperty("strategy").GetProperty("reentry_block").GetString());
        Assert.Equal(240, root.GetProperty("strategy").GetProperty("correlation_window_candles").GetInt32());
    }

    [Fact]
    public void BuildRegistry_ValidMarket_RegistersExactSizesInFileOrder()
    {
        var lines = ConfigFixtures.ValidLines.ToList();
        lines.InsertRange(26, ["[[market.instruments]]", "symbol = \"ETHUSDT\"", "tick_size = \"0.01\"", "step_size = \"0.0001\"", "min_notional = \"20.5\""]);
        var config = ConfigLoader.LoadText(string.Join('\n', lines), "t.toml", FourCores).GetConfigOrThrow();

        var registry = ConfigInstruments.BuildRegistry(config.Market, Venue.Simulated);

        Assert.Equal(2, registry.Count);
        Assert.True(registry.TryGet("ETHUSDT", out var eth));
        Assert.Equal((ushort)1, eth.Id);
        Assert.Equal(1_000_000L, eth.TickSize.Raw);
        Assert.Equal(10_000L, eth.StepSize.Raw);
        Assert.Equal(2_050_000_000L, eth.MinNotional);
        Assert.Equal(Venue.Simulated, registry[0].Venue);
    }

    private static string Json(QuantumTraderConfig config) => JsonOut.ToString(w => ConfigJsonWriter.Write(w, config));
}
