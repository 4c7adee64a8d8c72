using System.Text;
using QuantumTrader.Gateway.Binance.Capture;
using QuantumTrader.Gateway.Binance.MarketData;
using QuantumTrader.Model;
using QuantumTrader.Testing;

namespace QuantumTrader.Gateway.Tests.Binance.MarketData;

/// <summary>Real frames (provenance: shared/docs/binance-protocol.md §1.4 and data/binance/README.md).</summary>
public sealed class BinanceMarketParserTests
{
    private const string HftBookTicker = """{"stream":"btcusdt@bookTicker","data":{"e":"bookTicker","u":5123107839020,"s":"BTCUSDT","b":"61800.20","B":"2.507","a":"61800.30","A":"2.510","T":1723161256313,"E":1723161256313}}""";
    private const string HftTrade = """{"stream":"btcusdt@trade","data":{"e":"trade","E":1723161256322,"T":1723161256322,"s":"BTCUSDT","t":5266583935,"p":"61800.30","q":"0.006","X":"MARKET","m":false}}""";
    private const string AggTrade2026 = """{"stream":"btcusdt@aggTrade","data":{"e":"aggTrade","E":1786171884624,"a":3404749954,"s":"BTCUSDT","p":"64990.90","q":"0.002","nq":"0.002","f":7960913511,"l":7960913511,"T":1786171884471,"m":true,"st":1}}""";
    private const string Kline2026 = """{"stream":"btcusdt@kline_1m","data":{"e":"kline","E":1786173360960,"s":"BTCUSDT","k":{"t":1786173300000, "T":1786173359999, "s":"BTCUSDT", "i":"1m", "f":7960920076, "L":7960920277, "o":"64970.80", "c":"64969.40", "h":"64970.90", "l":"64969.40", "v":"9.090", "n":194, "x":true, "q":"590577.96880", "V":"3.460", "Q":"224795.09440", "B":"0"}}}""";
    private const string MarkPrice2026 = """{"stream":"btcusdt@markPrice","data":{"e":"markPriceUpdate","E":1786171884000,"s":"BTCUSDT","p":"64991.37858696","ap":"64991.37858696","P":"64980.01344384","i":"65016.05673913","r":"0.00003936","T":1786176000000,"st":1}}""";
    private const string Depth2021 = """{"e":"depthUpdate","E":1626992741037,"T":1626992741024,"s":"SUSHIUSDT","U":600859599090,"u":600859600917,"pu":600859598061,"b":[["7.5040","813"],["7.6090","0"],["7.6110","2"]],"a":[["7.6150","1563"],["7.6220","3284"]]}""";

    private readonly InstrumentRegistry _instruments = new();
    private readonly BinanceMarketParser _parser;

    public BinanceMarketParserTests()
    {
        _instruments.Add(Venue.BinanceUsdM, "BTCUSDT", Price.FromDecimal(0.1m), Quantity.FromDecimal(0.001m), 0);
        _instruments.Add(Venue.BinanceUsdM, "SUSHIUSDT", Price.FromDecimal(0.001m), Quantity.FromDecimal(1m), 0);
        _parser = new BinanceMarketParser(_instruments);
    }

    [Fact]
    public void Parse_RealBookTicker_FillsTopOfBookAndTimes()
    {
        var evt = default(InputEvent);
        Assert.Equal(FrameKind.BookTicker, _parser.Parse(Encoding.UTF8.GetBytes(HftBookTicker), 42, ref evt));
        Assert.Equal(InputKind.BookTicker, evt.Kind);
        Assert.Equal(Price.FromDecimal(61800.20m), evt.BidPrice);
        Assert.Equal(Quantity.FromDecimal(2.507m), evt.BidQuantity);
        Assert.Equal(Price.FromDecimal(61800.30m), evt.AskPrice);
        Assert.Equal(Quantity.FromDecimal(2.510m), evt.AskQuantity);
        Assert.Equal(5123107839020L, evt.SourceSequence);
        Assert.Equal(1723161256313L * 1_000_000, evt.ExchangeTimeNs);
        Assert.Equal(42L, evt.ReceiveTimeNs);
        Assert.Equal((ushort)0, evt.SymbolId);
        Assert.Equal(Venue.BinanceUsdM, evt.Venue);
    }

    [Fact]
    public void Parse_RealTrade_PriceQuantityIdAndAggressor()
    {
        var evt = default(InputEvent);
        Assert.Equal(FrameKind.Trade, _parser.Parse(Encoding.UTF8.GetBytes(HftTrade), 0, ref evt));
        Assert.Equal(Price.FromDecimal(61800.30m), evt.Price);
        Assert.Equal(Quantity.FromDecimal(0.006m), evt.Quantity);
        Assert.Equal(5266583935L, evt.SourceSequence);
        Assert.Equal(0, evt.Flags & MarketFlags.BuyerIsMaker);
        Assert.Equal(0, evt.Flags & MarketFlags.NonMarketTrade);
    }

