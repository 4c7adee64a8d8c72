namespace QuantumTrader.Engine.Ring.Wait;

/// <summary>
/// Back-off: spins, then yields, then sleeps for ever longer (up to 1 ms) while nothing arrives. Frees the
/// CPU when idle at the price of wake-up latency after an idle period; never needs a signal.
/// </summary>
public sealed class SleepingWaitStrategy : IWaitStrategy
{
    private readonly int _spinTries;
    private readonly int _yieldTries;

    /// <summary>Creates the strategy with the number of spins and yields before it starts to sleep.</summary>
    public SleepingWaitStrategy(int spinTries = 100, int yieldTries = 100)
    {
        _spinTries = spinTries;
        _yieldTries = yieldTries;
    }

    /// <inheritdoc />
    public bool IsBlocking => false;

    /// <inheritdoc />
    public long WaitFor(long sequence, SequenceBarrier barrier)
    {
        var counter = 0;
        long available;
        while ((available = barrier.GetDependentValue()) < sequence)
        {
            barrier.CheckAlert();
            counter++;
            if (counter <= _spinTries)
            {
                continue;
            }

            if (counter <= _spinTries + _yieldTries)
            {
                Thread.Yield();
            }
            else if (counter <= _spinTries + _yieldTries + 1000)
            {
                Thread.Sleep(0);
            }
            else
            {
                Thread.Sleep(1);
            }
        }

        return available;
    }

    /// <inheritdoc />
    public void SignalAllWhenBlocking()
    {
    }
}
