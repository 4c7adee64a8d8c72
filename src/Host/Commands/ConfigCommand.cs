using System.CommandLine;

namespace QuantumTrader.Host.Commands;

/// <summary>`quantumtrader config`: Checks or shows a config file</summary>
internal static class ConfigCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("config", "Checks or shows a config file (not implemented yet)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("quantumtrader config: not implemented yet");
            return 2;
        });
        return command;
    }
}
