using System.CommandLine;
using System.Globalization;
using QuantumTrader.Runtime.Configuration;
using QuantumTrader.Host.Daemon;
using QuantumTrader.Runtime.Running;

namespace QuantumTrader.Host.Commands;

/// <summary>`quantumtrader run`: runs the pipeline on a market source until the duration, the data or a signal ends it.</summary>
internal static class RunCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = "Config file (default: config.toml beside the executable)" };
        var data = new Option<string?>("--data") { Description = "A recorded capture (data/binance formats) or an earlier run's journal directory to replay as the market feed, orders to the simulated exchange (default: the synthetic source)" };
        var speed = new Option<string>("--speed") { Description = "Replay speed: 1 keeps the recorded pacing, N is N times faster, max is as fast as the pipeline goes", DefaultValueFactory = _ => "1" };
        var duration = new Option<string?>("--duration") { Description = "How long to run, e.g. 10s, 2m (default: until the data ends or SIGTERM)" };
        var events = new Option<long?>("--events") { Description = "Stop after this many events" };
        var journal = new Option<string?>("--journal") { Description = "Journal directory (default: the config's, or a fresh directory)" };
        var json = new Option<bool>("--json") { Description = "Print one JSON document instead of the human view" };
        var live = new Option<bool>("--live") { Description = "Live Binance market data from [binance] (paper trading unless --venue binance); see docs/LIVE.md" };
        var venue = new Option<string?>("--venue") { Description = "With --live: paper (default: the simulated exchange) or binance (REST orders, keys from the variables named in [binance]; starts REDUCING: no reconciliation yet)" };
        var command = new Command("run", "Runs the pipeline: market source → ingest → features → inference → signal → sizing → gating → journal → route");
        foreach (var o in new Option[] { config, data, speed, duration, events, journal, json, live, venue })
        {
            command.Options.Add(o);
        }

        command.SetAction(parseResult =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            TimeSpan? runFor = null;
            if (parseResult.GetValue(duration) is { } text)
            {
                if (!DurationParser.TryParse(text, out var d, out var why))
                {
                    error.WriteLine($"run: --duration: {why}");
                    return 1;
                }

                runFor = d;
            }

            var speedText = parseResult.GetValue(speed) ?? "1";
            double speedValue;
            if (speedText == "max")
            {
                speedValue = 0;
            }
            else if (!double.TryParse(speedText, NumberStyles.Float, CultureInfo.InvariantCulture, out speedValue) || !(speedValue > 0) || double.IsInfinity(speedValue))
            {
                error.WriteLine($"run: --speed: '{speedText}' is neither max nor a positive number");
                return 1;
            }

            var isLive = parseResult.GetValue(live);
            var venueName = parseResult.GetValue(venue);
            if (!isLive && venueName is not null)
            {
                error.WriteLine("run: --venue needs --live (replays and the synthetic market always use the simulated exchange)");
                return 1;
            }

            if (isLive && parseResult.GetValue(data) is not null)
            {
                error.WriteLine("run: --live and --data are exclusive: the market comes either from Binance or from a recording");
                return 1;
            }

            var options = new RunOptions
            {
                ConfigPath = parseResult.GetValue(config),
                DataPath = parseResult.GetValue(data),
                Speed = speedValue,
                Duration = runFor,
                MaxEvents = parseResult.GetValue(events),
                JournalDir = parseResult.GetValue(journal),
                Json = parseResult.GetValue(json),
                Live = isLive ? new QuantumTrader.Runtime.Live.LiveOptions { Venue = venueName ?? QuantumTrader.Runtime.Live.LiveOptions.Paper } : null,
            };
            using var lifetime = DaemonLifetime.Start();
            return RunSession.Execute(options, parseResult.InvocationConfiguration.Output, error, lifetime);
        });
        return command;
    }
}
