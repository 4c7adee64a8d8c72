using System.Text;
using QuantumTrader.Gateway.Binance.Common;
using QuantumTrader.Gateway.Binance.Http;
using QuantumTrader.Model;
using QuantumTrader.Model.Orders;

namespace QuantumTrader.Gateway.Tests.Binance.Http;

public sealed class QueryBuilderTests
{
    [Fact]
    public void Sign_DocumentedPayload_SignatureLastAndMatchesVector()
    {
        var signer = new HmacSha256Signer("2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9");
        var q = new QueryBuilder()
            .AppendAscii("symbol"u8, "BTCUSDT").AppendBytes("side"u8, "BUY"u8).AppendBytes("type"u8, "LIMIT"u8)
            .AppendFixed("quantity"u8, Quantity.FromDecimal(1m).Raw).AppendFixed("price"u8, Price.FromDecimal(9000m).Raw)
            .AppendBytes("timeInForce"u8, "GTC"u8).AppendLong("recvWindow"u8, 5000).AppendLong("timestamp"u8, 1591702613943)
            .Sign(signer);
        Assert.Equal(
            "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC&recvWindow=5000&timestamp=1591702613943"
            + "&signature=3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9",
            Encoding.ASCII.GetString(q.Written));
    }

    [Fact]
    public void AppendOrder_PostOnlyReduceOnlyLimit_AllParameters()
    {
        var order = new OrderRequest
        {
            ClientOrderId = new ClientOrderId(7, 123456),
            Side = Side.Sell,
            Type = OrderType.Limit,
            TimeInForce = TimeInForce.Gtx,
            ReduceOnly = true,
            Quantity = Quantity.FromDecimal(0.25m),
            Price = Price.FromDecimal(61800.3m),
        };
        var text = Encoding.ASCII.GetString(new QueryBuilder().AppendOrder("BTCUSDT", order).Written);
        Assert.Equal("symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTX&quantity=0.25&price=61800.3&reduceOnly=true&newClientOrderId=qt7-123456&newOrderRespType=RESULT", text);
    }

    [Fact]
    public void AppendOrder_Conditional_UsesAlgoParameters()
    {
        var order = new OrderRequest
        {
            ClientOrderId = new ClientOrderId(1, 9),
            Side = Side.Sell,
            Type = OrderType.TakeProfitMarket,
            ClosePosition = true,
            StopPrice = Price.FromDecimal(70000m),
        };
        var text = Encoding.ASCII.GetString(new QueryBuilder().AppendOrder("BTCUSDT", order).Written);
        Assert.Equal("symbol=BTCUSDT&side=SELL&algoType=CONDITIONAL&type=TAKE_PROFIT_MARKET&closePosition=true&triggerPrice=70000&clientAlgoId=qt1-9", text);
    }

    [Fact]
    public void AppendAscii_UnsafeCharacter_Throws()
        => Assert.Throws<ArgumentException>(() => new QueryBuilder().AppendAscii("symbol"u8, "BTC&USDT"));

    [Fact]
    public void AppendOrder_TrailingStop_CallbackRatePercentAndActivatePrice()
    {
        var order = new OrderRequest
        {
            ClientOrderId = new ClientOrderId(1, 10),
            Side = Side.Sell,
            Type = OrderType.TrailingStopMarket,
            ReduceOnly = true,
            Quantity = Quantity.FromDecimal(0.01m),
            StopPrice = Price.FromDecimal(65000m),
            CallbackRateBasisPoints = 150,
        };
        var text = Encoding.ASCII.GetString(new QueryBuilder().AppendOrder("BTCUSDT", order).Written);
        Assert.Equal("symbol=BTCUSDT&side=SELL&algoType=CONDITIONAL&type=TRAILING_STOP_MARKET&quantity=0.01&activatePrice=65000&callbackRate=1.5&reduceOnly=true&clientAlgoId=qt1-10", text);
    }

    [Fact]
    public void AppendOrder_StopOnMarkPrice_SendsWorkingTypeMarkPrice_ContractPriceSendsNothing()
    {
        var order = new OrderRequest
        {
            ClientOrderId = new ClientOrderId(1, 11),
            Side = Side.Sell,
            Type = OrderType.StopMarket,
            ClosePosition = true,
            StopPrice = Price.FromDecimal(59000m),
            TriggerOn = TriggerPrice.Mark,
        };
        var mark = Encoding.ASCII.GetString(new QueryBuilder().AppendOrder("BTCUSDT", order).Written);
        Assert.Equal("symbol=BTCUSDT&side=SELL&algoType=CONDITIONAL&type=STOP_MARKET&closePosition=true&triggerPrice=59000&workingType=MARK_PRICE&clientAlgoId=qt1-11", mark);

        order.TriggerOn = TriggerPrice.Contract;
        var contract = Encoding.ASCII.GetString(new QueryBuilder().AppendOrder("BTCUSDT", order).Written);
        Assert.DoesNotContain("workingType", contract, StringComparison.Ordinal);
    }
}
