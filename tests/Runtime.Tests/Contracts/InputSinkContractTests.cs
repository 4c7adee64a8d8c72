using QuantumTrader.Runtime.Composition;
using QuantumTrader.Gateway.Simulated;
using QuantumTrader.Model;
using QuantumTrader.Runtime.Live;
using QuantumTrader.Runtime.Replay;
using QuantumTrader.Testing.Contracts;
using QuantumTrader.Testing.Ports;

namespace QuantumTrader.Runtime.Tests.Contracts;

/// <summary>The input sink contract for the live feed's single-producer queue, drained by its consumer.</summary>
public sealed class QueueSinkContractTests : InputSinkContract
{
    /// <inheritdoc />
    protected override Harness Create()
    {
        var queue = new QueueSink(Capacity);
        return new Harness(queue, () =>
        {
            var events = new List<InputEvent>();
            while (queue.TryTake(out var e))
            {
                events.Add(e);
            }

            return events;
        });
    }
}

/// <summary>The input sink contract for a backtest's feed (the simulated venue sees each market event, then the ring
/// gets it); no orders, so the venue adds nothing.</summary>
public sealed class SimulatedVenueSinkContractTests : InputSinkContract
{
    /// <inheritdoc />
    protected override Harness Create()
    {
        var instruments = new InstrumentRegistry();
        instruments.Add(Venue.BinanceUsdM, "BTCUSDT", Price.FromDecimal(0.1m), Quantity.FromDecimal(0.001m), Price.FromDecimal(100m).Raw);
        instruments.Add(Venue.BinanceUsdM, "ETHUSDT", Price.FromDecimal(0.01m), Quantity.FromDecimal(0.001m), Price.FromDecimal(20m).Raw);
        instruments.Add(Venue.BinanceUsdM, "SOLUSDT", Price.FromDecimal(0.01m), Quantity.FromDecimal(0.01m), Price.FromDecimal(5m).Raw);
        var ring = new RecordingSink();
        var exchange = new SimulatedExchange(instruments, ring, new TopOfBookFillModel(), new BasisPointFeeModel(), new TickSlippageModel(), new FixedLatencyModel(0));
        return new Harness(new SimulatedVenueSink(ring, exchange, null), ring.Snapshot);
    }
}
