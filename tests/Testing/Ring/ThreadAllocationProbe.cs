using QuantumTrader.Engine.Ring;
using QuantumTrader.Model;

namespace QuantumTrader.Testing.Ring;

/// <summary>
/// A stage that observes its thread: run last in a stage group, it reads the thread's allocated bytes
/// (<see cref="GC.GetAllocatedBytesForCurrentThread"/>) after every slot, when every stage of the group has
/// handled it. Read <see cref="AllocatedBytes"/> from another thread once the group's sequence has passed the
/// slots of interest (the group publishes its sequence after the probe's writes).
/// </summary>
public sealed class ThreadAllocationProbe : IEventHandler<InputEvent>
{
    private long _allocated;
    private long _events;

    /// <summary>Creates the probe for stage group <paramref name="group"/>.</summary>
    public ThreadAllocationProbe(string group) => Group = group;

    /// <summary>The stage group it runs in.</summary>
    public string Group { get; }

    /// <summary>The group thread's allocated bytes after the last slot it handled.</summary>
    public long AllocatedBytes => Volatile.Read(ref _allocated);

    /// <summary>Slots handled.</summary>
    public long Events => Volatile.Read(ref _events);

    /// <inheritdoc />
    public void OnEvent(ref InputEvent data, long sequence, bool endOfBatch)
    {
        Volatile.Write(ref _allocated, GC.GetAllocatedBytesForCurrentThread());
        Volatile.Write(ref _events, _events + 1);
    }
}
