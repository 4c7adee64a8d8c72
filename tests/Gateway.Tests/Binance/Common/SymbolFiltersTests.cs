using QuantumTrader.Gateway.Binance.Common;
using QuantumTrader.Gateway.Tests.Fake;
using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Testing;

namespace QuantumTrader.Gateway.Tests.Binance.Common;

public sealed class SymbolFiltersTests
{
    private static readonly long Mark = Price.FromDecimal(60000m).Raw;

    private static OrderRequest Order(OrderType type, decimal qty, decimal price = 0, TimeInForce tif = TimeInForce.None, Side side = Side.Buy, bool reduceOnly = false)
        => new() { Type = type, Side = side, Quantity = Quantity.FromDecimal(qty), Price = Price.FromDecimal(price), TimeInForce = tif, ReduceOnly = reduceOnly };

    [Theory]
    [InlineData(OrderType.Limit, 0.01, 59000.0, TimeInForce.Gtc, Side.Buy, false, OrderRejectReason.None)]
    [InlineData(OrderType.Limit, 0.01, 59000.05, TimeInForce.Gtc, Side.Buy, false, OrderRejectReason.PriceTick)]
    [InlineData(OrderType.Limit, 0.0105, 59000.0, TimeInForce.Gtc, Side.Buy, false, OrderRejectReason.QuantityStep)]
    [InlineData(OrderType.Limit, 2000, 59000.0, TimeInForce.Gtc, Side.Buy, false, OrderRejectReason.QuantityRange)]
    [InlineData(OrderType.Limit, 0.001, 59000.0, TimeInForce.Gtc, Side.Buy, false, OrderRejectReason.MinNotional)]
    [InlineData(OrderType.Limit, 0.001, 59000.0, TimeInForce.Gtc, Side.Sell, true, OrderRejectReason.None)]
    [InlineData(OrderType.Limit, 0.01, 63000.1, TimeInForce.Gtc, Side.Buy, false, OrderRejectReason.PercentPrice)]
    [InlineData(OrderType.Limit, 0.01, 56999.9, TimeInForce.Gtc, Side.Sell, false, OrderRejectReason.PercentPrice)]
    [InlineData(OrderType.Limit, 0.01, 500.0, TimeInForce.Gtc, Side.Buy, false, OrderRejectReason.PriceRange)]
    [InlineData(OrderType.Limit, 0.01, 59000.0, TimeInForce.None, Side.Buy, false, OrderRejectReason.InvalidRequest)]
    [InlineData(OrderType.Market, 0.01, 0, TimeInForce.None, Side.Buy, false, OrderRejectReason.None)]
    [InlineData(OrderType.Market, 0.01, 0, TimeInForce.Gtx, Side.Buy, false, OrderRejectReason.InvalidRequest)]
    [InlineData(OrderType.Market, -0.01, 0, TimeInForce.None, Side.Buy, false, OrderRejectReason.QuantityRange)]
    public void Validate_Order_ExpectedReason(OrderType type, double qty, double price, TimeInForce tif, Side side, bool reduceOnly, OrderRejectReason expected)
        => Assert.Equal(expected, FakeServerFixture.BtcFilters.Validate(Order(type, (decimal)qty, (decimal)price, tif, side, reduceOnly), Mark));

    [Fact]
    public void Validate_MarketWithoutMarkPrice_FailsClosed()
        => Assert.Equal(OrderRejectReason.MinNotional, FakeServerFixture.BtcFilters.Validate(Order(OrderType.Market, 1m), 0));

    [Fact]
    public void ExchangeInfoParse_Real2021Body_FiltersAndLimits()
    {
        var line = File.ReadLines(TestPaths.Data("binance", "cryptofeed-binance-futures", "BINANCE_FUTURES.0")).First();
        var body = line[(line.IndexOf(": {", StringComparison.Ordinal) + 2)..];
        var info = ExchangeInfo.Parse(System.Text.Encoding.UTF8.GetBytes(body));
        Assert.Equal(2400, info.RequestWeightPerMinute);
        Assert.Equal(300, info.OrdersPer10Seconds);
        Assert.Equal(1200, info.OrdersPerMinute);
        Assert.True(info.TryGet("BTCUSDT", out var btc));
        Assert.Equal(Price.FromDecimal(0.01m).Raw, btc.TickSize);
        Assert.Equal(Quantity.FromDecimal(0.001m).Raw, btc.StepSize);
        Assert.Equal(Price.FromDecimal(5m).Raw, btc.MinNotional);
        Assert.Equal(Price.FromDecimal(556.72m).Raw, btc.MinPrice);
        Assert.Equal(Price.FromDecimal(1.15m).Raw, btc.MultiplierUp);
        Assert.Equal(2, btc.PricePrecision);
    }

    [Theory]
    [InlineData(150, OrderRejectReason.None)]
    [InlineData(5, OrderRejectReason.InvalidRequest)]
    [InlineData(155, OrderRejectReason.InvalidRequest)]
    [InlineData(2000, OrderRejectReason.InvalidRequest)]
    public void Validate_TrailingStopCallbackRate_Checked(int bps, OrderRejectReason expected)
    {
        var order = new OrderRequest { Type = OrderType.TrailingStopMarket, Side = Side.Sell, Quantity = Quantity.FromDecimal(0.01m), ReduceOnly = true, CallbackRateBasisPoints = (ushort)bps };
        Assert.Equal(expected, FakeServerFixture.BtcFilters.Validate(order, Mark));
    }
}
