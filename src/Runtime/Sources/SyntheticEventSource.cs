using QuantumTrader.Model.Ports;
using QuantumTrader.Stages.Features;
using QuantumTrader.Model;

namespace QuantumTrader.Runtime.Sources;

/// <summary>The seeded synthetic market as a training source (not real market data).</summary>
public sealed class SyntheticEventSource : IEventSource
{
    private readonly SyntheticMarket _market;

    /// <summary>Creates the source.</summary>
    public SyntheticEventSource(ulong seed, int symbolCount, long startTimeNs, long seconds)
        => _market = new SyntheticMarket(seed, symbolCount, startTimeNs, seconds);

    /// <inheritdoc />
    public string Description => _market.Description;

    /// <inheritdoc />
    public IEnumerable<InputEvent> Events() => _market.Events();
}
