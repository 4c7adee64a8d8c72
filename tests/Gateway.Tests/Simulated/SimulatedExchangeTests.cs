using QuantumTrader.Gateway.Simulated;
using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Testing.Ports;

namespace QuantumTrader.Gateway.Tests.Simulated;

public sealed class SimulatedExchangeTests
{
    private const long Ms = 1_000_000;
    private readonly InstrumentRegistry _instruments = new();
    private readonly RecordingSink _sink = new();

    public SimulatedExchangeTests()
        => _instruments.Add(Venue.BinanceUsdM, "BTCUSDT", Price.FromDecimal(0.1m), Quantity.FromDecimal(0.001m), Price.FromDecimal(100m).Raw);

    private SimulatedExchange Create(long latencyNs = 5 * Ms, int slippageTicks = 0)
        => new(_instruments, _sink, new TopOfBookFillModel(), new BasisPointFeeModel(2m, 5m), new TickSlippageModel(slippageTicks), new FixedLatencyModel(latencyNs));

    private static InputEvent Book(long timeMs, decimal bid, decimal ask) => new()
    {
        Kind = InputKind.BookTicker,
        ExchangeTimeNs = timeMs * Ms,
        BidPrice = Price.FromDecimal(bid),
        BidQuantity = Quantity.FromDecimal(2m),
        AskPrice = Price.FromDecimal(ask),
        AskQuantity = Quantity.FromDecimal(2m),
    };

    private static InputEvent Trade(long timeMs, decimal price) => new()
    {
        Kind = InputKind.Trade,
        ExchangeTimeNs = timeMs * Ms,
        Price = Price.FromDecimal(price),
        Quantity = Quantity.FromDecimal(0.1m),
    };

    private static OrderRequest Order(long seq, OrderType type, Side side, decimal qty, long decisionMs, decimal price = 0, TimeInForce tif = TimeInForce.None) => new()
    {
        ClientOrderId = new ClientOrderId(1, seq),
        Type = type,
        Side = side,
        Quantity = Quantity.FromDecimal(qty),
        Price = Price.FromDecimal(price),
        TimeInForce = tif,
        DecisionTimeNs = decisionMs * Ms,
        ReferencePrice = Price.FromDecimal(60_000m), // as sizing priced it (the filter checks use it)
    };

    private List<InputEvent> Updates() => _sink.OfKind(InputKind.OrderUpdate);

    [Fact]
    public void Submit_Market_FillsAtAskAfterLatencyWithTakerFee()
    {
        var sim = Create(latencyNs: 5 * Ms, slippageTicks: 1);
        sim.OnMarketEvent(Book(1000, 60000.0m, 60000.1m));
        sim.Submit(Order(1, OrderType.Market, Side.Buy, 0.01m, decisionMs: 1000));
        sim.OnMarketEvent(Book(1003, 60000.0m, 60000.1m));
        Assert.Empty(Updates()); // not arrived yet: 5 ms latency
        sim.OnMarketEvent(Book(1005, 60001.0m, 60001.1m));
        var fill = Assert.Single(Updates());
        Assert.Equal((ushort)OrderUpdateCode.Filled, fill.Code);
        Assert.Equal(Price.FromDecimal(60001.2m), fill.Price); // ask at arrival + one tick of slippage
        Assert.Equal(Quantity.FromDecimal(0.01m), fill.Quantity);
        Assert.Equal(Price.FromDecimal(0.300006m).Raw, fill.Aux1); // 5 bps of 600.012
        Assert.Equal(1005 * Ms, fill.ExchangeTimeNs);
        Assert.Equal(Quantity.FromDecimal(0.01m).Raw, sim.PositionOf(0));
    }

    [Fact]
    public void Submit_RestingLimit_MakerFillWhenTradedThrough()
    {
        var sim = Create(latencyNs: 0);
        sim.OnMarketEvent(Book(1000, 60000.0m, 60000.1m));
        sim.Submit(Order(2, OrderType.Limit, Side.Buy, 0.01m, 1000, 59990.0m, TimeInForce.Gtc));
        sim.OnMarketEvent(Book(1001, 60000.0m, 60000.1m));
        Assert.Equal((ushort)OrderUpdateCode.Accepted, Assert.Single(Updates()).Code);
        sim.OnMarketEvent(Trade(1002, 59989.9m));
        var fill = Updates()[^1];
        Assert.Equal((ushort)OrderUpdateCode.Filled, fill.Code);
        Assert.Equal(Price.FromDecimal(59990.0m), fill.Price);
        Assert.NotEqual(0, fill.Flags & OrderUpdateLayout.MakerFlag);
        Assert.Equal(Price.FromDecimal(0.119980m).Raw, fill.Aux1); // 2 bps of 599.90
        Assert.Equal(0, sim.RestingCount);
    }

    [Fact]
    public void Submit_PostOnlyCrossing_RejectedWouldCross()
    {
        var sim = Create(latencyNs: 0);
        sim.OnMarketEvent(Book(1000, 60000.0m, 60000.1m));
        sim.Submit(Order(3, OrderType.Limit, Side.Buy, 0.01m, 1000, 60000.1m, TimeInForce.Gtx));
        sim.Advance(1000 * Ms);
        var e = Assert.Single(Updates());
        Assert.Equal((ushort)OrderUpdateCode.Rejected, e.Code);
        Assert.Equal((long)OrderRejectReason.PostOnlyWouldCross, e.Aux3);
    }

    [Fact]
    public void Submit_OffTick_RejectedLikeLive()
    {
        var sim = Create(latencyNs: 0);
        sim.OnMarketEvent(Book(1000, 60000.0m, 60000.1m));
        sim.Submit(Order(4, OrderType.Limit, Side.Buy, 0.01m, 1000, 59990.05m, TimeInForce.Gtc));
        sim.Advance(1000 * Ms);
        Assert.Equal((long)OrderRejectReason.PriceTick, Assert.Single(Updates()).Aux3);
    }

