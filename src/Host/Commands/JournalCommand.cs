using System.CommandLine;

namespace QuantumTrader.Host.Commands;

/// <summary>`quantumtrader journal`: Inspects, exports and verifies a journal</summary>
internal static class JournalCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("journal", "Inspects, exports and verifies a journal (not implemented yet)");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("quantumtrader journal: not implemented yet");
            return 2;
        });
        return command;
    }
}
