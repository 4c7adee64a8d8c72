using System.CommandLine;
using System.Globalization;
using QuantumTrader.Runtime.Configuration;
using QuantumTrader.Host.Daemon;
using QuantumTrader.Runtime.Running;
using QuantumTrader.Runtime.Live;
using QuantumTrader.Host.Demo;

namespace QuantumTrader.Host.Commands;

/// <summary>`quantumtrader fake-binance`: a fake Binance USDⓈ-M on 127.0.0.1 replaying a capture, the demo target of `run --live`.</summary>
internal static class FakeBinanceCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = "Config file: instruments from [market], key variable names from [binance] (default: config.toml beside the executable)" };
        var port = new Option<int>("--port") { Description = "Loopback port (0: any free port; the bound URLs are printed)", DefaultValueFactory = _ => 0 };
        var data = new Option<string?>("--data") { Description = "Recorded capture replayed to the WebSocket subscribers (e.g. data/binance/hftbacktest-usdm/btcusdt_20240808.gz)" };
        var speed = new Option<string>("--speed") { Description = "Replay speed: 1 keeps the recorded pacing, N is N times faster, max is as fast as the sockets go", DefaultValueFactory = _ => "1" };
        var command = new Command("fake-binance", "Runs a fake Binance USDⓈ-M (REST + market WebSockets) on 127.0.0.1 until SIGINT/SIGTERM; see docs/LIVE.md");
        foreach (var o in new Option[] { config, port, data, speed })
        {
            command.Options.Add(o);
        }

        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var portValue = parseResult.GetValue(port);
            if (portValue is < 0 or > 65535)
            {
                error.WriteLine($"fake-binance: --port: {portValue} is not a port (0..65535)");
                return 1;
            }

            var speedText = parseResult.GetValue(speed) ?? "1";
            double speedValue = 0;
            if (speedText != "max" && (!double.TryParse(speedText, NumberStyles.Float, CultureInfo.InvariantCulture, out speedValue) || !(speedValue > 0) || double.IsInfinity(speedValue)))
            {
                error.WriteLine($"fake-binance: --speed: '{speedText}' is neither max nor a positive number");
                return 1;
            }

            var dataPath = parseResult.GetValue(data);
            if (dataPath is not null && !File.Exists(dataPath))
            {
                error.WriteLine($"fake-binance: --data: {dataPath} does not exist");
                return 1;
            }

            var configPath = parseResult.GetValue(config);
            var loaded = configPath is null ? ConfigLoader.LoadDefault() : ConfigLoader.Load(configPath);
            if (!loaded.IsValid)
            {
                foreach (var e in loaded.Errors)
                {
                    error.WriteLine($"{loaded.Source}:{e.Line}:{e.Column}: {e.Key}: {e.Message}");
                }

                return 1;
            }

            using var lifetime = DaemonLifetime.Start();
            return Run(loaded.Config!, portValue, dataPath, speedText == "max" ? 0 : speedValue, output, error, lifetime.HaltRequested).GetAwaiter().GetResult();
        });
        return command;
    }

    private static async Task<int> Run(QuantumTraderConfig config, int port, string? data, double speed, TextWriter output, TextWriter error, CancellationToken halt)
    {
        FakeBinanceHost host;
        try
        {
            host = await FakeBinanceHost.StartAsync(config, port, data, speed).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            error.WriteLine($"fake-binance: cannot listen on 127.0.0.1:{port}: {ex.Message}");
            return 1;
        }
        catch (InvalidDataException ex)
        {
            error.WriteLine($"fake-binance: --data: {ex.Message}");
            return 1;
        }

        await using (host.ConfigureAwait(false))
        {
            output.WriteLine("fake Binance USDⓈ-M on loopback only; point [binance] at it:");
            output.WriteLine($"rest_base = \"{host.Server.RestBase.ToString().TrimEnd('/')}\"");
            output.WriteLine($"ws_base = \"{host.Server.WebSocketBase.ToString().TrimEnd('/')}\"");
            if (host.StreamTypes.Count > 0)
            {
                output.WriteLine($"streams = [{string.Join(", ", host.StreamTypes.Select(t => "\"" + t + "\""))}]   # recorded in the capture; other streams stay silent");
            }

            output.WriteLine(host.Symbols.Count == 0
                ? "symbols: none priced (no bookTicker of a [market] instrument in the capture): exchangeInfo lists no symbol"
                : $"symbols: {string.Join(", ", host.Symbols)}");
            output.WriteLine(Environment.GetEnvironmentVariable(config.Binance.ApiKeyEnv) is { Length: > 0 } && Environment.GetEnvironmentVariable(config.Binance.ApiSecretEnv) is { Length: > 0 }
                ? $"keys: the values of {config.Binance.ApiKeyEnv} / {config.Binance.ApiSecretEnv}"
                : $"keys: demo values (set {config.Binance.ApiKeyEnv}={FakeBinanceHost.DemoApiKey} and {config.Binance.ApiSecretEnv}={FakeBinanceHost.DemoSecret} for run --live --venue binance)");
            output.WriteLine(data is null
                ? "no --data: REST only, the market streams stay silent"
                : $"waiting for a market-data subscriber, then replaying {Path.GetFileName(data)} at {(speed == 0 ? "max speed" : speed.ToString(CultureInfo.InvariantCulture) + "x")}; SIGINT/SIGTERM stops");
            output.Flush();
            try
            {
                var sent = await host.ReplayWhenSubscribedAsync(halt).ConfigureAwait(false);
                if (data is not null)
                {
                    output.WriteLine($"capture replayed: {sent:N0} frames sent; serving REST until SIGINT/SIGTERM");
                    output.Flush();
                }

                await Task.Delay(Timeout.Infinite, halt).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // SIGINT/SIGTERM
            }

            output.WriteLine("fake-binance: stopped");
        }

        return 0;
    }
}
