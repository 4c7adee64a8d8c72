namespace QuantumTrader.Testing.Ring;

/// <summary>Slot type for engine tests and benchmarks. Each stage writes only its own field.</summary>
public struct TestEvent
{
    /// <summary>Written by the producer.</summary>
    public long Value;

    /// <summary>Written by the producer: which producer.</summary>
    public int Producer;

    /// <summary>Written by the producer: that producer's running counter.</summary>
    public long Counter;

    /// <summary>Written by stage A.</summary>
    public long A;

    /// <summary>Written by stage B.</summary>
    public long B;

    /// <summary>Written by stage C.</summary>
    public long C;
}
