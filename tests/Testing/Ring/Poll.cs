namespace QuantumTrader.Testing.Ring;

/// <summary>Polling waits for tests: no fixed sleeps, a generous bound so a slow CI machine never fails a sound test.</summary>
public static class Poll
{
    /// <summary>Polls <paramref name="condition"/> until true; false if <paramref name="timeout"/> passed first.</summary>
    public static bool Until(Func<bool> condition, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = Environment.TickCount64 + (long)(timeout ?? TimeSpan.FromSeconds(60)).TotalMilliseconds;
        var spinner = default(SpinWait);
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                return false;
            }

            if (spinner.NextSpinWillYield)
            {
                Thread.Sleep(1);
            }

            spinner.SpinOnce();
        }

        return true;
    }
}
