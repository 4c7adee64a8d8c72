namespace QuantumTrader.Engine.Ring;

/// <summary>A consumer loop over a ring, run by one dedicated thread.</summary>
public interface IEventProcessor
{
    /// <summary>Name (the stage group's name).</summary>
    string Name { get; }

    /// <summary>The consumer's progress: the last sequence fully handled.</summary>
    Sequence Sequence { get; }

    /// <summary>The barrier the processor waits on.</summary>
    SequenceBarrier Barrier { get; }

    /// <summary>True while <see cref="Run"/> is executing.</summary>
    bool IsRunning { get; }

    /// <summary>Runs the loop on the calling thread until <see cref="Halt"/>.</summary>
    void Run();

    /// <summary>Asks the loop to stop after the batch in hand; returns at once.</summary>
    void Halt();

    /// <summary>Registers a downstream consumer's blocking wait strategy, signalled when this processor advances.</summary>
    void AddDownstreamSignal(Wait.IWaitStrategy strategy);
}
