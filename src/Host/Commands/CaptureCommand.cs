using System.CommandLine;

namespace QuantumTrader.Host.Commands;

/// <summary>`quantumtrader capture`: Inspects a recorded market-data capture</summary>
internal static class CaptureCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("capture", "Inspects a recorded market-data capture (not implemented yet)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("quantumtrader capture: not implemented yet");
            return 2;
        });
        return command;
    }
}
