namespace QuantumTrader.Engine.Ring.Wait;

/// <summary>Creates wait strategies from their configuration names.</summary>
public static class WaitStrategies
{
    /// <summary>The names accepted by <see cref="Create"/>.</summary>
    public static readonly string[] Names = ["busy-spin", "yielding", "sleeping", "blocking"];

    /// <summary>Creates the strategy named <paramref name="name"/> (busy-spin, yielding, sleeping, blocking).</summary>
    public static IWaitStrategy Create(string name) => name switch
    {
        "busy-spin" => new BusySpinWaitStrategy(),
        "yielding" => new YieldingWaitStrategy(),
        "sleeping" => new SleepingWaitStrategy(),
        "blocking" => new BlockingWaitStrategy(),
        _ => throw new ArgumentException($"unknown wait strategy '{name}'; expected one of: {string.Join(", ", Names)}", nameof(name)),
    };
}
