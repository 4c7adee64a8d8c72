using System.CommandLine;
using System.Text.Json;
using QuantumTrader.Gateway.Binance.Capture;
using QuantumTrader.Runtime.Capture;
using QuantumTrader.Runtime.Configuration;
using QuantumTrader.Model;

namespace QuantumTrader.Host.Commands;

/// <summary>`quantumtrader capture`: inspects recorded market-data captures.</summary>
internal static class CaptureCommand
{
    /// <summary>Exit code: the capture is clean (no parse error, every book ends in sync).</summary>
    public const int ExitClean = 0;

    /// <summary>Exit code: the capture was read but has parse errors or a book that ends out of sync.</summary>
    public const int ExitProblems = 1;

    /// <summary>Exit code: the file could not be read or is not a capture (or the config could not be loaded).</summary>
    public const int ExitUnreadable = 2;

    /// <summary>Exit code: a gzip capture that was cut short; what it held is reported.</summary>
    public const int ExitTruncated = 3;

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
        var config = new Option<FileInfo?>("--config")
        {
            Description = "Config whose [[market.instruments]] a run would use (default: the config.toml beside the executable, as for run); frames of other symbols are rejected as UnknownSymbol, as run rejects them",
        };
        var anySymbol = new Option<bool>("--any-symbol") { Description = "Inspect every symbol in the capture instead of the configured instruments" };
        var command = new Command(
            "inspect",
            "Parses every frame, rebuilds the order book by Binance's snapshot + diff procedure, classifies every tick as "
            + "the run's ingest stage does, and reports frame counts, parse errors (unknown symbols among them), rejected "
            + "ticks (out of order…), gaps and resyncs. Exit 0: clean; 1: parse errors, rejected ticks or a book out of sync "
            + "at the end; 2: unreadable; 3: a gzip capture cut short");
        command.Arguments.Add(file);
        command.Options.Add(json);
        command.Options.Add(config);
        command.Options.Add(anySymbol);
        command.SetAction(parseResult =>
        {
            var path = parseResult.GetValue(file)!;
            InstrumentRegistry? instruments = null;
            if (!parseResult.GetValue(anySymbol))
            {
                var configPath = parseResult.GetValue(config)?.FullName;
                var loaded = configPath is null ? ConfigLoader.LoadDefault() : ConfigLoader.Load(configPath);
                if (!loaded.IsValid)
                {
                    foreach (var e in loaded.Errors)
                    {
                        Console.Error.WriteLine($"{loaded.Source}:{e.Line}:{e.Column}: {e.Key}: {e.Message}");
                    }

                    return ExitUnreadable;
                }

                instruments = ConfigInstruments.BuildRegistry(loaded.Config!.Market, Venue.BinanceUsdM);
            }

            CaptureReport report;
            try
            {
                report = CaptureInspector.Inspect(path.FullName, instruments);
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

            if (report.Truncation is { } cut)
            {
                Console.Error.WriteLine($"capture inspect: {cut}");
                return ExitTruncated;
            }

            return report.ParseErrors == 0 && report.TicksRejected == 0 && report.BookSynced ? ExitClean : ExitProblems;
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
            w.WriteNumber("ticks_rejected", report.TicksRejected);
            w.WriteStartObject("ticks_rejected_by_reason");
            foreach (var (name, count) in report.TicksRejectedByReason)
            {
                w.WriteNumber(name, count);
            }

            w.WriteEndObject();
            w.WriteBoolean("truncated", report.Truncation is not null);
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

        o.WriteLine($"ticks rejected {report.TicksRejected} (as the run's ingest stage rejects them)");
        foreach (var (name, count) in report.TicksRejectedByReason)
        {
            o.WriteLine($"  {name,-12} {count,10}");
        }

        if (report.Truncation is not null)
        {
            o.WriteLine("TRUNCATED: the gzip data ends early; the counts cover what was read before the cut");
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