    [Fact]
    public void Cancel_Resting_CanceledThenUnknown()
    {
        var sim = Create(latencyNs: 0);
        sim.OnMarketEvent(Book(1000, 60000.0m, 60000.1m));
        sim.Submit(Order(5, OrderType.Limit, Side.Sell, 0.01m, 1000, 60100.0m, TimeInForce.Gtc));
        sim.Advance(1000 * Ms);
        sim.Cancel(0, new ClientOrderId(1, 5));
        sim.Advance(1001 * Ms);
        sim.Cancel(0, new ClientOrderId(1, 5));
        sim.Advance(1002 * Ms);
        var codes = Updates().ConvertAll(e => (OrderUpdateCode)e.Code);
        Assert.Equal([OrderUpdateCode.Accepted, OrderUpdateCode.Canceled, OrderUpdateCode.CancelRejected], codes);
    }

    [Fact]
    public void Replay_SameInputs_IdenticalOutcomes()
    {
        static List<(ushort, long, long, long)> Run()
        {
            var instruments = new InstrumentRegistry();
            instruments.Add(Venue.BinanceUsdM, "BTCUSDT", Price.FromDecimal(0.1m), Quantity.FromDecimal(0.001m), Price.FromDecimal(100m).Raw);
            var sink = new RecordingSink();
            var sim = new SimulatedExchange(instruments, sink, new TopOfBookFillModel(), new BasisPointFeeModel(), new TickSlippageModel(1, Quantity.FromDecimal(0.5m).Raw), new FixedLatencyModel(3 * Ms));
            for (var i = 0; i < 200; i++)
            {
                var mid = 60000m + (i % 17) - 8;
                sim.OnMarketEvent(Book(1000 + i, mid, mid + 0.1m));
                if (i % 7 == 0)
                {
                    sim.Submit(Order(i, OrderType.Market, i % 2 == 0 ? Side.Buy : Side.Sell, 0.003m * ((i % 5) + 1), 1000 + i));
                }

                if (i % 11 == 0)
                {
                    sim.Submit(Order(1000 + i, OrderType.Limit, Side.Buy, 0.01m, 1000 + i, mid - 3m, TimeInForce.Gtc));
                }
            }

            return sink.OfKind(InputKind.OrderUpdate).ConvertAll(e => (e.Code, e.Price.Raw, e.Quantity.Raw, e.ExchangeTimeNs));
        }

        var a = Run();
        var b = Run();
        Assert.True(a.Count > 30);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Submit_OrderSizedByThePipeline_CheckedAtTheReferenceItWasSizedAt()
    {
        // Sizing prices 150 USDT at the book mid (0.002 BTC = 120 USDT >= the 100 minimum); the mark price is
        // lower. The venue's filter check must use the reference the order was sized at, not a price of its own.
        var sim = Create();
        var ingest = new QuantumTrader.Stages.Ingest.IngestStage(1);
        // 150 USDT of margin at 1× (max_leverage 1): a fixed 150 USDT notional, as the test was written for.
        var sizing = new QuantumTrader.Stages.Risk.SizingStage(_instruments, new QuantumTrader.Stages.Risk.SizingOptions { StartingEquity = 7_500, MaxLeverage = 1 });
        // The gate reads an account at the sizing equity with the mark at the book (a stand-in for the ledger).
        var account = new QuantumTrader.Testing.Account.FakeOrderLedger(1, equity: 7_500, mark: 60_000);
        var gating = new QuantumTrader.Stages.Risk.GatingStage(new QuantumTrader.Stages.State.TradingState(1), account, new QuantumTrader.Stages.Risk.GateOptions { MaxPositionNotional = 10_000 });
        var mark = new InputEvent { Kind = InputKind.MarkPrice, ExchangeTimeNs = 999 * Ms, Price = Price.FromDecimal(49_000m) }; // exaggerated: 0.002 BTC at the mark is 98 USDT
        var book = Book(1000, 59_999.9m, 60_000.1m);
        var sequence = 0L;
        OrderRequest? sent = null;
        foreach (var input in new[] { mark, book })
        {
            var slot = input;
            sim.OnMarketEvent(in slot);
            ingest.OnEvent(ref slot, sequence, true);
            if (slot.Kind == InputKind.BookTicker)
            {
                slot.SignalSide = Side.Buy; // the signal stage's verdict on this slot
                slot.SignalSymbolId = 0;
                slot.Confidence = 0.8f;
                slot.FeaturesReady = true; // the features stage's vector: sizing needs its ATR%
                slot.FeatureCount = QuantumTrader.Stages.Features.FeatureIndex.Count;
                slot.Features[QuantumTrader.Stages.Features.FeatureIndex.AtrPct] = 0.001f;
            }

            sizing.OnEvent(ref slot, sequence, true);
            gating.OnEvent(ref slot, sequence, true);
            if (slot.Approved)
            {
                sent = QuantumTrader.Stages.Journaling.OrderRequestRecord.FromSlot(in slot, 1);
            }

            sequence++;
        }

        Assert.NotNull(sent);
        Assert.Equal(Quantity.FromDecimal(0.002m), sent.Value.Quantity);
        sim.Submit(sent.Value);
        sim.OnMarketEvent(Book(1010, 59_999.9m, 60_000.1m));
        var update = Assert.Single(Updates());
        Assert.True(update.Code == (ushort)OrderUpdateCode.Filled, $"{(OrderUpdateCode)update.Code} {(OrderRejectReason)update.Aux3}");
    }
}
