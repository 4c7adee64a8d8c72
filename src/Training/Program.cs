using System.CommandLine;

namespace QuantumTrader.Training;

/// <summary>The <c>quantumtrader-train</c> executable (also run by <c>quantumtrader train …</c>).</summary>
public static class Program
{
    /// <summary>Builds the command tree (also used by tests): the one <c>train</c> command.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("QuantumTrader model training (ML.NET, ONNX export); run as `quantumtrader train …`.");
        root.Subcommands.Add(TrainCommand.Create());
        return root;
    }

    /// <summary>Entry point: <c>quantumtrader-train train --data … --out …</c>.</summary>
    public static int Main(string[] args) => BuildRoot().Parse(args).Invoke();
}
