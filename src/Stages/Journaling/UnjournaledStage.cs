using QuantumTrader.Engine.Ring;
using QuantumTrader.Model;

namespace QuantumTrader.Stages.Journaling;

/// <summary>
/// Stand-in for the journal stage when a run journals nothing: clears the journal section so that route
/// falls back to the ring sequence for client order ids. The real journal stage replaces it.
/// </summary>
public sealed class UnjournaledStage : IEventHandler<InputEvent>
{
    /// <inheritdoc />
    public void OnEvent(ref InputEvent data, long sequence, bool endOfBatch) => data.JournalSequence = 0;
}
