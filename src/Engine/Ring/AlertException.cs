namespace QuantumTrader.Engine.Ring;

/// <summary>Thrown out of a wait when the barrier is alerted (the processor is halting).</summary>
/// <remarks>One pre-allocated instance: a halt must not allocate.</remarks>
public sealed class AlertException : Exception
{
    /// <summary>The shared instance.</summary>
    public static readonly AlertException Instance = new();

    private AlertException()
        : base("the sequence barrier was alerted")
    {
    }
}
