using QuantumTrader.Gateway.Fake;
using QuantumTrader.Gateway.Binance.MarketData;
using QuantumTrader.Model;

namespace QuantumTrader.Gateway.Tests.Binance.MarketData;

public sealed class MarketStreamsTests
{
    public static TheoryData<string, string> Routes => new()
    {
        { "bookTicker", "public" },
        { "trade", "public" },
        { "depth", "public" },
        { "depth@0ms", "public" },
        { "depth@100ms", "public" },
        { "depth@500ms", "public" },
        { "aggTrade", "market" },
        { "markPrice", "market" },
        { "markPrice@1s", "market" },
        { "kline_1m", "market" },
        { "kline_1M", "market" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public void RouteOf_KnownType_MatchesBinanceTableAndTheFakeServer(string type, string route)
    {
        Assert.Null(MarketStreams.Check(type));
        Assert.Equal(route, MarketStreams.RouteOf(type));
        Assert.Equal(route, FakeBinanceServer.RouteOf("btcusdt@" + type));
    }

    [Theory]
    [InlineData("")]
    [InlineData("BookTicker")]
    [InlineData("btcusdt@trade")]
    [InlineData("depth@1ms")]
    [InlineData("kline_2m")]
    [InlineData("!bookTicker")]
    public void Check_UnknownType_ReturnsReason(string type)
    {
        Assert.Contains("not a stream type", MarketStreams.Check(type), StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_TwoInstrumentsMixedTypes_OneConnectionPerRouteLowerCaseInOrder()
    {
        var instruments = new InstrumentRegistry();
        instruments.Add(Venue.BinanceUsdM, "BTCUSDT", new Price(1), new Quantity(1), 0);
        instruments.Add(Venue.BinanceUsdM, "ETHUSDT", new Price(1), new Quantity(1), 0);

        var plan = MarketStreams.Plan(["bookTicker", "aggTrade", "depth@100ms"], instruments);

        Assert.Equal(2, plan.Count);
        Assert.Equal("public", plan[0].Route);
        Assert.Equal(["btcusdt@bookTicker", "btcusdt@depth@100ms", "ethusdt@bookTicker", "ethusdt@depth@100ms"], plan[0].Streams);
        Assert.Equal("market", plan[1].Route);
        Assert.Equal(["btcusdt@aggTrade", "ethusdt@aggTrade"], plan[1].Streams);
    }

    [Fact]
    public void Plan_OnlyPublicTypes_NoMarketConnection()
    {
        var instruments = new InstrumentRegistry();
        instruments.Add(Venue.BinanceUsdM, "BTCUSDT", new Price(1), new Quantity(1), 0);

        var plan = MarketStreams.Plan(["depth@0ms", "trade"], instruments);

        var only = Assert.Single(plan);
        Assert.Equal("public", only.Route);
        Assert.Equal(["btcusdt@depth@0ms", "btcusdt@trade"], only.Streams);
    }
}
