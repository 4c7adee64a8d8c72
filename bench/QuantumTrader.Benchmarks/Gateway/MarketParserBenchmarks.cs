using BenchmarkDotNet.Attributes;
using QuantumTrader.Gateway.Binance.Capture;
using QuantumTrader.Runtime.Capture;
using QuantumTrader.Gateway.Binance.MarketData;
using QuantumTrader.Model;
using QuantumTrader.Testing;

namespace QuantumTrader.Benchmarks.Gateway;

/// <summary>
/// Parse cost per Binance message type on real recorded frames (data/binance): the first frame of each type in
/// the captures; markPrice from the 2026 frame quoted in binance-protocol.md (no capture has one).
/// Run: <c>dotnet run -c Release --project bench/QuantumTrader.Benchmarks -- --filter '*MarketParserBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class MarketParserBenchmarks
{
    private const string MarkPrice2026 = """{"stream":"btcusdt@markPrice","data":{"e":"markPriceUpdate","E":1786171884000,"s":"BTCUSDT","p":"64991.37858696","ap":"64991.37858696","P":"64980.01344384","i":"65016.05673913","r":"0.00003936","T":1786176000000,"st":1}}""";

    private BinanceMarketParser _parser = null!;
    private byte[] _frame = null!;
    private InputEvent _slot;

    /// <summary>The message type.</summary>
    [Params("depthUpdate", "trade", "bookTicker", "aggTrade", "kline", "markPriceUpdate", "snapshot1000")]
    public string Kind { get; set; } = "trade";

    /// <summary>Loads the frame.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _parser = new BinanceMarketParser(new InstrumentRegistry(), registerUnknownSymbols: true);
        _frame = Kind switch
        {
            "markPriceUpdate" => System.Text.Encoding.UTF8.GetBytes(MarkPrice2026),
            "aggTrade" or "kline" => Find(TestPaths.Data("binance", "cryptofeed-binance-futures", "BINANCE_FUTURES.ws.1.0"), "\"e\":\"" + Kind + "\""),
            "snapshot1000" => Find(TestPaths.Data("binance", "hftbacktest-usdm", "btcusdt_20240808.gz"), "\"lastUpdateId\""),
            _ => Find(TestPaths.Data("binance", "hftbacktest-usdm", "btcusdt_20240808.gz"), "\"e\":\"" + Kind + "\""),
        };
        if (Parse() == FrameKind.Invalid)
        {
            throw new InvalidOperationException($"{Kind}: frame does not parse ({_parser.LastError})");
        }
    }

    /// <summary>One parse into a reused slot.</summary>
    [Benchmark]
    public FrameKind Parse() => _parser.Parse(_frame, 1, ref _slot);

    private static byte[] Find(string path, string marker)
    {
        using var reader = CaptureFormat.Open(path);
        var needle = System.Text.Encoding.ASCII.GetBytes(marker);
        while (reader.TryRead(out var frame))
        {
            if (frame.Payload.Span.IndexOf(needle) >= 0)
            {
                return frame.Payload.ToArray();
            }
        }

        throw new InvalidOperationException($"no frame with {marker} in {path}");
    }
}
