using System.CommandLine;

namespace QuantumTrader.Host.Commands;

/// <summary>`quantumtrader bench`: Benchmarks the engine, the journal and the pipeline</summary>
internal static class BenchCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("bench", "Benchmarks the engine, the journal and the pipeline (not implemented yet)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("quantumtrader bench: not implemented yet");
            return 2;
        });
        return command;
    }
}
