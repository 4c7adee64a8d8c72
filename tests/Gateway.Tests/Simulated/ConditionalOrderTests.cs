using QuantumTrader.Gateway.Simulated;
using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Testing.Ports;

namespace QuantumTrader.Gateway.Tests.Simulated;

/// <summary>Stop-market, take-profit-market and trailing-stop orders in the simulated exchange, on event time.</summary>
public sealed class ConditionalOrderTests
{
    private const long Ms = 1_000_000;
    private readonly InstrumentRegistry _instruments = new();
    private readonly RecordingSink _sink = new();

    public ConditionalOrderTests()
        => _instruments.Add(Venue.BinanceUsdM, "BTCUSDT", Price.FromDecimal(0.1m), Quantity.FromDecimal(0.001m), Price.FromDecimal(100m).Raw);

    private SimulatedExchange Create(RecordingSink? sink = null)
        => new(_instruments, sink ?? _sink, new TopOfBookFillModel(), new BasisPointFeeModel(2m, 5m), new TickSlippageModel(0), new FixedLatencyModel(0));

    internal static InputEvent Book(long ms, decimal bid, decimal ask) => new()
    {
        Kind = InputKind.BookTicker,
        ExchangeTimeNs = ms * Ms,
        BidPrice = Price.FromDecimal(bid),
        BidQuantity = Quantity.FromDecimal(5m),
        AskPrice = Price.FromDecimal(ask),
        AskQuantity = Quantity.FromDecimal(5m),
    };

    private static InputEvent Mark(long ms, decimal mark) => new() { Kind = InputKind.MarkPrice, ExchangeTimeNs = ms * Ms, Price = Price.FromDecimal(mark) };

    private static InputEvent Trade(long ms, decimal price) => new() { Kind = InputKind.Trade, ExchangeTimeNs = ms * Ms, Price = Price.FromDecimal(price), Quantity = Quantity.FromDecimal(0.1m) };

    internal static OrderRequest Market(long seq, Side side, decimal qty, long ms) => new()
    {
        ClientOrderId = new ClientOrderId(1, seq),
        Type = OrderType.Market,
        Side = side,
        Quantity = Quantity.FromDecimal(qty),
        DecisionTimeNs = ms * Ms,
        ReferencePrice = Price.FromDecimal(60_000m),
    };

    private static OrderRequest Conditional(long seq, OrderType type, Side side, decimal trigger, long ms, TriggerPrice on, decimal qty = 0, ushort callbackBps = 0) => new()
    {
        ClientOrderId = new ClientOrderId(1, seq),
        Type = type,
        Side = side,
        StopPrice = Price.FromDecimal(trigger),
        ClosePosition = qty == 0,
        ReduceOnly = qty != 0,
        Quantity = Quantity.FromDecimal(qty),
        CallbackRateBasisPoints = callbackBps,
        TriggerOn = on,
        DecisionTimeNs = ms * Ms,
        ReferencePrice = Price.FromDecimal(60_000m),
    };

    private List<(long Seq, OrderUpdateCode Code, long Qty)> Updates(long seq)
        => _sink.OfKind(InputKind.OrderUpdate).Where(e => e.ClientOrderId.Sequence == seq).Select(e => (seq, (OrderUpdateCode)e.Code, e.Quantity.Raw)).ToList();

    /// <summary>Opens a long of <paramref name="qty"/> at 60,000.1.</summary>
    private SimulatedExchange Long(decimal qty, RecordingSink? sink = null)
    {
        var sim = Create(sink);
        sim.OnMarketEvent(Book(1000, 60000.0m, 60000.1m));
        sim.Submit(Market(1, Side.Buy, qty, 1000));
        sim.OnMarketEvent(Book(1001, 60000.0m, 60000.1m));
        Assert.Equal(Quantity.FromDecimal(qty).Raw, sim.PositionOf(0));
        return sim;
    }

    [Fact]
    public void StopMarket_ClosePositionOnMark_FiresAtTheTriggerAndClosesTheWholePosition()
    {
        var sim = Long(0.5m);
        sim.Submit(Conditional(2, OrderType.StopMarket, Side.Sell, 59_000m, 1001, TriggerPrice.Mark));
        sim.OnMarketEvent(Book(1002, 60000.0m, 60000.1m));
        Assert.Equal(1, sim.ConditionalCount);

        sim.OnMarketEvent(Trade(1003, 58_000m));   // the last price is not what it watches
        sim.OnMarketEvent(Mark(1004, 59_000.5m));  // above the trigger
        Assert.Equal(1, sim.ConditionalCount);
        Assert.Equal([(2L, OrderUpdateCode.Accepted, 0L)], Updates(2));

        sim.OnMarketEvent(Book(1005, 58990.0m, 58990.1m));
        sim.OnMarketEvent(Mark(1006, 58_999.9m));  // at or below: fires, sells the whole position at the bid
        Assert.Equal(0, sim.ConditionalCount);
        Assert.Equal(0, sim.PositionOf(0));
        Assert.Equal((2L, OrderUpdateCode.Filled, Quantity.FromDecimal(0.5m).Raw), Updates(2)[^1]);
    }

