using QuantumTrader.Gateway.Simulated;
using QuantumTrader.Gateway.Tests.Fake;
using QuantumTrader.Model;
using QuantumTrader.Testing.Contracts;
using QuantumTrader.Testing.Ports;

namespace QuantumTrader.Gateway.Tests.Contract;

/// <summary>The venue contract against the live gateway and the fake Binance server.</summary>
[Trait("Category", "Integration")]
public sealed class BinanceOrderGatewayContractTests : VenueGatewayContract
{
    /// <inheritdoc />
    protected override async Task<Harness> CreateAsync()
    {
        var f = await FakeServerFixture.StartAsync();
        return new Harness(f.Gateway, f.Sink, () => { }, f);
    }
}

/// <summary>The venue contract against the simulated exchange.</summary>
public sealed class SimulatedExchangeContractTests : VenueGatewayContract
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
