using QuantumTrader.Runtime.Composition;
using QuantumTrader.Engine.Ring;
using QuantumTrader.Engine.Time;
using QuantumTrader.Gateway.Binance.Http;
using QuantumTrader.Gateway.Simulated;
using QuantumTrader.Model;
using QuantumTrader.Model.Ports;
using QuantumTrader.Runtime.Configuration;
using QuantumTrader.Stages.Routing;

namespace QuantumTrader.Runtime.Composition;

// Design:
//   The venue and the engine need each other: the route stage sends to the venue, and the venue publishes its
//   outcomes (acks, fills, rejections) into the engine's input sink. Rather than a mutable forwarding gateway
//   set after the build, the engine is given this factory: it creates the ring and its sink first, then asks
//   the factory for the venue, then builds the route stage on it. So the venue exists exactly once, is chosen
//   in one place, and the route stage never sees a venue that is not yet there.

/// <summary>Which venue a run sends its orders to.</summary>
public enum VenueKind
{
    /// <summary>Counts orders and sends nothing (the synthetic market's benchmark runs).</summary>
    Counting,

    /// <summary>The simulated exchange on event time (backtests, replays, paper trading on live data).</summary>
    Simulated,

    /// <summary>Binance USDⓈ-M over REST (<c>run --live --venue binance</c>).</summary>
    Binance,
}

/// <summary>Creates a given engine's order venue from config: the one place a venue is chosen and made.</summary>
public sealed class VenueFactory
{
    private readonly QuantumTraderConfig _config;
    private readonly BinanceConnection? _binance;

    /// <summary>Creates the factory for a venue of <paramref name="kind"/>.</summary>
    /// <param name="config">The config ([simulator] for the simulated exchange's fee, slippage and latency models).</param>
    /// <param name="kind">The venue.</param>
    /// <param name="binance">For <see cref="VenueKind.Binance"/>: the REST connection with the exchange's filters.</param>
    public VenueFactory(QuantumTraderConfig config, VenueKind kind, BinanceConnection? binance = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (kind == VenueKind.Binance && binance is null)
        {
            throw new ArgumentException("a Binance venue needs its connection", nameof(binance));
        }

        _config = config;
        _binance = binance;
        Kind = kind;
    }

    /// <summary>The venue this factory makes.</summary>
    public VenueKind Kind { get; }

    /// <summary>The venue made by <see cref="Create"/>, or null before.</summary>
    public IOrderGateway? Gateway { get; private set; }

    /// <summary>The simulated exchange, when that is the venue.</summary>
    public SimulatedExchange? Exchange { get; private set; }

    /// <summary>The Binance order gateway, when that is the venue.</summary>
    public BinanceOrderGateway? Binance { get; private set; }

    /// <summary>How the run's report names the venue.</summary>
    public string Description => Kind switch
    {
        VenueKind.Simulated => "simulated exchange",
        VenueKind.Binance => $"orders to {_config.Binance.RestBase}",
        _ => "counting order sink",
    };

    /// <summary>Makes the venue for an engine with <paramref name="instruments"/> whose outcomes enter <paramref name="outcomes"/>
    /// (the engine calls this once, while it is built).</summary>
    public IOrderGateway Create(InstrumentRegistry instruments, IInputSink outcomes)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentNullException.ThrowIfNull(outcomes);
        if (Gateway is not null)
        {
            throw new InvalidOperationException("the venue was already made");
        }

        switch (Kind)
        {
            case VenueKind.Simulated:
                Exchange = Simulated(_config.Simulator, instruments, outcomes);
                Gateway = Exchange;
                break;
            case VenueKind.Binance:
                Binance = new BinanceOrderGateway(_binance!.Rest, _binance.Info, instruments, outcomes, EpochClock.Instance);
                Gateway = Binance;
                break;
            default:
                Gateway = new CountingOrderGateway();
                break;
        }

        return Gateway;
    }

    /// <summary>
    /// The sink a market source publishes into: with the simulated exchange, every market event reaches the exchange
    /// first (<see cref="SimulatedVenueSink"/>, in lock-step with <paramref name="lockStep"/> when given); else the engine's sink.
    /// </summary>
    public IInputSink MarketSink(IInputSink engineSink, Pipeline<InputEvent>? lockStep)
    {
        ArgumentNullException.ThrowIfNull(engineSink);
        return Exchange is { } exchange ? new SimulatedVenueSink(engineSink, exchange, lockStep) : engineSink;
    }

    /// <summary>The simulated exchange with the fill, fee, slippage and latency models of <paramref name="sim"/>.</summary>
    public static SimulatedExchange Simulated(SimulatorSection sim, InstrumentRegistry instruments, IInputSink outcomes)
    {
        ArgumentNullException.ThrowIfNull(sim);
        return new SimulatedExchange(
            instruments,
            outcomes,
            new TopOfBookFillModel(),
            new BasisPointFeeModel((decimal)sim.MakerFeeBps, (decimal)sim.TakerFeeBps),
            new TickSlippageModel(sim.SlippageTicks),
            new FixedLatencyModel(sim.LatencyNs()));
    }
}
