using System.Text.Json;
using QuantumTrader.Gateway.Binance.Capture;
using QuantumTrader.Runtime.Capture;
using QuantumTrader.Host.Commands;
using QuantumTrader.Training;
using QuantumTrader.Bench;
using QuantumTrader.Testing;
using Xunit;

namespace QuantumTrader.Host.Tests.Commands;

public sealed class CaptureCommandTests
{
    [Fact]
    public void ToJson_RecordedCapture_IssueKeysInOrderWithValues()
    {
        var report = CaptureInspector.Inspect(TestPaths.Data("binance", "cryptofeed-binance-futures", "BINANCE_FUTURES.ws.1.0"));
        using var doc = JsonDocument.Parse(CaptureCommand.ToJson(report));
        var root = doc.RootElement;
        Assert.Equal(
            ["frames", "parse_errors", "book_synced", "book_gaps", "resyncs", "first_exchange_time_ms", "last_exchange_time_ms"],
            root.EnumerateObject().Select(p => p.Name).Take(7).ToArray());
        Assert.Equal(
            ["depthUpdate", "trade", "aggTrade", "bookTicker", "kline", "markPrice", "snapshot"],
            root.GetProperty("frames").EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(764, root.GetProperty("frames").GetProperty("depthUpdate").GetInt64());
        Assert.Equal(4, root.GetProperty("frames").GetProperty("snapshot").GetInt64());
        Assert.True(root.GetProperty("book_synced").GetBoolean());
        Assert.Equal(0, root.GetProperty("parse_errors").GetInt64());
        Assert.True(root.GetProperty("first_exchange_time_ms").GetInt64() < root.GetProperty("last_exchange_time_ms").GetInt64());
    }

    [Fact]
    public void Invoke_MissingFile_ExitUnreadable()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"qt-missing-{Guid.NewGuid():N}.gz");
        var exit = Program.BuildRoot().Parse(["capture", "inspect", missing, "--json"]).Invoke();
        Assert.Equal(CaptureCommand.ExitUnreadable, exit);
    }

    [Fact]
    public void Invoke_CleanCapture_ExitClean()
    {
        var exit = Program.BuildRoot().Parse(["capture", "inspect", TestPaths.Data("binance", "cryptofeed-binance-futures", "BINANCE_FUTURES.ws.1.0"), "--any-symbol"]).Invoke();
        Assert.Equal(CaptureCommand.ExitClean, exit);
    }

    [Fact]
    public void Invoke_SymbolsNotConfigured_RejectedAsUnknownAsRunDoes()
    {
        // The default config trades BTCUSDT and ETHUSDT; the cryptofeed capture holds four other symbols.
        var report = CaptureInspector.Inspect(
            TestPaths.Data("binance", "cryptofeed-binance-futures", "BINANCE_FUTURES.ws.1.0"),
            QuantumTrader.Runtime.Configuration.ConfigInstruments.BuildRegistry(QuantumTrader.Runtime.Configuration.ConfigLoader.LoadDefault().GetConfigOrThrow().Market, QuantumTrader.Model.Venue.BinanceUsdM));
        Assert.True(report.ParseErrorsByReason.Single(p => p.Key == "UnknownSymbol").Value > 0);
        Assert.Empty(report.Books);
        var exit = Program.BuildRoot().Parse(["capture", "inspect", TestPaths.Data("binance", "cryptofeed-binance-futures", "BINANCE_FUTURES.ws.1.0")]).Invoke();
        Assert.Equal(CaptureCommand.ExitProblems, exit);
    }
}
