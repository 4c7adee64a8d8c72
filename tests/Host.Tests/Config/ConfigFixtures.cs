namespace QuantumTrader.Host.Tests.Config;

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
    ];

    public static string Valid => string.Join('\n', ValidLines) + "\n";

    /// <summary>The valid config with 1-based line <paramref name="line"/> replaced by <paramref name="text"/>.</summary>
    public static string WithLine(int line, string text)
    {
        var lines = (string[])ValidLines.Clone();
        lines[line - 1] = text;
        return string.Join('\n', lines) + "\n";
    }
}
