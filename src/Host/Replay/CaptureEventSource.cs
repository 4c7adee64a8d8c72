using QuantumTrader.Engine.Time;
using QuantumTrader.Host.Training;
using QuantumTrader.Stages.Ingest;
using QuantumTrader.Stages.Model;
using QuantumTrader.Stages.Ports;

namespace QuantumTrader.Host.Replay;

/// <summary>
/// A recorded capture as the normalized event sequence training reads: the same parser, book sync and
/// ingest/normalize stage as serving, so the trainer sees exactly the events the pipeline would.
/// </summary>
public sealed class CaptureEventSource : IInputEventSource
{
    private readonly string _path;
    private readonly InstrumentRegistry _instruments;

    /// <summary>Creates the source.</summary>
    public CaptureEventSource(string path, InstrumentRegistry instruments)
    {
        _path = path;
        _instruments = instruments;
    }

    /// <inheritdoc />
    public string Description => $"capture {Path.GetFileName(_path)}";

    /// <inheritdoc />
    public IEnumerable<InputEvent> Events()
    {
        var buffer = new BufferSink();
        var ingest = new IngestStage(_instruments.Count);
        var feed = new CaptureReplay(_path, _instruments, new ManualClock());
        var thread = new List<InputEvent>();

        // The capture is small (minutes); collecting it keeps the enumerator simple and the order exact.
        feed.Run(buffer, 0, () => false);
        long sequence = 0;
        foreach (var e in buffer.Events)
        {
            var slot = e;
            ingest.OnEvent(ref slot, sequence++, false);
            thread.Add(slot);
        }

        return thread;
    }

    private sealed class BufferSink : IInputSink
    {
        public List<InputEvent> Events { get; } = new();

        public void Publish(in InputEvent input) => Events.Add(input);
    }
}
