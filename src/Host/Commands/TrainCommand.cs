using System.CommandLine;

namespace QuantumTrader.Host.Commands;

/// <summary>`quantumtrader train`: Trains the default model and exports it to ONNX</summary>
internal static class TrainCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("train", "Trains the default model and exports it to ONNX (not implemented yet)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("quantumtrader train: not implemented yet");
            return 2;
        });
        return command;
    }
}
