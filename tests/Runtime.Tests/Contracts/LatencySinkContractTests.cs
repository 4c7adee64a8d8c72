using QuantumTrader.Runtime.Metrics;
using QuantumTrader.Testing.Contracts;

namespace QuantumTrader.Runtime.Tests.Contracts;

/// <summary>The latency sink contract for the HdrHistogram recorder.</summary>
public sealed class LatencyRecorderContractTests : LatencySinkContract
{
    /// <inheritdoc />
    protected override Harness Create()
    {
        var recorder = new LatencyRecorder();
        return new Harness(recorder, () => recorder.Count);
    }
}
