using QuantumTrader.Gateway.Simulated;
using QuantumTrader.Gateway.Tests.Fake;
using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Model.Ports;

namespace QuantumTrader.Gateway.Tests.Contract;

/// <summary>What every <see cref="IOrderGateway"/> must do, live or simulated: one suite, one subclass per implementation.</summary>
public abstract class OrderGatewayContractTests
{
    /// <summary>A gateway under test with its sink and a way to let it make progress.</summary>
    protected sealed record Harness(IOrderGateway Gateway, RecordingSink Sink, Action Progress, IAsyncDisposable? Owner);

    /// <summary>Creates a gateway trading BTCUSDT (tick 0.1, step 0.001, min notional 100) around 60000.</summary>
    protected abstract Task<Harness> CreateAsync();

    private static InputEvent AwaitUpdate(Harness h, long seq, Func<InputEvent, bool> match)
    {
        var deadline = Environment.TickCount64 + 10_000;
        while (Environment.TickCount64 < deadline)
        {
            h.Progress();
            var found = h.Sink.Snapshot().Find(e => e.Kind == InputKind.OrderUpdate && e.ClientOrderId.Sequence == seq && match(e));
            if (found.Kind == InputKind.OrderUpdate)
            {
                return found;
            }

            Thread.Sleep(5);
        }

        throw new Xunit.Sdk.XunitException($"no matching update for order {seq}");
    }

    [Fact(Timeout = 20_000)]
    public async Task Submit_Market_FilledWithCumulativeQuantity()
    {
        var h = await CreateAsync();
        try
        {
            Assert.True(h.Gateway.Submit(new OrderRequest { ClientOrderId = new ClientOrderId(2, 1), Side = Side.Buy, Type = OrderType.Market, Quantity = Quantity.FromDecimal(0.01m), ReferencePrice = Price.FromDecimal(60000m) }));
            var fill = AwaitUpdate(h, 1, e => e.Code == (ushort)OrderUpdateCode.Filled);
            Assert.Equal(Quantity.FromDecimal(0.01m).Raw, fill.Aux0);
            Assert.True(fill.Price.Raw > 0);
            Assert.Equal(new ClientOrderId(2, 1), fill.ClientOrderId);
        }
        finally
        {
            await (h.Owner?.DisposeAsync() ?? ValueTask.CompletedTask);
        }
    }

    [Fact(Timeout = 20_000)]
    public async Task Submit_OffTickLimit_RejectedWithPriceTick()
    {
        var h = await CreateAsync();
        try
        {
            h.Gateway.Submit(new OrderRequest { ClientOrderId = new ClientOrderId(2, 2), Side = Side.Buy, Type = OrderType.Limit, TimeInForce = TimeInForce.Gtc, Quantity = Quantity.FromDecimal(0.01m), Price = Price.FromDecimal(59000.05m), ReferencePrice = Price.FromDecimal(60000m) });
            var e = AwaitUpdate(h, 2, x => x.Code == (ushort)OrderUpdateCode.Rejected);
            Assert.Equal((long)OrderRejectReason.PriceTick, e.Aux3);
        }
        finally
        {
            await (h.Owner?.DisposeAsync() ?? ValueTask.CompletedTask);
        }
    }

    [Fact(Timeout = 20_000)]
    public async Task Cancel_UnknownOrder_CancelRejected()
    {
        var h = await CreateAsync();
        try
        {
            h.Gateway.Cancel(0, new ClientOrderId(2, 3));
            var e = AwaitUpdate(h, 3, x => x.Code == (ushort)OrderUpdateCode.CancelRejected);
            Assert.Equal((long)OrderRejectReason.UnknownOrder, e.Aux3);
        }
        finally
        {
            await (h.Owner?.DisposeAsync() ?? ValueTask.CompletedTask);
        }
    }
}

/// <summary>The contract against the live gateway and the fake Binance server.</summary>
[Trait("Category", "Integration")]
public sealed class BinanceOrderGatewayContractTests : OrderGatewayContractTests
{
    /// <inheritdoc />
    protected override async Task<Harness> CreateAsync()
    {
        var f = await FakeServerFixture.StartAsync();
        return new Harness(f.Gateway, f.Sink, () => { }, f);
    }
}

/// <summary>The contract against the simulated exchange.</summary>
public sealed class SimulatedExchangeContractTests : OrderGatewayContractTests
{
    /// <inheritdoc />
    protected override Task<Harness> CreateAsync()
    {
        var instruments = new InstrumentRegistry();
        instruments.Add(Venue.BinanceUsdM, "BTCUSDT", Price.FromDecimal(0.1m), Quantity.FromDecimal(0.001m), Price.FromDecimal(100m).Raw);
        var sink = new RecordingSink();
        var sim = new SimulatedExchange(instruments, sink, new TopOfBookFillModel(), new BasisPointFeeModel(), new TickSlippageModel(), new FixedLatencyModel(0));
        long t = 1_700_000_000_000_000_000;
        void Progress()
        {
            t += 1_000_000;
            sim.OnMarketEvent(new InputEvent
            {
                Kind = InputKind.BookTicker,
                ExchangeTimeNs = t,
                BidPrice = Price.FromDecimal(59999.9m),
                BidQuantity = Quantity.FromDecimal(1m),
                AskPrice = Price.FromDecimal(60000m),
                AskQuantity = Quantity.FromDecimal(1m),
            });
        }

        Progress();
        return Task.FromResult(new Harness(sim, sink, Progress, null));
    }
}
