using QuantumTrader.Model;
using QuantumTrader.Model.Ports;

namespace QuantumTrader.Stages.Routing;

// Design:
//   The route stage is the last consumer of the ring, so it gates the producers: if it claimed a ring slot to
//   report a refusal, a full ring would wait for route itself (deadlock). It posts into this bounded,
//   pre-allocated single-producer queue instead, which never blocks, and a producer thread moves what is there
//   into the ring (RefusalRelaySink, before each event it publishes). In a lock-step backtest the feed thread publishes
//   event k+1 only after every stage handled event k, so the refusal of k enters right before k+1 on every run:
//   deterministic. A full outbox (the producer stalled for a long time) counts the refusal as lost; the gate then
//   keeps that order's exposure, which only makes it more careful (fail closed).

/// <summary>Rejections the route stage made (gateway refused, halt held) on their way back into the ring.</summary>
/// <remarks>One producer (the route stage's thread). Consumers: any producer thread, one at a time (a drain that
/// finds another drain running returns at once). No allocation, no lock.</remarks>
public sealed class RefusalOutbox
{
    private readonly InputEvent[] _slots;
    private readonly int _mask;
    private long _head; // next to write (producer)
    private long _tail; // next to read (consumer)
    private int _draining;
    private long _lost;

    /// <summary>Creates an outbox of <paramref name="capacity"/> entries (a power of two).</summary>
    public RefusalOutbox(int capacity = 1024)
    {
        if (capacity < 2 || (capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "a power of two, at least 2");
        }

        _slots = new InputEvent[capacity];
        _mask = capacity - 1;
    }

    /// <summary>Refusals lost because the outbox was full (their exposure stays reserved at the gate).</summary>
    public long Lost => Volatile.Read(ref _lost);

    /// <summary>Refusals waiting to enter the ring.</summary>
    public int Pending => (int)(Volatile.Read(ref _head) - Volatile.Read(ref _tail));

    /// <summary>Producer (route stage): queues <paramref name="update"/>; false (and counted) when full. Never blocks.</summary>
    public bool TryPost(in InputEvent update)
    {
        var head = _head;
        if (head - Volatile.Read(ref _tail) >= _slots.Length)
        {
            Volatile.Write(ref _lost, _lost + 1);
            return false;
        }

        _slots[head & _mask] = update;
        Volatile.Write(ref _head, head + 1);
        return true;
    }

    /// <summary>Consumer: publishes every queued refusal into <paramref name="sink"/>, oldest first; returns how many.
    /// Returns 0 at once when another thread is draining.</summary>
    public int Drain(IInputSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (Volatile.Read(ref _head) == Volatile.Read(ref _tail) || Interlocked.CompareExchange(ref _draining, 1, 0) != 0)
        {
            return 0;
        }

        var n = 0;
        try
        {
            var tail = _tail;
            while (tail < Volatile.Read(ref _head))
            {
                sink.Publish(in _slots[tail & _mask]);
                Volatile.Write(ref _tail, ++tail);
                n++;
            }
        }
        finally
        {
            Volatile.Write(ref _draining, 0);
        }

        return n;
    }
}

/// <summary>
/// A producer's entry into the ring that first moves the route stage's refusals in: every producer of the
/// engine publishes through it, so a refusal enters before the next event of whichever producer comes first.
/// </summary>
public sealed class RefusalRelaySink : IInputSink
{
    private readonly IInputSink _ring;
    private readonly RefusalOutbox _outbox;

    /// <summary>Creates the sink over the ring's own sink.</summary>
    public RefusalRelaySink(IInputSink ring, RefusalOutbox outbox)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(outbox);
        _ring = ring;
        _outbox = outbox;
    }

    /// <inheritdoc />
    public void Publish(in InputEvent input)
    {
        _outbox.Drain(_ring);
        _ring.Publish(in input);
    }

    /// <inheritdoc />
    public ref InputEvent Claim(out long token)
    {
        _outbox.Drain(_ring); // before the claim: the refusals take the slots ahead of this event
        return ref _ring.Claim(out token);
    }

    /// <inheritdoc />
    public void Commit(long token) => _ring.Commit(token);

    /// <summary>Moves the refusals still waiting into the ring (at the end of a run); returns how many.</summary>
    public int Flush() => _outbox.Drain(_ring);
}
