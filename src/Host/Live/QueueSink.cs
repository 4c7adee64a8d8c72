using QuantumTrader.Engine.Queues;
using QuantumTrader.Stages.Model;
using QuantumTrader.Stages.Ports;

namespace QuantumTrader.Host.Live;

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
    private volatile bool _closed;
    private long _waits;
    private long _discarded;

    /// <summary>Creates the sink with <paramref name="capacity"/> slots (a power of two).</summary>
    public QueueSink(int capacity) => _queue = new SpscQueue<InputEvent>(capacity);

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
        var spinner = default(SpinWait);
        while (!_queue.TryEnqueue(in input))
        {
            if (_closed)
            {
                Interlocked.Increment(ref _discarded);
                return;
            }

            spinner.SpinOnce();
        }
    }

    /// <summary>Consumer: takes the oldest event.</summary>
    public bool TryTake(out InputEvent input) => _queue.TryDequeue(out input);

    /// <summary>The consumer is gone: producers stop waiting for space.</summary>
    public void Close() => _closed = true;
}
