using QuantumTrader.Runtime.Configuration;

namespace QuantumTrader.Runtime.Tests.Config;

/// <summary>A small valid config whose line numbers the table-driven tests rely on.</summary>
internal static class ConfigFixtures
{
    /// <summary>Line n of this array is line n + 1 of the file.</summary>
    public static readonly string[] ValidLines =
    [
        "[engine]",                                                                      // 1
        "instance_id = 7",                                                               // 2
        "ring_size = 1024",                                                              // 3
        "producer = \"multi\"",                                                          // 4
        "",                                                                              // 5
        "[[engine.groups]]",                                                             // 6
        "name = \"front\"",                                                              // 7
        "stages = [\"ingest\", \"features\"]",                                           // 8
        "wait = \"yielding\"",                                                           // 9
        "",                                                                              // 10
        "[[engine.groups]]",                                                             // 11
        "name = \"back\"",                                                               // 12
        "stages = [\"inference\", \"signal\", \"sizing\", \"gating\", \"journal\", \"route\"]", // 13
        "wait = \"sleeping\"",                                                           // 14
        "",                                                                              // 15
        "[journal]",                                                                     // 16
        "segment_size_mib = 64",                                                         // 17
        "durability = \"flush\"",                                                        // 18
        "",                                                                              // 19
        "[market]",                                                                      // 20
        "synthetic_seed = 7",                                                            // 21
        "[[market.instruments]]",                                                        // 22
        "symbol = \"BTCUSDT\"",                                                          // 23
        "tick_size = \"0.10\"",                                                          // 24
        "step_size = \"0.001\"",                                                         // 25
        "min_notional = \"100\"",                                                        // 26
        "",                                                                              // 27
        "[strategy]",                                                                    // 28
        "min_confidence = 0.75",                                                         // 29
        "order_notional = 250",                                                          // 30
        "max_position_notional = 2500.5",                                                // 31
        "min_consensus = 2",                                                             // 32
        "symbol_cooldown = \"45s\"",                                                     // 33
        "max_signals_per_minute = 12",                                                   // 34
        "max_abs_funding_rate = 0.002",                                                  // 35
        "reentry_block = \"15m\"",                                                       // 36
        "max_correlation_with_open = 0.7",                                               // 37
        "correlation_window_candles = 240",                                              // 38
        "min_correlation_samples = 30",                                                  // 39
        "",                                                                              // 40
        "[features]",                                                                    // 41
        "candle_interval = \"5s\"",                                                      // 42
        "max_gap_candles = 10",                                                          // 43
        "require_book = false",                                                          // 44
        "max_book_age = \"1500ms\"",                                                     // 45
        "require_funding = true",                                                        // 46
        "max_funding_age = \"2m\"",                                                      // 47
        "",                                                                              // 48
        "[inference]",                                                                   // 49
        "min_voters = 2",                                                                // 50
        "min_directional_consensus = 2",                                                 // 51
        "conflate_per_batch = false",                                                    // 52
        "[[inference.models]]",                                                          // 53
        "path = \"models/a.onnx\"",                                                      // 54
        "weight = 1.5",                                                                  // 55
        "[[inference.models]]",                                                          // 56
        "path = \"/opt/qt/b.onnx\"",                                                     // 57
        "weight = 0.5",                                                                  // 58
        "",                                                                              // 59
        "[simulator]",                                                                   // 60
        "latency = \"2ms\"",                                                             // 61
        "taker_fee_bps = 4.5",                                                           // 62
        "maker_fee_bps = 0",                                                             // 63
        "slippage_ticks = 1",                                                            // 64
    ];

    public static string Valid => string.Join('\n', ValidLines) + "\n";

    /// <summary>The valid config with 1-based line <paramref name="line"/> replaced by <paramref name="text"/>.</summary>
    public static string WithLine(int line, string text)
    {
        var lines = (string[])ValidLines.Clone();
        lines[line - 1] = text;
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>Replaces line <paramref name="line"/> (1-based) of <paramref name="lines"/> and asserts the loader
    /// reports exactly one error, at <paramref name="key"/>, that line and <paramref name="column"/>, with <paramref name="fragment"/>.</summary>
    public static void AssertSingleError(string[] lines, string name, int line, string replacement, string key, int column, string fragment)
    {
        var edited = (string[])lines.Clone();
        edited[line - 1] = replacement;

        var result = ConfigLoader.LoadText(string.Join('\n', edited) + "\n", "test.toml", new ConfigLoadOptions { ProcessorCount = 4 });

        Xunit.Assert.False(result.IsValid, name);
        var error = Xunit.Assert.Single(result.Errors);
        Xunit.Assert.Equal((key, line, column), (error.Key, error.Line, error.Column));
        Xunit.Assert.Contains(fragment, error.Message, System.StringComparison.Ordinal);
    }

    /// <summary>The valid config followed by <c>[section]</c> and <paramref name="line"/>: asserts the loader reports
    /// exactly one error, at <paramref name="key"/> on that line, with <paramref name="fragment"/>.</summary>
    public static void AssertSingleSectionError(string section, string line, string key, string fragment, string name)
    {
        var result = ConfigLoader.LoadText(Valid + "[" + section + "]\n" + line + "\n", "test.toml", new ConfigLoadOptions { ProcessorCount = 4 });
        var error = Xunit.Assert.Single(result.Errors);
        Xunit.Assert.Equal(key, error.Key);
        Xunit.Assert.Equal(ValidLines.Length + 2, error.Line);
        Xunit.Assert.True(error.Message.Contains(fragment, System.StringComparison.Ordinal), $"{name}: {error.Message}");
    }
}
