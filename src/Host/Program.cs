using System.CommandLine;
using QuantumTrader.Host.Commands;

namespace QuantumTrader.Host;

/// <summary>The <c>quantumtrader</c> command: the one composition root.</summary>
public static class Program
{
    /// <summary>Builds the command tree (also used by tests).</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("QuantumTrader: a low-latency trading engine for Binance USDⓈ-M perpetual futures.");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(JournalCommand.Create());
        root.Subcommands.Add(CaptureCommand.Create());
        root.Subcommands.Add(ConfigCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(ReplayCommand.Create());
        root.Subcommands.Add(FakeBinanceCommand.Create());
        return root;
    }

    /// <summary>Entry point.</summary>
    public static int Main(string[] args) => BuildRoot().Parse(args).Invoke();
}
