using CsCheck;
using QuantumTrader.Gateway.Simulated;
using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Stages.Account;
using QuantumTrader.Stages.Risk;
using QuantumTrader.Testing.Ports;

namespace QuantumTrader.Runtime.Tests.Account;

/// <summary>The ledger fed by the simulated exchange's own order updates agrees with the simulator's positions.</summary>
public sealed class LedgerOnSimulatedExchangeTests
{
    private const long Ms = 1_000_000;
    private static readonly long Tick = Price.FromDecimal(0.1m).Raw;

    private sealed class Venue
    {
        private readonly RecordingSink _sink = new();
        private int _seen;
        private long _time = 1_000 * Ms;

        public Venue()
        {
            var instruments = new InstrumentRegistry();
            instruments.Add(Model.Venue.BinanceUsdM, "BTCUSDT", Price.FromDecimal(0.1m), Quantity.FromDecimal(0.001m), Price.FromDecimal(5m).Raw);
            Sim = new SimulatedExchange(instruments, _sink, new TopOfBookFillModel(), new BasisPointFeeModel(2m, 5m), new TickSlippageModel(0), new FixedLatencyModel(0));
        }

        public SimulatedExchange Sim { get; }

        public Ledger Ledger { get; } = new(1, new SizingOptions { StartingEquity = 10_000 });

        public long FeesReported { get; private set; }

        public List<InputEvent> Updates { get; } = new();

        public long Now => _time;

        // The gate's part: register, then send.
        public void Send(long id, OrderType type, Side side, decimal quantity, bool reduceOnly = false, bool closePosition = false, long stopPrice = 0, OrderPurpose purpose = OrderPurpose.Entry)
        {
            var slot = default(InputEvent);
            slot.Purpose = purpose;
            slot.OrderSide = side;
            slot.OrderType = type;
            slot.OrderQuantity = Quantity.FromDecimal(quantity);
            slot.ReduceOnly = reduceOnly;
            slot.ClosePosition = closePosition;
            slot.OrderStopPrice = new Price(stopPrice);
            slot.ExchangeTimeNs = _time;
            Ledger.Register(id, in slot);
            Assert.True(Sim.Submit(new OrderRequest
            {
                ClientOrderId = new ClientOrderId(1, id),
                Type = type,
                Side = side,
                Quantity = slot.OrderQuantity,
                ReduceOnly = reduceOnly,
                ClosePosition = closePosition,
                StopPrice = slot.OrderStopPrice,
                TriggerOn = TriggerPrice.Mark,
                Purpose = purpose,
                DecisionTimeNs = _time,
                ReferencePrice = Price.FromDecimal(60_000m),
            }));
        }

        // A market event to the simulator (which may publish order updates) and, like every slot, to the ledger.
        public void Market(InputKind kind, long mid)
        {
            _time += Ms;
            var e = default(InputEvent);
            e.Kind = kind;
            e.ExchangeTimeNs = _time;
            e.Valid = true;
            e.Price = new Price(mid);
            e.BidPrice = new Price(mid - Tick);
            e.AskPrice = new Price(mid + Tick);
            e.BidQuantity = e.AskQuantity = Quantity.FromDecimal(5m);
            e.Quantity = Quantity.FromDecimal(0.001m);
            e.ReferencePrice = new Price(mid);
            Sim.OnMarketEvent(in e);
            Ledger.Apply(in e);
            var published = _sink.Snapshot();
            for (; _seen < published.Count; _seen++)
            {
                var update = published[_seen];
                Updates.Add(update);
                if (update.Code is (ushort)OrderUpdateCode.Filled or (ushort)OrderUpdateCode.PartiallyFilled)
                {
                    FeesReported += update.Aux1;
                }

                Ledger.Apply(in update);
            }
        }
    }