    [Fact]
    public void Parse_TradeFromInsuranceFund_FlaggedNonMarket()
    {
        var evt = default(InputEvent);
        var frame = HftTrade.Replace("\"X\":\"MARKET\"", "\"X\":\"INSURANCE_FUND\"", StringComparison.Ordinal);
        Assert.Equal(FrameKind.Trade, _parser.Parse(Encoding.UTF8.GetBytes(frame), 0, ref evt));
        Assert.NotEqual(0, evt.Flags & MarketFlags.NonMarketTrade);
    }

    [Fact]
    public void Parse_AggTradeWithNewFields_IgnoresUnknownFields()
    {
        var evt = default(InputEvent);
        Assert.Equal(FrameKind.AggTrade, _parser.Parse(Encoding.UTF8.GetBytes(AggTrade2026), 0, ref evt));
        Assert.Equal(3404749954L, evt.SourceSequence);
        Assert.Equal(Price.FromDecimal(64990.90m), evt.Price);
        Assert.Equal(7960913511L, evt.Aux1);
        Assert.Equal(7960913511L, evt.Aux2);
        Assert.Equal(1786171884471L * 1_000_000, evt.Aux0);
        Assert.NotEqual(0, evt.Flags & MarketFlags.BuyerIsMaker);
    }

    [Fact]
    public void Parse_KlineWithSpacesAfterCommas_Parsed()
    {
        var evt = default(InputEvent);
        Assert.Equal(FrameKind.Kline, _parser.Parse(Encoding.UTF8.GetBytes(Kline2026), 0, ref evt));
        Assert.Equal(Price.FromDecimal(64969.40m), evt.Price);
        Assert.Equal(Quantity.FromDecimal(9.090m), evt.Quantity);
        Assert.Equal(Price.FromDecimal(64970.80m).Raw, evt.Aux0);
        Assert.Equal(Price.FromDecimal(64970.90m).Raw, evt.Aux1);
        Assert.Equal(Price.FromDecimal(64969.40m).Raw, evt.Aux2);
        Assert.Equal(1786173300000L * 1_000_000, evt.Aux3);
        Assert.Equal(7960920277L, evt.SourceSequence);
        Assert.Equal((ushort)1, evt.Code);
        Assert.NotEqual(0, evt.Flags & MarketFlags.KlineClosed);
    }

    [Fact]
    public void Parse_MarkPrice_FundingRateAndNextFundingTime()
    {
        var evt = default(InputEvent);
        Assert.Equal(FrameKind.MarkPrice, _parser.Parse(Encoding.UTF8.GetBytes(MarkPrice2026), 0, ref evt));
        Assert.Equal(Price.FromDecimal(64991.37858696m), evt.Price);
        Assert.Equal(3936L, evt.Aux0);
        Assert.Equal(Price.FromDecimal(65016.05673913m).Raw, evt.Aux1);
        Assert.Equal(1786176000000L * 1_000_000, evt.Aux2);
    }

    [Fact]
    public void Parse_RawDepthUpdate_HeaderAndLevels()
    {
        var evt = default(InputEvent);
        Assert.Equal(FrameKind.DepthUpdate, _parser.Parse(Encoding.UTF8.GetBytes(Depth2021), 7, ref evt));
        var d = _parser.Depth;
        Assert.Equal((ushort)1, d.SymbolId);
        Assert.Equal(600859599090L, d.FirstUpdateId);
        Assert.Equal(600859600917L, d.FinalUpdateId);
        Assert.Equal(600859598061L, d.PreviousUpdateId);
        Assert.Equal(3, _parser.Bids.Length);
        Assert.Equal(2, _parser.Asks.Length);
        Assert.Equal(new DepthLevel(Price.FromDecimal(7.6090m).Raw, 0), _parser.Bids[1]);
        Assert.Equal(new DepthLevel(Price.FromDecimal(7.6220m).Raw, Quantity.FromDecimal(3284m).Raw), _parser.Asks[1]);
    }

    [Fact]
    public void Parse_FieldsInAnyOrder_SameResult()
    {
        var reordered = """{"data":{"s":"BTCUSDT","m":false,"q":"0.006","p":"61800.30","t":5266583935,"T":1723161256322,"E":1723161256322,"X":"MARKET","e":"trade"},"stream":"btcusdt@trade"}""";
        var a = default(InputEvent);
        var b = default(InputEvent);
        Assert.Equal(FrameKind.Trade, _parser.Parse(Encoding.UTF8.GetBytes(HftTrade), 1, ref a));
        Assert.Equal(FrameKind.Trade, _parser.Parse(Encoding.UTF8.GetBytes(reordered), 1, ref b));
        Assert.Equal((a.Kind, a.SymbolId, a.Price, a.Quantity, a.SourceSequence, a.ExchangeTimeNs, a.Aux0, a.Flags),
            (b.Kind, b.SymbolId, b.Price, b.Quantity, b.SourceSequence, b.ExchangeTimeNs, b.Aux0, b.Flags));
    }

