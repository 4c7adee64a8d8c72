namespace QuantumTrader.Engine.Ring.Wait;

/// <summary>
/// Spins a little, then yields the CPU on every further try: low latency, and still fair when there are
/// more threads than cores (the 2-core development machine).
/// </summary>
public sealed class YieldingWaitStrategy : IWaitStrategy
{
    private readonly int _spinTries;

    /// <summary>Creates the strategy; <paramref name="spinTries"/> checks before the first yield.</summary>
    public YieldingWaitStrategy(int spinTries = 100) => _spinTries = spinTries;

    /// <inheritdoc />
    public bool IsBlocking => false;

    /// <inheritdoc />
    public long WaitFor(long sequence, SequenceBarrier barrier)
    {
        var counter = _spinTries;
        long available;
        while ((available = barrier.GetDependentValue()) < sequence)
        {
            barrier.CheckAlert();
            if (counter > 0)
            {
                counter--;
            }
            else
            {
                Thread.Yield();
            }
        }

        return available;
    }

    /// <inheritdoc />
    public void SignalAllWhenBlocking()
    {
    }
}
