using QuantumTrader.Runtime.Composition;
using QuantumTrader.Engine.Ring;
using QuantumTrader.Engine.Threading;
using QuantumTrader.Gateway.Simulated;
using QuantumTrader.Model;
using QuantumTrader.Model.Ports;

namespace QuantumTrader.Runtime.Composition;

// Design:
//   The market feed's sink when orders go to the simulated exchange. Every market event reaches the exchange
//   first (it moves event time, matches requests that have arrived, and publishes their outcomes into the
//   ring), then the ring. In lock-step mode the feed waits after each event until every stage has handled
//   everything published, so an order the route stage submits for event k is in the exchange's queue before
//   event k+1 moves its clock: the same capture gives the same fills and the same decisions on every run,
//   however the threads are scheduled. Without lock-step (paced replay, live-like) the interleaving depends
//   on timing, but the journal still records the order in which the core saw everything.

/// <summary>Feeds market events to the simulated exchange and the ring, optionally in lock-step with the pipeline.</summary>
/// <remarks>Called from the one feed thread.</remarks>
public sealed class SimulatedVenueSink : IInputSink
{
    private readonly IInputSink _ring;
    private readonly SimulatedExchange _exchange;
    private readonly Pipeline<InputEvent>? _lockStep;
    private readonly RingBuffer<InputEvent>? _buffer;
    private readonly IIdleStrategy _idle;

    /// <summary>Creates the sink; pass the pipeline to run in lock-step.</summary>
    /// <param name="ring">The ring's sink.</param>
    /// <param name="exchange">The simulated exchange.</param>
    /// <param name="lockStep">The pipeline to wait for after each event, or null.</param>
    /// <param name="idle">How the lock-step wait idles (one instance for this sink); default: spin, then yield,
    /// never sleep.</param>
    public SimulatedVenueSink(IInputSink ring, SimulatedExchange exchange, Pipeline<InputEvent>? lockStep, IIdleStrategy? idle = null)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(exchange);
        _ring = ring;
        _exchange = exchange;
        _lockStep = lockStep;
        _buffer = lockStep?.Ring;
        _idle = idle ?? new BackoffIdleStrategy(allowSleep: false);
    }

    /// <inheritdoc />
    public void Publish(in InputEvent input)
    {
        _exchange.OnMarketEvent(in input);
        _ring.Publish(in input);
        if (_lockStep is null)
        {
            return;
        }

        var target = _buffer!.Cursor.Value;
        _idle.Reset();
        while (_lockStep.MinimumConsumedSequence() < target)
        {
            _idle.Idle(0);
        }
    }
}
