using System.CommandLine;

namespace QuantumTrader.Bench;

/// <summary>The <c>quantumtrader-bench</c> executable (also run by <c>quantumtrader bench …</c>).</summary>
public static class Program
{
    /// <summary>Builds the command tree (also used by tests): the one <c>bench</c> command.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("QuantumTrader benchmark harnesses (HdrHistogram); run as `quantumtrader bench …`.");
        root.Subcommands.Add(BenchCommand.Create());
        return root;
    }

    /// <summary>Entry point: <c>quantumtrader-bench bench engine|journal|pipeline …</c>.</summary>
    public static int Main(string[] args) => BuildRoot().Parse(args).Invoke();
}
