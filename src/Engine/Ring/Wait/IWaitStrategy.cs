namespace QuantumTrader.Engine.Ring.Wait;

// Design: the strategy is called once per batch (when the consumer has caught up), not per slot, so it is an
//   interface and not a generic argument: the ring's hot path is the batch loop, which never touches it. The four
//   strategies trade latency for CPU: busy-spin (a core per thread), yielding (fair with more threads than
//   cores), sleeping (frees the CPU, wakes late), blocking (parks; the only one producers must signal, so the
//   others report IsBlocking false and cost the producer nothing).

/// <summary>How a consumer waits for a sequence to become available. One instance per consumer group.</summary>
/// <remarks>
/// <see cref="WaitFor"/> runs on the consumer's thread; <see cref="SignalAllWhenBlocking"/> runs on the
/// thread that made progress (a producer publishing, or an upstream consumer advancing). Strategies that
/// never park report <see cref="IsBlocking"/> false and are never signalled.
/// </remarks>
public interface IWaitStrategy
{
    /// <summary>True when waiters may park and need <see cref="SignalAllWhenBlocking"/> to wake.</summary>
    bool IsBlocking { get; }

    /// <summary>
    /// Waits until the barrier's dependency reaches <paramref name="sequence"/>, and returns the highest
    /// sequence available (which may be greater). May return a smaller value on a timeout, so the caller
    /// can check for halts. Throws <see cref="AlertException"/> when the barrier is alerted.
    /// </summary>
    long WaitFor(long sequence, SequenceBarrier barrier);

    /// <summary>Wakes parked waiters, if any.</summary>
    void SignalAllWhenBlocking();
}
