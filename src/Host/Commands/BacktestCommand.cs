using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using QuantumTrader.Model;
using QuantumTrader.Runtime.Configuration;
using QuantumTrader.Runtime.Output;
using QuantumTrader.Runtime.Running;
using QuantumTrader.Services.Backtest;

namespace QuantumTrader.Host.Commands;

/// <summary>
/// `quantumtrader backtest`: the full pipeline on a recorded capture or an earlier journal against the simulated
/// exchange, in lock-step as fast as it goes, positions closed at the end of the data, then the report computed from
/// the journal (round trips, PnL, fees, funding, drawdown, rejections and exits by reason, and the two audits).
/// </summary>
internal static class BacktestCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "A recorded capture (data/binance formats) or an earlier run's journal directory", Required = true };
        var config = new Option<string?>("--config") { Description = "Config file (default: config.toml beside the executable)" };
        var model = new Option<string?>("--model") { Description = "A model file (MODEL.onnx with its MODEL.onnx.json sidecar) instead of the config's [inference] models" };
        var journal = new Option<string?>("--journal") { Description = "Journal directory (default: the config's, or a fresh directory)" };
        var json = new Option<bool>("--json") { Description = "Print one JSON document instead of the human view" };
        var command = new Command("backtest", "Backtests on recorded data: the full pipeline against the simulated exchange, then a report from the journal");
        foreach (var o in new Option[] { data, config, model, journal, json })
        {
            command.Options.Add(o);
        }

        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var asJson = parseResult.GetValue(json);
            string? directory = null;
            QuantumTraderConfig? effective = null;
            var options = new RunOptions
            {
                ConfigPath = parseResult.GetValue(config),
                DataPath = parseResult.GetValue(data),
                Speed = 0,
                JournalDir = parseResult.GetValue(journal),
                ModelOverride = parseResult.GetValue(model),
                FlattenAtEnd = true,
                Quiet = asJson,
                JournalChosen = d => directory = d,
                ConfigLoaded = c => effective = c,
            };
            var code = RunSession.Execute(options, output, error);
            if (directory is null || effective is null || code is not (RunExitCode.Ok or RunExitCode.CaptureTruncated))
            {
                return code;
            }

            var report = BacktestReport.FromJournal(directory, Limits(effective));
            if (asJson)
            {
                WriteJson(report, directory, output);
            }
            else
            {
                WriteHuman(report, output);
            }

            if (report.LimitViolations > 0 || report.UnprotectedPositions > 0)
            {
                error.WriteLine($"backtest: the journal audit failed: {report.LimitViolations} limit violation(s), {report.UnprotectedPositions} position(s) without a protective stop past the grace");
                foreach (var v in report.LimitViolationDetails)
                {
                    error.WriteLine("  " + v);
                }

                foreach (var u in report.UnprotectedDetails)
                {
                    error.WriteLine("  " + u);
                }

                return RunExitCode.AuditFailed;
            }

            return code;
        });
        return command;
    }

    /// <summary>The limits of <paramref name="config"/> the audit checks (the gate's and the exit owner's settings).</summary>
    internal static AuditLimits Limits(QuantumTraderConfig config)
    {
        static long Raw(double v) => (long)Math.Round(v * FixedPoint.Scale);
        return new AuditLimits(
            StartingEquityRaw: Raw(config.Risk.StartingEquity),
            MaxPositionNotionalRaw: Raw(config.Strategy.MaxPositionNotional),
            MaxOrderNotionalRaw: Raw(config.Gate.MaxOrderNotional),
            MaxTotalNotionalRaw: Raw(config.Gate.MaxTotalNotional),
            MaxLeverageRaw: Raw(config.Risk.MaxLeverage),
            MaxOpenPositions: config.Gate.MaxOpenPositions,
            ProtectiveStopGraceNs: config.Exits.ProtectiveStopGraceMs * 1_000_000L);
    }

    private static void WriteJson(BacktestReport r, string directory, TextWriter output) => JsonOut.Write(output, w =>
    {
        w.WriteStartObject();
        w.WriteNumber("events", r.Events);
        w.WriteNumber("signals_evaluated", r.SignalsEvaluated);
        w.WriteNumber("signals", r.Signals);
        w.WriteNumber("orders", r.Orders);
        w.WriteNumber("cancels", r.Cancels);
        w.WriteNumber("fills", r.Fills);
        w.WriteNumber("trades", r.Trades.Count);
        w.WriteNumber("pnl", r.NetPnl);
        w.WriteNumber("gross_pnl", r.Pnl);
        w.WriteNumber("fees", r.Fees);
        w.WriteNumber("funding", r.Funding);
        w.WriteNumber("open_pnl", r.OpenPnl);
        w.WriteNumber("max_drawdown", r.MaxDrawdown);
        w.WriteNumber("max_drawdown_fraction", Math.Round(r.MaxDrawdownFraction, 6));
        w.WriteNumber("win_rate", Math.Round(r.WinRate, 6));
        if (r.ProfitFactor is { } pf)
        {
            w.WriteNumber("profit_factor", Math.Round(pf, 6));
        }
        else
        {
            w.WriteNull("profit_factor");
        }

        Object(w, "rejections_by_reason", r.RejectionsByReason);
        Object(w, "exits_by_reason", r.ExitsByReason);
        Object(w, "orders_by_purpose", r.OrdersByPurpose);
        w.WriteNumber("limit_violations", r.LimitViolations);
        w.WriteNumber("unprotected_positions", r.UnprotectedPositions);
        w.WriteNumber("open_positions_at_end", r.OpenPositionsAtEnd);
        w.WriteString("journal", directory);
        w.WriteStartArray("round_trips");
        foreach (var t in r.Trades)
        {
            w.WriteStartObject();
            w.WriteString("symbol", t.Symbol);
            w.WriteString("side", t.Side == Side.Buy ? "long" : "short");
            w.WriteNumber("opened_ns", t.OpenedNs);
            w.WriteNumber("closed_ns", t.ClosedNs);
            w.WriteNumber("entry_price", t.EntryPrice);
            w.WriteNumber("quantity", t.MaxQuantity);
            w.WriteNumber("pnl", t.Net);
            w.WriteNumber("fees", t.Fees);
            w.WriteNumber("funding", t.Funding);
            w.WriteString("exit_reason", t.ExitReason);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static void Object(Utf8JsonWriter w, string name, SortedDictionary<string, long> values)
    {
        w.WriteStartObject(name);
        foreach (var (k, v) in values)
        {
            w.WriteNumber(k, v);
        }

        w.WriteEndObject();
    }

    private static void WriteHuman(BacktestReport r, TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        static string Pairs(SortedDictionary<string, long> d)
        {
            var parts = new List<string>();
            foreach (var (k, v) in d)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{k} {v:N0}"));
            }

            return parts.Count == 0 ? "none" : string.Join(", ", parts);
        }

        output.WriteLine("backtest report (from the journal):");
        output.WriteLine(string.Create(inv, $"orders             {r.Orders,14:N0}   ({Pairs(r.OrdersByPurpose)}; cancels {r.Cancels:N0})"));
        output.WriteLine(string.Create(inv, $"fills              {r.Fills,14:N0}"));
        output.WriteLine(string.Create(inv, $"round trips        {r.Trades.Count,14:N0}   (win rate {r.WinRate:P1}, profit factor {(r.ProfitFactor is { } pf ? pf.ToString("F2", inv) : "n/a (no loss)")})"));
        foreach (var t in r.Trades)
        {
            output.WriteLine(string.Create(inv, $"  {t.Symbol} {(t.Side == Side.Buy ? "long" : "short")} {t.MaxQuantity} @ {t.EntryPrice}: net {t.Net:F4} USDT (fees {t.Fees:F4}), {((t.ClosedNs - t.OpenedNs) / 1e9):F1} s, exit {t.ExitReason}"));
        }

        output.WriteLine(string.Create(inv, $"pnl                {r.NetPnl,14:F4}   (gross {r.Pnl:F4}, fees {r.Fees:F4}, funding {r.Funding:F4}; open {r.OpenPnl:F4})"));
        output.WriteLine(string.Create(inv, $"max drawdown       {r.MaxDrawdown,14:F4}   ({r.MaxDrawdownFraction:P3} of the peak)"));
        output.WriteLine($"gate rejections    {Pairs(r.RejectionsByReason)}");
        output.WriteLine($"exits by reason    {Pairs(r.ExitsByReason)}");
        output.WriteLine(string.Create(inv, $"audit              limit violations {r.LimitViolations:N0}, unprotected positions {r.UnprotectedPositions:N0}, open at the end {r.OpenPositionsAtEnd:N0}"));
    }
}
