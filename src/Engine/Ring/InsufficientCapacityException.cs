namespace QuantumTrader.Engine.Ring;

/// <summary>Signals that a non-blocking claim found the ring full.</summary>
/// <remarks>Only the diagnostic path uses it; <c>TryNext</c> returns false instead of throwing.</remarks>
public sealed class InsufficientCapacityException : Exception
{
    /// <summary>The shared instance.</summary>
    public static readonly InsufficientCapacityException Instance = new();

    private InsufficientCapacityException()
        : base("the ring has no free slot")
    {
    }
}
