using System.Runtime.CompilerServices;

namespace QuantumTrader.Engine.Ring.Wait;

/// <summary>
/// Spins on the dependency without yielding: lowest latency, one core burnt per consumer. Use only with
/// a dedicated (pinned) core per thread; with more threads than cores it collapses.
/// </summary>
public sealed class BusySpinWaitStrategy : IWaitStrategy
{
    /// <inheritdoc />
    public bool IsBlocking => false;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long WaitFor(long sequence, SequenceBarrier barrier)
    {
        long available;
        while ((available = barrier.GetDependentValue()) < sequence)
        {
            barrier.CheckAlert();
        }

        return available;
    }

    /// <inheritdoc />
    public void SignalAllWhenBlocking()
    {
    }
}
