using QuantumTrader.Gateway.Simulated;
using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Testing.Ports;

namespace QuantumTrader.Gateway.Tests.Simulated;

/// <summary>The simulated exchange's funding payments (at the announced funding time, in event time) and trade ids on fills.</summary>
public sealed class FundingAndTradeIdTests
{
    private const long Ms = 1_000_000;
    private readonly InstrumentRegistry _instruments = new();
    private readonly RecordingSink _sink = new();

    public FundingAndTradeIdTests()
        => _instruments.Add(Venue.BinanceUsdM, "BTCUSDT", Price.FromDecimal(0.1m), Quantity.FromDecimal(0.001m), Price.FromDecimal(100m).Raw);

    private SimulatedExchange Create()
        => new(_instruments, _sink, new TopOfBookFillModel(), new BasisPointFeeModel(2m, 5m), new TickSlippageModel(0), new FixedLatencyModel(0));

    private static InputEvent Book(long ms) => ConditionalOrderTests.Book(ms, 60_000m, 60_000.1m);

    // Binance markPrice: Price = mark, Aux0 = funding rate (raw, 1e-8), Aux2 = next funding time (ns).
    private static InputEvent Mark(long ms, decimal mark, decimal rate, long nextFundingMs) => new()
    {
        Kind = InputKind.MarkPrice,
        ExchangeTimeNs = ms * Ms,
        Price = Price.FromDecimal(mark),
        Aux0 = (long)(rate * FixedPoint.Scale),
        Aux2 = nextFundingMs * Ms,
    };

    private static OrderRequest Market(long seq, Side side, decimal qty, long ms) => ConditionalOrderTests.Market(seq, side, qty, ms);

    [Fact]
    public void Funding_AtTheAnnouncedTime_ALongPaysAPositiveRate_OncePerFundingTime()
    {
        var sim = Create();
        sim.OnMarketEvent(Book(1000));
        sim.Submit(Market(1, Side.Buy, 0.5m, 1000));
        sim.OnMarketEvent(Book(1001));
        sim.OnMarketEvent(Mark(1002, 60_000m, 0.0001m, 5000));
        sim.OnMarketEvent(Mark(4999, 60_000m, 0.0001m, 5000));
        Assert.Empty(_sink.OfKind(InputKind.AccountUpdate)); // not before the funding time

        sim.OnMarketEvent(Mark(5001, 61_000m, 0.0002m, 9000)); // first mark at or after it: settles at this mark
        sim.OnMarketEvent(Mark(5002, 61_000m, 0.0002m, 9000));
        var funding = Assert.Single(_sink.OfKind(InputKind.AccountUpdate));
        Assert.Equal((ushort)AccountUpdateCode.Funding, funding.Code);
        Assert.Equal(5000 * Ms, funding.ExchangeTimeNs);

        // 0.5 BTC × 61,000 × 0.0001 (the rate announced for that funding time) = 3.05 USDT paid by the long.
        Assert.Equal(-(long)(3.05m * FixedPoint.Scale), funding.Aux0);
        Assert.Equal(Quantity.FromDecimal(0.5m).Raw, funding.Aux2);
        Assert.Equal(1, sim.FundingPayments);
    }

    [Fact]
    public void Funding_Flat_NoPayment()
    {
        var sim = Create();
        sim.OnMarketEvent(Mark(1000, 60_000m, 0.0001m, 2000));
        sim.OnMarketEvent(Mark(2001, 60_000m, 0.0001m, 3000));
        Assert.Empty(_sink.OfKind(InputKind.AccountUpdate));
    }

    [Fact]
    public void Fills_CarryDistinctTradeIds()
    {
        var sim = Create();
        sim.OnMarketEvent(Book(1000));
        sim.Submit(Market(1, Side.Buy, 0.5m, 1000));
        sim.Submit(Market(2, Side.Sell, 0.2m, 1000));
        sim.OnMarketEvent(Book(1001));
        var fills = _sink.OfKind(InputKind.OrderUpdate).Where(e => e.Code == (ushort)OrderUpdateCode.Filled).ToList();
        Assert.Equal(2, fills.Count);
        Assert.All(fills, f => Assert.True(f.Aux2 > 0));
        Assert.NotEqual(fills[0].Aux2, fills[1].Aux2);
    }
}
