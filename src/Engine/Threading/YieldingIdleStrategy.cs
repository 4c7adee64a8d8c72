namespace QuantumTrader.Engine.Threading;

/// <summary>Yields the core on every idle step (<see cref="Thread.Yield"/>); never sleeps.</summary>
public sealed class YieldingIdleStrategy : IIdleStrategy
{
    /// <inheritdoc />
    public void Idle(int workCount)
    {
        if (workCount > 0)
        {
            return;
        }

        Thread.Yield();
    }

    /// <inheritdoc />
    public void Reset()
    {
    }
}
