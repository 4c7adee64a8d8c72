namespace QuantumTrader.Engine.Threading;

/// <summary>Never gives the core up: one CPU pause per idle step. Lowest latency; needs a core of its own.</summary>
public sealed class BusySpinIdleStrategy : IIdleStrategy
{
    /// <inheritdoc />
    public void Idle(int workCount)
    {
        if (workCount > 0)
        {
            return;
        }

        Thread.SpinWait(1);
    }

    /// <inheritdoc />
    public void Reset()
    {
    }
}
