using System.Text.Json;
using QuantumTrader.Runtime.Configuration;

namespace QuantumTrader.Runtime.Tests.Config;

/// <summary>[binance]: endpoints, streams, staleness and the names (never the values) of the key variables.</summary>
public sealed class ConfigBinanceTests
{
    private static readonly ConfigLoadOptions FourCores = new() { ProcessorCount = 4 };

    /// <summary>Line n of this array is line n + 1 of the file.</summary>
    private static readonly string[] Lines =
    [
        "[[market.instruments]]",                                   // 1
        "symbol = \"BTCUSDT\"",                                      // 2
        "",                                                         // 3
        "[binance]",                                                // 4
        "rest_base = \"http://127.0.0.1:8080\"",                    // 5
        "ws_base = \"ws://127.0.0.1:8080\"",                        // 6
        "streams = [\"bookTicker\", \"depth@100ms\", \"aggTrade\"]", // 7
        "stale_after = \"3s\"",                                     // 8
        "api_key_env = \"MY_KEY\"",                                 // 9
        "api_secret_env = \"MY_SECRET\"",                           // 10
    ];

    /// <summary>Each row: the line replaced, its new text, and the key, column and message part expected.</summary>
    public static TheoryData<string, int, string, string, int, string> SingleErrorCases => new()
    {
        { "rest base not http", 5, "rest_base = \"ftp://fapi.binance.com\"", "binance.rest_base", 13, "not an absolute https://" },
        { "rest base relative", 5, "rest_base = \"fapi.binance.com\"", "binance.rest_base", 13, "not an absolute https://" },
        { "rest base with path", 5, "rest_base = \"https://fapi.binance.com/fapi/v1\"", "binance.rest_base", 13, "without path" },
        { "rest base with credentials", 5, "rest_base = \"https://user:pw@fapi.binance.com\"", "binance.rest_base", 13, "without path, query or credentials" },
        { "rest base number", 5, "rest_base = 443", "binance.rest_base", 13, "expected a string" },
        { "ws base https", 6, "ws_base = \"https://fstream.binance.com\"", "binance.ws_base", 11, "not an absolute wss://" },
        { "ws base with route", 6, "ws_base = \"wss://fstream.binance.com/public\"", "binance.ws_base", 11, "routes are appended" },
        { "stream unknown", 7, "streams = [\"bookTicker\", \"depth@5ms\"]", "binance.streams[1]", 26, "not a stream type" },
        { "stream with symbol", 7, "streams = [\"btcusdt@trade\"]", "binance.streams[0]", 12, "symbol is added per instrument" },
        { "stream kline bad interval", 7, "streams = [\"kline_7m\"]", "binance.streams[0]", 12, "not a stream type" },
        { "stream listed twice", 7, "streams = [\"trade\", \"trade\"]", "binance.streams[1]", 21, "listed twice" },
        { "stream not a string", 7, "streams = [\"trade\", 5]", "binance.streams[1]", 21, "expected a string" },
        { "streams empty", 7, "streams = []", "binance.streams", 11, "empty" },
        { "streams a string", 7, "streams = \"trade\"", "binance.streams", 11, "expected an array of strings" },
        { "stale after number", 8, "stale_after = 3", "binance.stale_after", 15, "expected a duration string" },
        { "stale after zero", 8, "stale_after = \"0s\"", "binance.stale_after", 15, "not a positive duration" },
        { "stale after above a day", 8, "stale_after = \"25h\"", "binance.stale_after", 15, "at most 24h" },
        { "key variable looks like a secret", 9, "api_key_env = \"vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A\"", "binance.api_key_env", 15, "never the secret itself" },
        { "key variable with symbols", 9, "api_key_env = \"abc+/==\"", "binance.api_key_env", 15, "NAME of an environment variable" },
        { "key variable empty", 9, "api_key_env = \"\"", "binance.api_key_env", 15, "NAME of an environment variable" },
        { "secret variable leading digit", 10, "api_secret_env = \"1SECRET\"", "binance.api_secret_env", 18, "NAME of an environment variable" },
        { "secret itself as key", 10, "api_secret = \"s3cr3t\"", "binance.api_secret", 1, "unknown key `binance.api_secret`" },
        { "key variable typo", 9, "api_key_evn = \"MY_KEY\"", "binance.api_key_evn", 1, "did you mean `api_key_env`" },
    };

