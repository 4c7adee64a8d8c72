namespace QuantumTrader.Engine.Ring;

/// <summary>A consumer added to a <see cref="Pipeline{T}"/>: name it in <c>after</c> to build chains and diamonds.</summary>
public sealed class StageHandle
{
    internal StageHandle(IEventProcessor processor, Threading.StageThread thread)
    {
        Processor = processor;
        Thread = thread;
    }

    /// <summary>The consumer's name.</summary>
    public string Name => Processor.Name;

    /// <summary>The consumer's progress.</summary>
    public Sequence Sequence => Processor.Sequence;

    /// <summary>The processor.</summary>
    public IEventProcessor Processor { get; }

    /// <summary>The dedicated thread that runs it.</summary>
    public Threading.StageThread Thread { get; }
}
