using QuantumTrader.Engine.Ring;
using QuantumTrader.Model;
using QuantumTrader.Stages.Routing;
using QuantumTrader.Stages.Sources;
using QuantumTrader.Testing.Contracts;
using QuantumTrader.Testing.Ports;

namespace QuantumTrader.Stages.Tests.Contracts;

/// <summary>The input sink contract for the input ring (multi-producer), read back slot by slot.</summary>
public sealed class RingInputSinkContractTests : ConcurrentInputSinkContract
{
    /// <inheritdoc />
    protected override Harness Create()
    {
        var ring = RingBuffer<InputEvent>.CreateMultiProducer(Capacity);
        var read = 0L;
        return new Harness(new RingInputSink(ring), () =>
        {
            var events = new List<InputEvent>();
            for (var end = ring.Cursor.Value; read <= end; read++)
            {
                events.Add(ring[read]);
            }

            return events;
        });
    }
}

/// <summary>The input sink contract for the relay that carries refusals into the ring ahead of each event (no
/// refusals pending: events pass through).</summary>
public sealed class RefusalRelaySinkContractTests : InputSinkContract
{
    /// <inheritdoc />
    protected override Harness Create()
    {
        var ring = new RecordingSink();
        return new Harness(new RefusalRelaySink(ring, new RefusalOutbox()), ring.Snapshot);
    }
}

/// <summary>The input sink contract for the tests' own recording sink (thread-safe).</summary>
public sealed class RecordingSinkContractTests : ConcurrentInputSinkContract
{
    /// <inheritdoc />
    protected override Harness Create()
    {
        var sink = new RecordingSink();
        return new Harness(sink, sink.Snapshot);
    }
}
