using System.Text.Json;
using Xunit;

namespace QuantumTrader.Integration.Tests.Capture;

/// <summary>Defective captures through the real command: a truncated gzip, out-of-order timestamps, a symbol that is
/// not configured. <c>capture inspect</c> and <c>run --data</c> classify them the same way.</summary>
[Trait("Category", "Integration")]
public sealed class CaptureDefectTests : IDisposable
{
    private const int ExitInspectTruncated = 3;
    private const int ExitRunTruncated = 6; // RunExitCode.CaptureTruncated
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("qt-capture-defect-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Truncated()
    {
        var bytes = File.ReadAllBytes(CaptureProcess.Recorded);
        var path = Path.Combine(_dir.FullName, "btcusdt_truncated.gz");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]); // cut in the middle of the deflate stream
        return path;
    }

    [Fact]
    public void Inspect_TruncatedGzip_OwnExitCodeAndSaysTruncated()
    {
        var (code, stdout, stderr) = CaptureProcess.Run(120_000, "capture", "inspect", Truncated(), "--json");

        Assert.True(code == ExitInspectTruncated, $"exit {code}; stdout {stdout}; stderr {stderr}");
        Assert.Contains("truncated", stderr, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(stdout);
        Assert.True(doc.RootElement.GetProperty("truncated").GetBoolean());
        Assert.True(doc.RootElement.GetProperty("frames").GetProperty("trade").GetInt64() > 0); // what was read is reported
        Assert.Equal(0, doc.RootElement.GetProperty("parse_errors").GetInt64()); // the cut line is the truncation, not a bad frame
    }

    [Fact]
    public void Run_TruncatedGzip_OwnExitCodeAndSaysTruncated()
    {
        var journal = Path.Combine(_dir.FullName, "journal");
        var (code, stdout, stderr) = CaptureProcess.Run(150_000, "run", "--data", Truncated(), "--speed", "max", "--journal", journal, "--json");

        Assert.True(code == ExitRunTruncated, $"exit {code}; stdout {stdout}; stderr {stderr}");
        Assert.Contains("truncated", stderr, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(stdout); // the report of what was replayed is still written
        Assert.Equal(0, doc.RootElement.GetProperty("frames_rejected").GetInt64());
    }

    [Fact]
    public void InspectAndRun_OutOfOrderTradeAndUnknownSymbol_SameClassification()
    {
        var lines = CaptureProcess.RecordedLines().GetRange(0, 6_000);
        var trade = lines.FindIndex(100, l => l.Contains("\"e\":\"trade\"", StringComparison.Ordinal));
        var ticker = lines.FindIndex(100, l => l.Contains("\"e\":\"bookTicker\"", StringComparison.Ordinal));
        using (var t = JsonDocument.Parse(lines[trade][(lines[trade].IndexOf(' ', StringComparison.Ordinal) + 1)..]))
        {
            var e = t.RootElement.GetProperty("data").GetProperty("E").GetInt64();
            var late = lines[trade].Replace($"\"E\":{e}", $"\"E\":{e - 60_000}", StringComparison.Ordinal).Replace($"\"T\":{e}", $"\"T\":{e - 60_000}", StringComparison.Ordinal);
            Assert.NotEqual(lines[trade], late);
            lines.Insert(5_000, late); // a trade stamped a minute before the trades around it
        }

        lines.Insert(5_001, lines[ticker].Replace("BTCUSDT", "XRPUSDT", StringComparison.Ordinal).Replace("btcusdt@", "xrpusdt@", StringComparison.Ordinal));
        var capture = Path.Combine(_dir.FullName, "btcusdt_defects.txt");
        File.WriteAllLines(capture, lines);

        var (runCode, runOut, runErr) = CaptureProcess.Run(150_000, "run", "--data", capture, "--speed", "max", "--journal", Path.Combine(_dir.FullName, "journal"), "--json");
        Assert.True(runCode == 0, $"run exit {runCode}; stderr {runErr}");
        using var run = JsonDocument.Parse(runOut);
        Assert.Equal(1, run.RootElement.GetProperty("frames_rejected").GetInt64());
        Assert.Equal(1, run.RootElement.GetProperty("ticks_rejected").GetInt64());

        var (code, stdout, stderr) = CaptureProcess.Run(120_000, "capture", "inspect", capture, "--json");
        Assert.True(code == 1, $"inspect exit {code}; stdout {stdout}; stderr {stderr}");
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal(1, root.GetProperty("parse_errors_by_reason").GetProperty("UnknownSymbol").GetInt64());
        Assert.Equal(run.RootElement.GetProperty("frames_rejected").GetInt64(), root.GetProperty("parse_errors").GetInt64());
        Assert.Equal(1, root.GetProperty("ticks_rejected_by_reason").GetProperty("OutOfOrder").GetInt64());
        Assert.Equal(run.RootElement.GetProperty("ticks_rejected").GetInt64(), root.GetProperty("ticks_rejected").GetInt64());
    }
}
