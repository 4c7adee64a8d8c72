using QuantumTrader.Runtime.Journal;
using QuantumTrader.Gateway.Simulated;
using QuantumTrader.Model;
using QuantumTrader.Model.Ports;
using QuantumTrader.Runtime.Composition;
using QuantumTrader.Runtime.Configuration;
using QuantumTrader.Runtime.Replay;
using QuantumTrader.Stages.Routing;

namespace QuantumTrader.Runtime.Tests.Composition;

/// <summary>The one place a run's venue is chosen and made, once, with the engine's outcome sink.</summary>
public sealed class VenueFactoryTests
{
    private static QuantumTraderConfig Config() => ConfigLoader.LoadDefault().GetConfigOrThrow();

    private static InstrumentRegistry Instruments(QuantumTraderConfig config) => ConfigInstruments.BuildRegistry(config.Market, Venue.BinanceUsdM);

    [Fact]
    public void Simulated_MakesTheExchangeOnTheEnginesSink_AndAMarketSinkThatFeedsIt()
    {
        var config = Config();
        var factory = new VenueFactory(config, VenueKind.Simulated);
        var outcomes = new NullSink();
        var gateway = factory.Create(Instruments(config), outcomes);

        var exchange = Assert.IsType<SimulatedExchange>(gateway);
        Assert.Same(exchange, factory.Exchange);
        Assert.Same(gateway, factory.Gateway);
        Assert.Null(factory.Binance);
        Assert.IsType<SimulatedVenueSink>(factory.MarketSink(outcomes, null));
        Assert.Equal("simulated exchange", factory.Description);
    }

    [Fact]
    public void Counting_MakesACountingSink_AndMarketEventsGoStraightToTheEngine()
    {
        var config = Config();
        var factory = new VenueFactory(config, VenueKind.Counting);
        var outcomes = new NullSink();
        Assert.IsType<CountingOrderGateway>(factory.Create(Instruments(config), outcomes));
        Assert.Null(factory.Exchange);
        Assert.Same(outcomes, factory.MarketSink(outcomes, null));
    }

    [Fact]
    public void Create_Twice_IsRefused_TheVenueExistsOnce()
    {
        var config = Config();
        var factory = new VenueFactory(config, VenueKind.Simulated);
        factory.Create(Instruments(config), new NullSink());
        Assert.Throws<InvalidOperationException>(() => factory.Create(Instruments(config), new NullSink()));
    }

    [Fact]
    public void Binance_WithoutAConnection_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new VenueFactory(Config(), VenueKind.Binance));
    }

    [Fact]
    public void Engine_BuiltWithTheFactory_RoutesToTheVenueItMadeOnTheEnginesOwnSink()
    {
        var config = Config();
        var factory = new VenueFactory(config, VenueKind.Simulated);
        var engine = TradingEngine.Build(config, factory.Create, QuantumTrader.Engine.Time.MonotonicClock.Instance, null);
        Assert.NotNull(factory.Exchange);
        Assert.Same(factory.Exchange, factory.Gateway);
        Assert.Equal(engine.Instruments.Count, Instruments(config).Count);
    }

    private sealed class NullSink : IInputSink
    {
        public void Publish(in InputEvent input)
        {
        }
    }
}
