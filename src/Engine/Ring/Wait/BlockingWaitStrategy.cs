namespace QuantumTrader.Engine.Ring.Wait;

// Design:
//   Waiters spin briefly, then park on a monitor with a timeout. Signalling costs the signaller a full
//   fence and one read of the waiter count; it takes the lock only when a waiter is parked, so a busy
//   pipeline never touches the lock (the reference implementation signals on every publish and loses an
//   order of magnitude of throughput to it).
//   No lost wake-up: a waiter increments _waiters (a full fence) before it re-reads the dependency under the
//   lock; a signaller publishes, fences, then reads _waiters. Of the two store→fence→load sequences at least
//   one sees the other's store (Dekker), and PulseAll needs the lock, which the waiter holds until it is
//   inside Monitor.Wait. The timeout bounds the damage of any bug here and lets the processor check for a halt.

/// <summary>Parks waiting consumers on a monitor; wakes them only when one is actually parked.</summary>
public sealed class BlockingWaitStrategy : IWaitStrategy
{
    private readonly object _gate = new();
    private readonly int _timeoutMilliseconds;
    private readonly int _spinTries;
    private int _waiters;

    /// <summary>Creates the strategy.</summary>
    /// <param name="timeout">Longest a waiter stays parked before it returns to check for halts.</param>
    /// <param name="spinTries">Checks before parking.</param>
    public BlockingWaitStrategy(TimeSpan? timeout = null, int spinTries = 64)
    {
        var t = timeout ?? TimeSpan.FromMilliseconds(100);
        _timeoutMilliseconds = Math.Max(1, (int)t.TotalMilliseconds);
        _spinTries = spinTries;
    }

    /// <inheritdoc />
    public bool IsBlocking => true;

    /// <summary>Number of consumers parked right now (diagnostics and tests).</summary>
    public int ParkedWaiters => Volatile.Read(ref _waiters);

    /// <inheritdoc />
    public long WaitFor(long sequence, SequenceBarrier barrier)
    {
        long available;
        for (var i = 0; i < _spinTries; i++)
        {
            if ((available = barrier.GetDependentValue()) >= sequence)
            {
                return available;
            }

            barrier.CheckAlert();
        }

        Interlocked.Increment(ref _waiters);
        try
        {
            lock (_gate)
            {
                while ((available = barrier.GetDependentValue()) < sequence)
                {
                    barrier.CheckAlert();
                    if (!Monitor.Wait(_gate, _timeoutMilliseconds))
                    {
                        return barrier.GetDependentValue(); // timed out: the caller loops and checks for a halt
                    }
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiters);
        }

        return available;
    }

    /// <inheritdoc />
    public void SignalAllWhenBlocking()
    {
        Interlocked.MemoryBarrier(); // StoreLoad: the caller's publish before our read of _waiters
        if (Volatile.Read(ref _waiters) == 0)
        {
            return;
        }

        lock (_gate)
        {
            Monitor.PulseAll(_gate);
        }
    }
}
