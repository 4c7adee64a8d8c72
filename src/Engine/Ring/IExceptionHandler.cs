namespace QuantumTrader.Engine.Ring;

/// <summary>
/// Receives exceptions thrown by stages. The processor keeps running after an event exception (the
/// faulted slot is skipped by the failing stage and the ring keeps moving); the domain decides what a
/// fault means, typically moving trading to HALTED.
/// </summary>
/// <typeparam name="T">The slot type.</typeparam>
/// <remarks>Called on the stage thread that failed; implementations must be quick and must not throw.</remarks>
public interface IExceptionHandler<T>
    where T : struct
{
    /// <summary>A stage threw while handling <paramref name="data"/> at <paramref name="sequence"/>.</summary>
    void HandleEventException(string stage, Exception exception, long sequence, ref T data);

    /// <summary>A stage threw in OnStart.</summary>
    void HandleOnStartException(string stage, Exception exception);

    /// <summary>A stage threw in OnShutdown.</summary>
    void HandleOnShutdownException(string stage, Exception exception);
}