    [Fact]
    public void EntryStopHarvestStopHit_LedgerMatchesTheVenue()
    {
        var v = new Venue();
        var p = (decimal d) => Price.FromDecimal(d).Raw;
        v.Market(InputKind.BookTicker, p(60_000m));
        v.Send(1, OrderType.Market, Side.Buy, 0.03m);
        v.Market(InputKind.BookTicker, p(60_000m));
        Assert.Equal(v.Sim.PositionOf(0), v.Ledger.Position(0));
        Assert.Equal(p(60_000.1m), v.Ledger.AverageEntry(0));

        v.Send(2, OrderType.StopMarket, Side.Sell, 0, closePosition: true, stopPrice: p(59_000m), purpose: OrderPurpose.ProtectiveStop);
        v.Market(InputKind.MarkPrice, p(60_000m));
        Assert.True(v.Ledger.TryFindOrder(0, OrderPurpose.ProtectiveStop, out var stop));
        Assert.Equal(OrderState.New, stop.State);

        v.Market(InputKind.BookTicker, p(60_300m));
        v.Send(3, OrderType.Market, Side.Sell, 0.01m, reduceOnly: true, purpose: OrderPurpose.Harvest);
        v.Market(InputKind.BookTicker, p(60_300m));
        Assert.Equal(Quantity.FromDecimal(0.02m).Raw, v.Ledger.Position(0));
        Assert.Equal(p(60_000.1m), v.Ledger.AverageEntry(0)); // a partial close is partial

        v.Market(InputKind.BookTicker, p(58_900m));
        v.Market(InputKind.MarkPrice, p(58_950m)); // the stop watches the mark: fires, closes the rest at the bid
        Assert.Equal(0, v.Sim.PositionOf(0));
        Assert.Equal(0, v.Ledger.Position(0));
        Assert.True(v.Ledger.TryGetOrder(2, out stop));
        Assert.Equal(OrderState.Filled, stop.State);
        Assert.Equal(v.Now, v.Ledger.LastCloseTimeNs(0));

        // 0.01 × (60,299.9 − 60,000.1) + 0.02 × (58,899.9 − 60,000.1): the harvest and the stop at the book's bid
        var expected = Price.FromDecimal((0.01m * 299.8m) + (0.02m * -1_100.2m)).Raw;
        Assert.Equal(expected, v.Ledger.RealizedPnl);
        Assert.Equal(v.FeesReported, v.Ledger.Fees);
        Assert.True(v.FeesReported > 0);
        Assert.Equal(Price.FromDecimal(10_000m).Raw + expected - v.FeesReported, v.Ledger.Equity);
        Assert.Equal(1, v.Ledger.ClosedTrades);
        Assert.Equal(0, v.Ledger.OpenOrders);
        Assert.Equal(0, v.Ledger.IllegalTransitions + v.Ledger.DuplicateFills + v.Ledger.UnknownOrderUpdates);
    }

    [Fact]
    public void AnyOrdersAndPrices_LedgerPositionIsTheVenues()
    {
        // An action per step: 0 market buy, 1 market sell, 2 reduce-only close of part, 3 a close-position stop
        // below/above the market, 4 nothing; then the price moves by a few ticks (book and mark).
        var step = Gen.Select(Gen.Int[0, 4], Gen.Int[1, 50], Gen.Int[-400, 400]);
        step.Array[1, 40].Sample(steps =>
        {
            var v = new Venue();
            var mid = Price.FromDecimal(60_000m).Raw;
            v.Market(InputKind.BookTicker, mid);
            long id = 0;
            foreach (var (action, size, move) in steps)
            {
                var quantity = size / 1000m;
                var position = v.Ledger.Position(0);
                switch (action)
                {
                    case 0:
                        v.Send(++id, OrderType.Market, Side.Buy, quantity);
                        break;
                    case 1:
                        v.Send(++id, OrderType.Market, Side.Sell, quantity);
                        break;
                    case 2 when position != 0:
                        v.Send(++id, OrderType.Market, position > 0 ? Side.Sell : Side.Buy, quantity, reduceOnly: true, purpose: OrderPurpose.Harvest);
                        break;
                    case 3 when position != 0:
                        var stop = position > 0 ? mid - (size * 10 * Tick) : mid + (size * 10 * Tick);
                        v.Send(++id, OrderType.StopMarket, position > 0 ? Side.Sell : Side.Buy, 0, closePosition: true, stopPrice: stop, purpose: OrderPurpose.ProtectiveStop);
                        break;
                }

                mid += move * Tick;
                v.Market(InputKind.BookTicker, mid);
                v.Market(InputKind.MarkPrice, mid);
                Assert.Equal(v.Sim.PositionOf(0), v.Ledger.Position(0));
            }

            Assert.Equal(v.FeesReported, v.Ledger.Fees);
            Assert.Equal(0, v.Ledger.IllegalTransitions + v.Ledger.UnknownOrderUpdates + v.Ledger.InvalidFills);
            Assert.Equal(Price.FromDecimal(10_000m).Raw + v.Ledger.RealizedPnl - v.Ledger.Fees + v.Ledger.UnrealizedPnl(0), v.Ledger.Equity);
        });
    }
}
