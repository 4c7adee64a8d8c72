using System.CommandLine;

namespace QuantumTrader.Host.Commands;

/// <summary>`quantumtrader run`: Runs the pipeline</summary>
internal static class RunCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("run", "Runs the pipeline (not implemented yet)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("quantumtrader run: not implemented yet");
            return 2;
        });
        return command;
    }
}
