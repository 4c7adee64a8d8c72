using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using QuantumTrader.Testing;
using Xunit;

namespace QuantumTrader.Integration.Tests.Capture;

/// <summary>The built quantumtrader command as a real process, and copies of the recorded capture altered for a test.</summary>
internal static class CaptureProcess
{
    public static readonly string Recorded = TestPaths.Data("binance", "hftbacktest-usdm", "btcusdt_20240808.gz");

    /// <summary>Runs quantumtrader with <paramref name="args"/>; kills it when it outlives <paramref name="timeoutMs"/>.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(int timeoutMs, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "quantumtrader.dll"));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutMs))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"quantumtrader {string.Join(' ', args)} did not finish in {timeoutMs} ms; stderr: {stderr.Result}");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The recorded capture's lines (uncompressed).</summary>
    public static List<string> RecordedLines()
    {
        using var gz = new GZipStream(File.OpenRead(Recorded), CompressionMode.Decompress);
        using var reader = new StreamReader(gz, Encoding.UTF8);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    /// <summary>Indexes of the depth-update lines.</summary>
    public static List<int> DepthLines(List<string> lines)
    {
        var depth = new List<int>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Contains("\"e\":\"depthUpdate\"", StringComparison.Ordinal))
            {
                depth.Add(i);
            }
        }

        return depth;
    }
}
