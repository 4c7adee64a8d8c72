using System.CommandLine;
using System.Text.Json;
using QuantumTrader.Gateway.Binance.Capture;

namespace QuantumTrader.Host.Commands;

/// <summary>`quantumtrader capture`: inspects recorded market-data captures.</summary>
internal static class CaptureCommand
{
    /// <summary>Exit code: the capture is clean (no parse error, every book ends in sync).</summary>
    public const int ExitClean = 0;

    /// <summary>Exit code: the capture was read but has parse errors or a book that ends out of sync.</summary>
    public const int ExitProblems = 1;

    /// <summary>Exit code: the file could not be read or is not a capture.</summary>
    public const int ExitUnreadable = 2;

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("capture", "Inspects recorded market-data captures");
        command.Subcommands.Add(CreateInspect());
        return command;
    }

    private static Command CreateInspect()
    {
        var file = new Argument<FileInfo>("FILE")
        {
            Description = "Capture file: hftbacktest '<ns> <json>' lines (gzip or plain), or a cryptofeed "
                + "'.ws.' file (its '.http.' sibling with the depth snapshots is read too) or '.http.' file",
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON document on stdout instead of the human view" };
        var command = new Command(
            "inspect",
            "Parses every frame, rebuilds the order book by Binance's snapshot + diff procedure and reports frame "
            + "counts, parse errors, gaps and resyncs. Exit 0: clean; 1: parse errors or a book out of sync at the end; 2: unreadable");
        command.Arguments.Add(file);
        command.Options.Add(json);
        command.SetAction(parseResult =>
        {
            var path = parseResult.GetValue(file)!;
            CaptureReport report;
            try
            {
                report = CaptureInspector.Inspect(path.FullName);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"capture inspect: {ex.Message}");
                return ExitUnreadable;
            }

            if (parseResult.GetValue(json))
            {
                Console.Out.WriteLine(ToJson(report));
            }
            else
            {
                WriteHuman(path.FullName, report);
            }

            return report.ParseErrors == 0 && report.BookSynced ? ExitClean : ExitProblems;
        });
        return command;
    }

    /// <summary>The JSON document, keys exactly as issue 4 gives them (diagnostic extras after them).</summary>
    internal static string ToJson(CaptureReport report)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteStartObject("frames");
            foreach (var (name, count) in report.Frames)
            {
                w.WriteNumber(name, count);
            }

            w.WriteEndObject();
            w.WriteNumber("parse_errors", report.ParseErrors);
            w.WriteBoolean("book_synced", report.BookSynced);
            w.WriteNumber("book_gaps", report.BookGaps);
            w.WriteNumber("resyncs", report.Resyncs);
            w.WriteNumber("first_exchange_time_ms", report.FirstExchangeTimeMs);
            w.WriteNumber("last_exchange_time_ms", report.LastExchangeTimeMs);
            w.WriteStartObject("parse_errors_by_reason");
            foreach (var (name, count) in report.ParseErrorsByReason)
            {
                w.WriteNumber(name, count);
            }

            w.WriteEndObject();
            w.WriteStartArray("books");
            foreach (var b in report.Books)
            {
                w.WriteStartObject();
                w.WriteString("symbol", b.Symbol);
                w.WriteBoolean("synced", b.Synced);
                w.WriteNumber("gaps", b.Gaps);
                w.WriteNumber("resyncs", b.Resyncs);
                w.WriteNumber("diffs_applied", b.DiffsApplied);
                w.WriteString("best_bid", b.BestBid);
                w.WriteString("best_ask", b.BestAsk);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteHuman(string path, CaptureReport report)
    {
        var o = Console.Out;
        o.WriteLine($"capture  {path}");
        o.WriteLine($"window   {FormatMs(report.FirstExchangeTimeMs)} -> {FormatMs(report.LastExchangeTimeMs)} (exchange time)");
        o.WriteLine("frames");
        foreach (var (name, count) in report.Frames)
        {
            o.WriteLine($"  {name,-12} {count,10}");
        }

        o.WriteLine($"parse errors {report.ParseErrors}");
        foreach (var (name, count) in report.ParseErrorsByReason)
        {
            o.WriteLine($"  {name,-12} {count,10}");
        }

        o.WriteLine($"book     {(report.BookSynced ? "in sync" : "NOT in sync")} at the end; gaps {report.BookGaps}, resyncs {report.Resyncs}");
        foreach (var b in report.Books)
        {
            o.WriteLine($"  {b.Symbol,-10} {(b.Synced ? "synced" : "NOT synced"),-10} diffs {b.DiffsApplied,8}  gaps {b.Gaps}  resyncs {b.Resyncs}  bid {b.BestBid}  ask {b.BestAsk}");
        }
    }

    private static string FormatMs(long ms)
        => ms == 0 ? "-" : DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
