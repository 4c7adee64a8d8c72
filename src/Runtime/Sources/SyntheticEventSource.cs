using QuantumTrader.Model;
using QuantumTrader.Model.Ports;
using QuantumTrader.Stages.Features;

namespace QuantumTrader.Runtime.Sources;

/// <summary>The seeded synthetic candle market as a training source (not real market data; already normalized).</summary>
public sealed class SyntheticEventSource : IEventSource
{
    private readonly SyntheticMarket _market;
    private long _published;

    /// <summary>Creates the source.</summary>
    public SyntheticEventSource(ulong seed, int symbolCount, long startTimeNs, long seconds)
        => _market = new SyntheticMarket(seed, symbolCount, startTimeNs, seconds);

    /// <inheritdoc />
    public string Description => _market.Description;

    /// <inheritdoc />
    public long Published => Volatile.Read(ref _published);

    /// <inheritdoc />
    public long Rejected => 0;

    /// <inheritdoc />
    public SourceFailure Failure => SourceFailure.None;

    /// <inheritdoc />
    public string? FailureReason => null;

    /// <inheritdoc />
    public long Run(IInputSink sink, Func<bool> stop)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(stop);
        long n = 0;
        foreach (var e in _market.Events())
        {
            if (stop())
            {
                break;
            }

            sink.Publish(in e);
            n++;
            Volatile.Write(ref _published, _published + 1);
        }

        return n;
    }
}
