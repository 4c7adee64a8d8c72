using System.CommandLine;
using QuantumTrader.Host.Commands;

namespace QuantumTrader.Host;

/// <summary>The <c>quantumtrader</c> command line (composition is in QuantumTrader.Runtime).</summary>
public static class Program
{
    /// <summary>Builds the command tree (also used by tests).</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("QuantumTrader: a low-latency trading engine for Binance USDⓈ-M perpetual futures.");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(BacktestCommand.Create());
        root.Subcommands.Add(JournalCommand.Create());
        root.Subcommands.Add(CaptureCommand.Create());
        root.Subcommands.Add(ConfigCommand.Create());
        root.Subcommands.Add(ReplayCommand.Create());
        root.Subcommands.Add(FakeBinanceCommand.Create());
        foreach (var tool in ToolLauncher.Tools)
        {
            root.Subcommands.Add(ToolLauncher.Placeholder(tool.Command, tool.Description));
        }

        return root;
    }

    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);

        // `train` and `bench` belong to companion executables: hand them the whole command line, --help included.
        if (args.Length > 0 && ToolLauncher.ToolFor(args[0]) is not null)
        {
            return ToolLauncher.Run(args[0], args, Console.Error);
        }

        return BuildRoot().Parse(args).Invoke();
    }
}