    [Fact]
    public void TakeProfit_OnLastPrice_FiresAtOrAboveForASell_PartialQuantityIsPartial()
    {
        var sim = Long(0.4m);
        sim.Submit(Conditional(2, OrderType.TakeProfitMarket, Side.Sell, 61_000m, 1001, TriggerPrice.Contract, qty: 0.1m));
        sim.OnMarketEvent(Trade(1002, 60_999.9m));
        Assert.Equal(1, sim.ConditionalCount);
        sim.OnMarketEvent(Book(1003, 61000.0m, 61000.1m));
        sim.OnMarketEvent(Trade(1004, 61_000m));
        Assert.Equal(0, sim.ConditionalCount);
        Assert.Equal(Quantity.FromDecimal(0.3m).Raw, sim.PositionOf(0)); // a partial close stays partial
    }

    [Fact]
    public void TrailingStop_FollowsTheBestPriceSinceActivation_FiresOnTheCallback()
    {
        var sim = Long(0.2m);
        // Activation at 60,500; 1% callback.
        sim.Submit(Conditional(2, OrderType.TrailingStopMarket, Side.Sell, 60_500m, 1001, TriggerPrice.Contract, qty: 0.2m, callbackBps: 100));
        sim.OnMarketEvent(Trade(1002, 59_000m));   // below activation: not active, a 1% drop means nothing
        sim.OnMarketEvent(Trade(1003, 60_600m));   // active, best 60,600
        sim.OnMarketEvent(Trade(1004, 61_000m));   // best 61,000: fires at or below 60,390
        sim.OnMarketEvent(Trade(1005, 60_400m));
        Assert.Equal(1, sim.ConditionalCount);
        sim.OnMarketEvent(Book(1006, 60389.0m, 60389.1m));
        sim.OnMarketEvent(Trade(1007, 60_390m));
        Assert.Equal(0, sim.ConditionalCount);
        Assert.Equal(0, sim.PositionOf(0));
    }

    [Fact]
    public void ReduceOnly_WithNothingToReduceWhenItFires_ExpiresAndNeverOpensAPosition()
    {
        var sim = Create();
        sim.OnMarketEvent(Book(1000, 60000.0m, 60000.1m));
        sim.Submit(Conditional(2, OrderType.StopMarket, Side.Sell, 59_000m, 1000, TriggerPrice.Contract, qty: 0.1m));
        sim.OnMarketEvent(Trade(1001, 58_000m));
        Assert.Equal(0, sim.PositionOf(0));
        Assert.Equal((2L, OrderUpdateCode.Expired, 0L), Updates(2)[^1]);
    }

    [Fact]
    public void ReduceOnly_LargerThanThePosition_ClosesItWithoutFlipping()
    {
        var sim = Long(0.1m);
        sim.Submit(Conditional(2, OrderType.StopMarket, Side.Sell, 59_000m, 1001, TriggerPrice.Contract, qty: 0.3m));
        sim.OnMarketEvent(Trade(1002, 58_999m));
        Assert.Equal(0, sim.PositionOf(0));
    }

    [Fact]
    public void Cancel_AWaitingConditional_CanceledAndNeverFires()
    {
        var sim = Long(0.1m);
        sim.Submit(Conditional(2, OrderType.StopMarket, Side.Sell, 59_000m, 1001, TriggerPrice.Contract));
        sim.OnMarketEvent(Book(1002, 60000.0m, 60000.1m));
        sim.Cancel(0, new ClientOrderId(1, 2));
        sim.OnMarketEvent(Book(1003, 60000.0m, 60000.1m));
        sim.OnMarketEvent(Trade(1004, 58_000m));
        Assert.Equal(0, sim.ConditionalCount);
        Assert.Equal(Quantity.FromDecimal(0.1m).Raw, sim.PositionOf(0));
        Assert.Equal(OrderUpdateCode.Canceled, Updates(2)[^1].Code);
    }

    [Fact]
    public void SameEvents_SameOutcomes()
    {
        List<(ushort, long, long, long)> Run()
        {
            var sink = new RecordingSink();
            var sim = Long(0.3m, sink);
            sim.Submit(Conditional(2, OrderType.TrailingStopMarket, Side.Sell, 0m, 1001, TriggerPrice.Mark, qty: 0.3m, callbackBps: 50));
            sim.Submit(Conditional(3, OrderType.StopMarket, Side.Sell, 59_500m, 1001, TriggerPrice.Mark));
            var prices = new[] { 60_000m, 60_300m, 60_100m, 60_400m, 60_050m, 59_900m };
            for (var i = 0; i < prices.Length; i++)
            {
                sim.OnMarketEvent(Book(1002 + (2 * i), prices[i] - 0.1m, prices[i]));
                sim.OnMarketEvent(Mark(1003 + (2 * i), prices[i]));
            }

            return sink.OfKind(InputKind.OrderUpdate).Select(e => (e.Code, e.ClientOrderId.Sequence, e.Quantity.Raw, e.Price.Raw)).ToList();
        }

        var first = Run();
        Assert.Contains(first, u => u.Item1 == (ushort)OrderUpdateCode.Filled && u.Item2 == 2); // the trailing stop fired
        Assert.Equal(first, Run());
    }
}