    [Theory]
    [InlineData("""{"stream":"btcusdt@trade","data":{"e":"trade","E":1,"T":1,"s":"BTCUSDT","t":5,"p":"61800.30","q":"0.006","m":fal""", FrameError.MalformedJson)]
    [InlineData("""[1,2,3]""", FrameError.MalformedJson)]
    [InlineData("""not json""", FrameError.MalformedJson)]
    [InlineData("""{"e":"trade","E":1,"T":1,"s":"BTCUSDT","t":5,"p":"NaN","q":"0.006","m":false}""", FrameError.BadNumber)]
    [InlineData("""{"e":"trade","E":1,"T":1,"s":"BTCUSDT","t":5,"p":"61800.30","q":"-0.006","m":false}""", FrameError.BadNumber)]
    [InlineData("""{"e":"trade","E":1,"T":1,"s":"BTCUSDT","t":5,"p":"61800.30","q":"0","m":false}""", FrameError.NonPositive)]
    [InlineData("""{"e":"trade","E":1,"T":1,"s":"BTCUSDT","t":5,"p":61800.30,"q":"0.006","m":false}""", FrameError.MissingField)]
    [InlineData("""{"e":"trade","E":1,"T":1,"s":"DOGEUSDT","t":5,"p":"1","q":"1","m":false}""", FrameError.UnknownSymbol)]
    [InlineData("""{"e":"bookTicker","u":1,"s":"BTCUSDT","b":"2","B":"1","a":"1","A":"1","T":1,"E":1}""", FrameError.Inconsistent)]
    [InlineData("""{"e":"depthUpdate","E":1,"T":1,"s":"BTCUSDT","U":10,"u":9,"pu":8,"b":[],"a":[]}""", FrameError.Inconsistent)]
    [InlineData("""{"e":"depthUpdate","E":1,"T":1,"s":"BTCUSDT","U":1,"u":2,"pu":0,"b":[["1"]],"a":[]}""", FrameError.BadNumber)]
    [InlineData("""{"code":-1121,"msg":"Invalid symbol."}""", FrameError.VenueError)]
    [InlineData("""{"e":"trade","E":1,"T":1,"s":"BTCUSDT","t":5,"p":"1","q":"1","m":false} trailing""", FrameError.MalformedJson)]
    public void Parse_BadFrame_RejectedWithReasonAndCounted(string frame, FrameError expected)
    {
        var evt = default(InputEvent);
        Assert.Equal(FrameKind.Invalid, _parser.Parse(Encoding.UTF8.GetBytes(frame), 0, ref evt));
        Assert.Equal(expected, _parser.LastError);
        Assert.Equal(1, _parser.ErrorsOf(expected));
        Assert.Equal(1, _parser.TotalErrors);
    }

    [Fact]
    public void Parse_SubscribeResponse_ControlWithId()
    {
        var evt = default(InputEvent);
        Assert.Equal(FrameKind.ControlResponse, _parser.Parse("""{"result":null,"id":312}"""u8, 0, ref evt));
        Assert.Equal(312, _parser.LastControlId);
    }

    [Fact]
    public void Parse_UnknownEventType_IgnoredNotError()
    {
        var evt = default(InputEvent);
        Assert.Equal(FrameKind.Ignored, _parser.Parse("""{"e":"forceOrder","E":1,"o":{}}"""u8, 0, ref evt));
        Assert.Equal(0, _parser.TotalErrors);
    }

    [Fact]
    public void Parse_RecordedFramesAfterWarmUp_AllocatesNothing()
    {
        // Every stream frame of both recorded captures, parsed twice: the second pass must not allocate.
        var frames = new List<byte[]>();
        foreach (var path in new[]
                 {
                     TestPaths.Data("binance", "hftbacktest-usdm", "btcusdt_20240808.gz"),
                     TestPaths.Data("binance", "cryptofeed-binance-futures", "BINANCE_FUTURES.ws.1.0"),
                 })
        {
            using var reader = CaptureFormat.Open(path);
            while (reader.TryRead(out var f) && frames.Count < 30_000)
            {
                frames.Add(f.Payload.ToArray());
            }
        }

        var parser = new BinanceMarketParser(new InstrumentRegistry(), registerUnknownSymbols: true);
        var evt = default(InputEvent);
        foreach (var f in frames)
        {
            parser.Parse(f, 0, ref evt);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var parsed = 0;
        foreach (var f in frames)
        {
            if (parser.Parse(f, 0, ref evt) != FrameKind.Invalid)
            {
                parsed++;
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(frames.Count, parsed);
        Assert.Equal(0, allocated);
    }
}
