using QuantumTrader.Engine.Random;
using QuantumTrader.Engine.Time;
using QuantumTrader.Model;
using QuantumTrader.Model.Ports;

namespace QuantumTrader.Stages.Sources;

/// <summary>
/// A deterministic synthetic market for benchmarks and the walking skeleton: for each instrument a seeded
/// random walk on the tick grid, emitted as book tickers with a trade every fourth event, round-robin over
/// the instruments. The same seed gives the same events; only the receive stamps (taken from the clock, for
/// latency measurement) differ between runs.
/// </summary>
/// <remarks>Run from one producer thread.</remarks>
public sealed class SyntheticTickSource : IEventSource
{
    private readonly InstrumentRegistry _instruments;
    private readonly IClock _clock;
    private readonly long[] _mid;
    private SplitMix64 _random;
    private long _produced;
    private long _exchangeTimeNs = 1_700_000_000_000_000_000;

    /// <summary>Creates the source.</summary>
    /// <param name="instruments">The instruments (ids 0..N-1 take turns).</param>
    /// <param name="clock">Receive stamps and pacing.</param>
    /// <param name="seed">Seed of the random walk.</param>
    /// <param name="eventsPerSecond">The pacing of <see cref="Run(IInputSink, Func{bool})"/>; 0: as fast as the sink takes them.</param>
    public SyntheticTickSource(InstrumentRegistry instruments, IClock clock, ulong seed, long eventsPerSecond = 0)
    {
        EventsPerSecond = eventsPerSecond;
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentNullException.ThrowIfNull(clock);
        _instruments = instruments;
        _clock = clock;
        _random = new SplitMix64(seed);
        _mid = new long[instruments.Count];
        for (ushort i = 0; i < _mid.Length; i++)
        {
            // Start every instrument at 30,000 ticks of its grid: a plausible price for any tick size.
            _mid[i] = 30_000 * instruments[i].TickSize.Raw;
        }
    }

    /// <summary>The pacing of <see cref="Run(IInputSink, Func{bool})"/> (0: max).</summary>
    public long EventsPerSecond { get; }

    /// <inheritdoc />
    public string Description => EventsPerSecond == 0
        ? "synthetic market at max"
        : $"synthetic market at {EventsPerSecond.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} events/s";

    /// <inheritdoc />
    public long Published => Volatile.Read(ref _produced);

    /// <inheritdoc />
    public long Rejected => 0;

    /// <inheritdoc />
    public SourceFailure Failure => SourceFailure.None;

    /// <inheritdoc />
    public string? FailureReason => null;

    /// <inheritdoc />
    public long Run(IInputSink sink, Func<bool> stop)
    {
        ArgumentNullException.ThrowIfNull(stop);
        return Run(sink, EventsPerSecond, _ => stop());
    }

    /// <summary>Events produced so far.</summary>
    public long Produced => _produced;

    /// <summary>Fills <paramref name="e"/> with the next event (no allocation).</summary>
    public void Next(ref InputEvent e)
    {
        var id = (ushort)(_produced % _mid.Length);
        var tick = _instruments[id].TickSize.Raw;
        var step = _random.Next(5) - 2; // -2..+2 ticks
        _mid[id] = Math.Max(tick * 100, _mid[id] + (step * tick));
        _exchangeTimeNs += 1_000_000;
        e = default;
        e.Venue = Venue.Synthetic;
        e.SymbolId = id;
        e.ExchangeTimeNs = _exchangeTimeNs;
        e.SourceSequence = _produced;
        var lot = _instruments[id].StepSize.Raw * (1 + _random.Next(50));
        if (_produced % 4 == 3)
        {
            e.Kind = InputKind.Trade;
            e.Price = new Price(_mid[id] + ((_random.Next(2) == 0 ? -1 : 1) * tick));
            e.Quantity = new Quantity(lot);
            e.Flags = (ushort)_random.Next(2);
        }
        else
        {
            e.Kind = InputKind.BookTicker;
            e.BidPrice = new Price(_mid[id] - tick);
            e.AskPrice = new Price(_mid[id] + tick);
            e.BidQuantity = new Quantity(lot);
            e.AskQuantity = new Quantity(lot * 2);
        }

        e.ReceiveTimeNs = _clock.NowNanos;
        _produced++;
    }

    /// <summary>
    /// Publishes events into <paramref name="sink"/> until <paramref name="shouldStop"/> says so, paced at
    /// <paramref name="eventsPerSecond"/> (0: as fast as the ring takes them). Returns events published.
    /// </summary>
    public long Run(IInputSink sink, long eventsPerSecond, Func<long, bool> shouldStop)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(shouldStop);
        var start = _clock.NowNanos;
        var interval = eventsPerSecond > 0 ? 1_000_000_000 / eventsPerSecond : 0;
        long published = 0;
        while (!shouldStop(published))
        {
            var due = 0L;
            if (interval > 0)
            {
                // Wait before claiming: a claimed slot held while waiting would hold back every later slot.
                due = start + (published * interval);
                long now;
                while ((now = _clock.NowNanos) < due)
                {
                    // Far from due: yield, so the stage threads get the core (on a 2-core machine a spinning
                    // producer starves them and the measured latency becomes the scheduler's time slice).
                    if (due - now > 2_000)
                    {
                        Thread.Yield();
                    }
                    else
                    {
                        Thread.SpinWait(20);
                    }
                }
            }

            // Written in place into the ring's slot (Next overwrites all of it): no whole-event copy.
            ref var e = ref sink.Claim(out var token);
            Next(ref e);
            if (interval > 0)
            {
                // Stamp the intended time, not the actual one: if the ring pushed back and we are late, the
                // delay counts as latency (no coordinated omission).
                e.ReceiveTimeNs = due;
            }

            sink.Commit(token);
            published++;
        }

        return published;
    }
}
