using QuantumTrader.Engine.Ring;

namespace QuantumTrader.Benchmarks.Engine;

/// <summary>The 8-byte slot the engine micro-benchmarks move.</summary>
public struct BenchSlot
{
    /// <summary>The payload.</summary>
    public long Value;
}

/// <summary>A struct handler that sums the payload (devirtualized by the processor's generic argument).</summary>
public struct SumHandler : IEventHandler<BenchSlot>
{
    /// <summary>Running sum.</summary>
    public long Sum;

    /// <inheritdoc />
    public void OnEvent(ref BenchSlot data, long sequence, bool endOfBatch) => Sum += data.Value;
}
