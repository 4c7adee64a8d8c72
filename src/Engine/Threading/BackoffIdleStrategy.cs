namespace QuantumTrader.Engine.Threading;

// Design: the back-off is the runtime's SpinWait (spins that grow, then yields, then optionally 1 ms sleeps),
// so the loops that used SpinWait by hand keep exactly their pattern through the seam. Allocation-free: the
// SpinWait is a struct field.

/// <summary>Spins with growing pauses, then yields; with <c>allowSleep</c> it also sleeps 1 ms now and then
/// (the runtime's <see cref="SpinWait"/> back-off). Work resets it to the first step.</summary>
public sealed class BackoffIdleStrategy : IIdleStrategy
{
    private readonly bool _allowSleep;
    private SpinWait _spinner;

    /// <summary>Creates the strategy.</summary>
    /// <param name="allowSleep">False: spin, then yield, never a 1 ms sleep (for loops where a sleep would sit in
    /// the latency). True: <see cref="SpinWait.SpinOnce()"/>'s default pattern, which sleeps 1 ms after enough
    /// idle steps.</param>
    public BackoffIdleStrategy(bool allowSleep) => _allowSleep = allowSleep;

    /// <summary>The idle steps taken since the last work or <see cref="Reset"/>.</summary>
    public int Count => _spinner.Count;

    /// <summary>True when the strategy may sleep 1 ms.</summary>
    public bool AllowsSleep => _allowSleep;

    /// <inheritdoc />
    public void Idle(int workCount)
    {
        if (workCount > 0)
        {
            _spinner.Reset();
            return;
        }

        if (_allowSleep)
        {
            _spinner.SpinOnce();
        }
        else
        {
            _spinner.SpinOnce(sleep1Threshold: -1);
        }
    }

    /// <inheritdoc />
    public void Reset() => _spinner.Reset();
}
