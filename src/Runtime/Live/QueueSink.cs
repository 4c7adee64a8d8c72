using QuantumTrader.Engine.Queues;
using QuantumTrader.Engine.Threading;
using QuantumTrader.Model;
using QuantumTrader.Model.Ports;

namespace QuantumTrader.Runtime.Live;

/// <summary>
/// The sink of one market-stream connection: copies events into a lock-free SPSC queue that the feed thread
/// drains, so several connections reach the ring (and the simulated exchange) through one producer thread.
/// A full queue pushes back (the socket task waits, TCP slows the venue) instead of dropping market data;
/// once the feed has stopped, events are discarded and counted.
/// </summary>
/// <remarks>Exactly one producer (the connection's task) and one consumer (the feed thread).</remarks>
public sealed class QueueSink : IInputSink
{
    private readonly SpscQueue<InputEvent> _queue;
    private readonly IIdleStrategy _idle;
    private volatile bool _closed;
    private long _waits;
    private long _discarded;

    /// <summary>Creates the sink with <paramref name="capacity"/> slots (a power of two).</summary>
    /// <param name="capacity">Slots (a power of two).</param>
    /// <param name="idle">How the producer waits for space (one instance for this sink, used by its one producer);
    /// default: spin, yield, then 1 ms sleeps (the producer is a socket task; TCP absorbs the wait).</param>
    public QueueSink(int capacity, IIdleStrategy? idle = null)
    {
        _queue = new SpscQueue<InputEvent>(capacity);
        _idle = idle ?? new BackoffIdleStrategy(allowSleep: true);
    }

    /// <summary>Times the producer found the queue full and waited.</summary>
    public long Waits => Interlocked.Read(ref _waits);

    /// <summary>Events discarded after <see cref="Close"/>.</summary>
    public long Discarded => Interlocked.Read(ref _discarded);

    /// <inheritdoc />
    public void Publish(in InputEvent input)
    {
        if (_queue.TryEnqueue(in input))
        {
            return;
        }

        Interlocked.Increment(ref _waits);
        _idle.Reset();
        while (!_queue.TryEnqueue(in input))
        {
            if (_closed)
            {
                Interlocked.Increment(ref _discarded);
                return;
            }

            _idle.Idle(0);
        }
    }

    /// <summary>Consumer: takes the oldest event.</summary>
    public bool TryTake(out InputEvent input) => _queue.TryDequeue(out input);

    /// <summary>Consumer: the oldest event in place, or a null reference when there is none; release it with
    /// <see cref="Release"/> once it has been passed on (the feed thread copies it straight into the ring slot).</summary>
    public ref readonly InputEvent PeekOrNullRef() => ref _queue.PeekOrNullRef();

    /// <summary>Consumer: releases the event <see cref="PeekOrNullRef"/> returned.</summary>
    public void Release() => _queue.Advance();

    /// <summary>The consumer is gone: producers stop waiting for space.</summary>
    public void Close() => _closed = true;
}
