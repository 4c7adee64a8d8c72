using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using QuantumTrader.Runtime.Configuration;
using Xunit;

namespace QuantumTrader.Integration.Tests.Live;

/// <summary>
/// A real <c>quantumtrader run --live</c> process whose feed never connects (Binance pointed at a closed
/// loopback port): it must fail as an operator and systemd see it, not run out its duration and exit 0.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DeadFeedTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("qt-dead-feed-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact(Timeout = 120_000)]
    public async Task RunLive_FeedNeverConnects_ExitsNonZeroWithAMessageAndNeverReportsReady()
    {
        var port = ClosedPort();
        var config = File.ReadAllText(ConfigLoader.DefaultPath)
            .Replace("\"models/default.onnx\"", "\"" + Path.Combine(Path.GetDirectoryName(ConfigLoader.DefaultPath)!, "models", "default.onnx") + "\"", StringComparison.Ordinal)
            .Replace("rest_base = \"https://fapi.binance.com\"", $"rest_base = \"http://127.0.0.1:{port}\"", StringComparison.Ordinal)
            .Replace("connect_timeout = \"30s\"", "connect_timeout = \"3s\"", StringComparison.Ordinal)
            .Replace("ws_base = \"wss://fstream.binance.com\"", $"ws_base = \"ws://127.0.0.1:{port}\"", StringComparison.Ordinal);
        var configPath = Path.Combine(_dir, "config.toml");
        File.WriteAllText(configPath, config);

        // systemd's notification socket, so the test sees what the process would tell systemd.
        var notifyPath = Path.Combine(_dir, "notify.sock");
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(notifyPath));

        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "quantumtrader.dll"), "run", "--live", "--config", configPath, "--duration", "5m", "--journal", Path.Combine(_dir, "j") })
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["NOTIFY_SOCKET"] = notifyPath;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("a run whose feed never connects kept running (its --duration is 5 minutes)");
        }

        var error = await stderr;
        Assert.True(process.ExitCode == QuantumTrader.Runtime.Running.RunExitCode.FeedDead, $"exit {process.ExitCode}; stdout: {await stdout}; stderr: {error}");
        Assert.Contains("did not connect within binance.connect_timeout", error, StringComparison.Ordinal);
        Assert.DoesNotContain("last error: none", error, StringComparison.Ordinal); // the connection error is named

        var messages = new StringBuilder();
        var buffer = new byte[4096];
        while (notify.Available > 0)
        {
            var n = notify.Receive(buffer);
            messages.Append(Encoding.UTF8.GetString(buffer, 0, n)).Append('\n');
        }

        Assert.DoesNotContain("READY=1", messages.ToString(), StringComparison.Ordinal);
        Assert.Contains("STATUS=failed: the market data feed did not connect", messages.ToString(), StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
