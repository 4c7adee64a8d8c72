namespace QuantumTrader.Engine.Ring;

/// <summary>
/// A stage: consumes slots of a ring in sequence order. Implement it on a struct or a sealed class and
/// pass it as a generic argument so the processor's call is devirtualized.
/// </summary>
/// <typeparam name="T">The slot type.</typeparam>
/// <remarks>
/// Called only from the thread that runs the stage group. <c>endOfBatch</c> in
/// <see cref="OnEvent"/> is true on the last slot currently available, so a stage can conflate work per batch.
/// </remarks>
public interface IEventHandler<T>
    where T : struct
{
    /// <summary>Handles one slot. Write only this stage's own fields of <paramref name="data"/>.</summary>
    /// <param name="data">The slot, by reference (no copy).</param>
    /// <param name="sequence">The slot's ring sequence.</param>
    /// <param name="endOfBatch">True on the last slot of the batch currently available.</param>
    void OnEvent(ref T data, long sequence, bool endOfBatch);

    /// <summary>Called once on the stage thread before the first event.</summary>
    void OnStart()
    {
    }

    /// <summary>Called once on the stage thread after the last event, when the processor halts.</summary>
    void OnShutdown()
    {
    }
}
