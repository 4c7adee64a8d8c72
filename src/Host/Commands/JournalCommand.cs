using System.CommandLine;
using QuantumTrader.Engine.Journal;
using QuantumTrader.Runtime.Journal;
using QuantumTrader.Services.Journal;
using QuantumTrader.Stages.Journaling;

namespace QuantumTrader.Host.Commands;

/// <summary>`quantumtrader journal`: inspects, tails, exports, verifies and compresses a journal.</summary>
internal static class JournalCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("journal", "Inspects, tails, exports, verifies and compresses a journal directory");
        command.Subcommands.Add(Info());
        command.Subcommands.Add(Tail());
        command.Subcommands.Add(Export());
        command.Subcommands.Add(Verify());
        command.Subcommands.Add(Compress());
        command.Subcommands.Add(CrashWriterCommand());
        return command;
    }

    private static Argument<string> DirArgument() => new("DIR") { Description = "Journal directory" };

    private static Option<bool> JsonOption() => new("--json") { Description = "Print one JSON document instead of the human view" };

    private static Option<string?> TypeOption() => new("--type")
    {
        Description = "Only records of this type: input, signal, intent, sizing, gate, order, instrument",
    };

    private static bool TryType(string? name, out ushort type)
    {
        type = 0;
        if (string.IsNullOrEmpty(name))
        {
            return true;
        }

        type = JournalRecordType.FromName(name);
        if (type == 0)
        {
            Console.Error.WriteLine($"unknown record type '{name}': use input, signal, intent, sizing, gate, order or instrument");
            return false;
        }

        return true;
    }

    private static Command Info()
    {
        var dir = DirArgument();
        var json = JsonOption();
        var command = new Command("info", "Segments, sequence range, time range, record counts by type, size on disk");
        command.Arguments.Add(dir);
        command.Options.Add(json);
        command.SetAction(r => JournalInspector.Info(r.GetValue(dir)!, r.GetValue(json), Console.Out));
        return command;
    }

    private static Command Verify()
    {
        var dir = DirArgument();
        var json = JsonOption();
        var command = new Command("verify", "Checks every checksum, the seals and the sequence chain; exits 1 on any defect, naming segment and offset");
        command.Arguments.Add(dir);
        command.Options.Add(json);
        command.SetAction(r => JournalInspector.Verify(r.GetValue(dir)!, r.GetValue(json), Console.Out));
        return command;
    }

    private static Command Tail()
    {
        var dir = DirArgument();
        var type = TypeOption();
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing records as the writer commits them (Ctrl+C stops)" };
        var count = new Option<int>("--count", "-n") { Description = "How many of the last records to print first", DefaultValueFactory = _ => 20 };
        var json = JsonOption();
        var command = new Command("tail", "Prints the last records (JSON lines with --json), with the legacy streams' field names");
        command.Arguments.Add(dir);
        command.Options.Add(type);
        command.Options.Add(follow);
        command.Options.Add(count);
        command.Options.Add(json);
        command.SetAction(r =>
        {
            if (!TryType(r.GetValue(type), out var t))
            {
                return 2;
            }

            var n = r.GetValue(count);
            if (n < 0)
            {
                Console.Error.WriteLine("--count must not be negative");
                return 2;
            }

            using var cancel = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };
            return JournalExporter.Tail(r.GetValue(dir)!, t, n, r.GetValue(follow), r.GetValue(json), Console.Out, Console.Error, cancel.Token);
        });
        return command;
    }

    private static Command Export()
    {
        var dir = DirArgument();
        var format = new Option<string>("--format") { Description = "jsonl or csv", DefaultValueFactory = _ => "jsonl" };
        format.AcceptOnlyFromAmong("jsonl", "csv");
        var from = new Option<long>("--from") { Description = "First sequence to export (default: the first)" };
        var to = new Option<long>("--to") { Description = "Last sequence to export (default: the last)" };
        var type = TypeOption();
        var output = new Option<string?>("--out") { Description = "Write to this file instead of stdout" };
        var command = new Command("export", "Exports records as JSON lines or CSV with the legacy streams' field names");
        command.Arguments.Add(dir);
        command.Options.Add(format);
        command.Options.Add(from);
        command.Options.Add(to);
        command.Options.Add(type);
        command.Options.Add(output);
        command.SetAction(r =>
        {
            if (!TryType(r.GetValue(type), out var t))
            {
                return 2;
            }

            var path = r.GetValue(output);
            if (path is null)
            {
                return JournalExporter.Export(r.GetValue(dir)!, r.GetValue(format)!, r.GetValue(from), r.GetValue(to), t, Console.Out, Console.Error);
            }

            using var file = new StreamWriter(path);
            return JournalExporter.Export(r.GetValue(dir)!, r.GetValue(format)!, r.GetValue(from), r.GetValue(to), t, file, Console.Error);
        });
        return command;
    }

    private static Command Compress()
    {
        var dir = DirArgument();
        var command = new Command("compress", "Compresses every sealed segment with LZ4 (readers read both forms)");
        command.Arguments.Add(dir);
        command.SetAction(r =>
        {
            var n = SegmentCompressor.CompressSealed(r.GetValue(dir)!);
            Console.Out.WriteLine($"compressed {n} sealed segment(s)");
            return 0;
        });
        return command;
    }

    // The journal benchmark under the journal command too, hidden: `bench journal` is the documented entry.
    private static Command CrashWriterCommand()
    {
        var dir = DirArgument();
        var segmentKib = new Option<int>("--segment-kib") { DefaultValueFactory = _ => 1024 };
        var maxPayload = new Option<int>("--max-payload") { DefaultValueFactory = _ => 300 };
        var maxRecords = new Option<long>("--max-records") { DefaultValueFactory = _ => 0 };
        var command = new Command("crash-writer", "Test helper: appends records until killed, printing each committed sequence") { Hidden = true };
        command.Arguments.Add(dir);
        command.Options.Add(segmentKib);
        command.Options.Add(maxPayload);
        command.Options.Add(maxRecords);
        command.SetAction(r =>
        {
            using var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false };
            return CrashWriter.Run(r.GetValue(dir)!, r.GetValue(segmentKib) * 1024L, r.GetValue(maxPayload), r.GetValue(maxRecords), stdout);
        });
        return command;
    }
}
