using System.CommandLine;
using QuantumTrader.Bench;
using QuantumTrader.Runtime.Metrics;

namespace QuantumTrader.Bench;

/// <summary>`quantumtrader bench engine|journal|pipeline`: the user-facing latency and throughput benchmarks.</summary>
internal static class BenchCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("bench", "Benchmarks the ring-buffer engine, the journal, or the whole pipeline; prints the machine and the figures");
        command.Subcommands.Add(Sub(
            "engine",
            "The ring-buffer engine: one-to-one, pipeline-3, fan-out-3, diamond, three-to-one and blocking throughput; ping-pong and baseline hand-off latency (HdrHistogram)",
            EngineBenchmark.Execute));
        command.Subcommands.Add(Sub(
            "journal",
            "The memory-mapped journal: append-64, append-512 and read, with flush policies, a concurrent reader, pacing and segment rolls",
            JournalBenchmark.Execute));
        command.Subcommands.Add(Sub(
            "pipeline",
            "The whole configured pipeline on the synthetic source: throughput at max speed, tick-to-route latency at paced rates (coordinated-omission corrected)",
            (seconds, json, output) => PipelineBenchmark.Execute(seconds, json, output)));
        return command;
    }

    private static Command Sub(string name, string description, Func<int, bool, TextWriter, int> run)
    {
        var seconds = new Option<int>("--seconds") { Description = "Total run time in seconds, split across the scenarios", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "Print {\"machine\":{…},\"scenarios\":[…],\"latency\":[…]} instead of the table" };
        var command = new Command(name, description);
        command.Options.Add(seconds);
        command.Options.Add(json);
        command.SetAction(parseResult =>
        {
            var s = parseResult.GetValue(seconds);
            if (s < 1)
            {
                parseResult.InvocationConfiguration.Error.WriteLine($"bench {name}: --seconds must be at least 1");
                return 1;
            }

            return run(s, parseResult.GetValue(json), parseResult.InvocationConfiguration.Output);
        });
        return command;
    }
}
