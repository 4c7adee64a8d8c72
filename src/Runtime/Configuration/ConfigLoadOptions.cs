namespace QuantumTrader.Runtime.Configuration;

/// <summary>Facts about the machine that validation depends on; injectable so tests do not depend on the host.</summary>
public sealed class ConfigLoadOptions
{
    /// <summary>Options for the machine this process runs on.</summary>
    public static ConfigLoadOptions Current { get; } = new();

    /// <summary>Logical cores a stage group may be pinned to: cores 0..ProcessorCount-1. Defaults to <see cref="Environment.ProcessorCount"/>.</summary>
    public int ProcessorCount { get; init; } = Environment.ProcessorCount;
}