    [Theory]
    [MemberData(nameof(SingleErrorCases))]
    public void LoadText_OneBadBinanceLine_ReportsKeyLineColumnAndReason(string name, int line, string replacement, string key, int column, string fragment)
        => ConfigFixtures.AssertSingleError(Lines, name, line, replacement, key, column, fragment);

    [Fact]
    public void LoadText_ValidBinance_BindsEveryKey()
    {
        var b = ConfigLoader.LoadText(string.Join('\n', Lines) + "\n", "test.toml", FourCores).GetConfigOrThrow().Binance;

        Assert.Equal(("http://127.0.0.1:8080", "ws://127.0.0.1:8080", "3s", "MY_KEY", "MY_SECRET"), (b.RestBase, b.WsBase, b.StaleAfter, b.ApiKeyEnv, b.ApiSecretEnv));
        Assert.Equal(["bookTicker", "depth@100ms", "aggTrade"], b.Streams);
        Assert.Equal(3_000_000_000L, b.StaleAfterNs());
    }

    [Fact]
    public void LoadText_LongMixedCaseVariableNameWithUnderscore_Accepted()
    {
        var lines = (string[])Lines.Clone();
        lines[8] = "api_key_env = \"QT_Live_Key_9d330dabcd7a42f89eedea9f7ce6Ab12\"";

        var result = ConfigLoader.LoadText(string.Join('\n', lines) + "\n", "test.toml", FourCores);

        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => e.Message)));
        Assert.Equal("QT_Live_Key_9d330dabcd7a42f89eedea9f7ce6Ab12", result.Config!.Binance.ApiKeyEnv);
    }

    [Fact]
    public void LoadText_BinanceAbsent_ProductionDefaults()
    {
        var b = ConfigLoader.LoadText("[[market.instruments]]\nsymbol = \"BTCUSDT\"\n", "min.toml", FourCores).GetConfigOrThrow().Binance;

        Assert.Equal(("https://fapi.binance.com", "wss://fstream.binance.com", "10s", "QT_BINANCE_API_KEY", "QT_BINANCE_API_SECRET"), (b.RestBase, b.WsBase, b.StaleAfter, b.ApiKeyEnv, b.ApiSecretEnv));
        Assert.Equal(["bookTicker", "aggTrade", "depth@100ms"], b.Streams);
        Assert.Equal(10_000_000_000L, b.StaleAfterNs());
    }

    [Fact]
    public void ToToml_Binance_LoadsBackEqual()
    {
        var original = ConfigLoader.LoadText(string.Join('\n', Lines) + "\n", "test.toml", FourCores).GetConfigOrThrow();

        var toml = ConfigTomlWriter.ToToml(original);
        var reloaded = ConfigLoader.LoadText(toml, "show.toml", FourCores).GetConfigOrThrow();

        Assert.Contains("[binance]", toml, StringComparison.Ordinal);
        Assert.Equal(Json(original), Json(reloaded));
        Assert.Equal(original.Binance.Streams, reloaded.Binance.Streams);
    }

    [Fact]
    public void Write_Json_BinanceSnakeCase()
    {
        var config = ConfigLoader.LoadText(string.Join('\n', Lines) + "\n", "test.toml", FourCores).GetConfigOrThrow();

        using var doc = JsonDocument.Parse(Json(config));

        var b = doc.RootElement.GetProperty("binance");
        Assert.Equal("http://127.0.0.1:8080", b.GetProperty("rest_base").GetString());
        Assert.Equal("ws://127.0.0.1:8080", b.GetProperty("ws_base").GetString());
        Assert.Equal(["bookTicker", "depth@100ms", "aggTrade"], b.GetProperty("streams").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("3s", b.GetProperty("stale_after").GetString());
        Assert.Equal("MY_KEY", b.GetProperty("api_key_env").GetString());
        Assert.Equal("MY_SECRET", b.GetProperty("api_secret_env").GetString());
    }

    [Fact]
    public void LoadDefault_ShippedConfig_HasBinanceSectionWithProductionEndpoints()
    {
        var b = ConfigLoader.LoadDefault().GetConfigOrThrow().Binance;

        Assert.Equal("https://fapi.binance.com", b.RestBase);
        Assert.Equal("wss://fstream.binance.com", b.WsBase);
        Assert.Equal("QT_BINANCE_API_KEY", b.ApiKeyEnv);
    }

    private static string Json(QuantumTraderConfig config) => QuantumTrader.Runtime.Output.JsonOut.ToString(w => ConfigJsonWriter.Write(w, config));
}
