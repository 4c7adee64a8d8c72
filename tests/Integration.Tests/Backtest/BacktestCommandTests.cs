using System.Text.Json;
using QuantumTrader.Integration.Tests.Capture;
using Xunit;

namespace QuantumTrader.Integration.Tests.Backtest;

/// <summary>`quantumtrader backtest` as a real process on the recorded capture with the shipped config.</summary>
[Trait("Category", "Integration")]
public sealed class BacktestCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "qt-btc-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private JsonElement Backtest(string journal)
    {
        var (code, stdout, stderr) = CaptureProcess.Run(120_000, "backtest", "--data", CaptureProcess.Recorded, "--journal", Path.Combine(_dir, journal), "--json");
        Assert.True(code == 0, $"exit {code}: {stderr}");
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    [Fact]
    public void Json_HasTheContractFields_AuditsZero_SameReportTwice()
    {
        var a = Backtest("a");
        var b = Backtest("b");
        foreach (var field in new[] { "events", "signals_evaluated", "orders", "fills", "trades", "pnl", "fees", "funding", "max_drawdown", "win_rate", "profit_factor", "rejections_by_reason", "exits_by_reason", "limit_violations", "unprotected_positions" })
        {
            Assert.True(a.TryGetProperty(field, out _), $"--json has no {field}");
        }

        Assert.Equal(JsonValueKind.Object, a.GetProperty("rejections_by_reason").ValueKind);
        Assert.Equal(JsonValueKind.Object, a.GetProperty("exits_by_reason").ValueKind);
        Assert.Equal(0, a.GetProperty("limit_violations").GetInt64());
        Assert.Equal(0, a.GetProperty("unprotected_positions").GetInt64());
        Assert.Equal(0, a.GetProperty("open_positions_at_end").GetInt64());
        Assert.True(a.GetProperty("events").GetInt64() > 93_000);

        // Everything but the journal's path is the same on a second run.
        static string WithoutJournal(JsonElement e)
        {
            var d = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(e.GetRawText())!;
            d.Remove("journal");
            return JsonSerializer.Serialize(new SortedDictionary<string, JsonElement>(d));
        }

        Assert.Equal(WithoutJournal(a), WithoutJournal(b));
    }

    [Fact]
    public void MissingModel_IsRefusedWithItsName()
    {
        var (code, _, stderr) = CaptureProcess.Run(60_000, "backtest", "--data", CaptureProcess.Recorded, "--model", Path.Combine(_dir, "nope.onnx"), "--journal", Path.Combine(_dir, "j"));
        Assert.Equal(1, code);
        Assert.Contains("nope.onnx", stderr);
    }
}
