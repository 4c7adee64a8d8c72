using QuantumTrader.Engine.Time;
using QuantumTrader.Runtime.Sources;
using QuantumTrader.Model.Ports;
using QuantumTrader.Stages.Ingest;
using QuantumTrader.Model;

namespace QuantumTrader.Runtime.Replay;

/// <summary>
/// A recorded capture as the normalized event sequence training reads: the same parser, book sync and
/// ingest/normalize stage as serving, so the trainer sees exactly the events the pipeline would.
/// </summary>
public sealed class CaptureEventSource : IEventSource
{
    private readonly string _path;
    private readonly InstrumentRegistry _instruments;
    private readonly IngestOptions _ingest;

    /// <summary>Creates the source.</summary>
    /// <param name="path">The capture.</param>
    /// <param name="instruments">Its instruments.</param>
    /// <param name="ingest">The serving ingest settings ([ingest]); null for the defaults.</param>
    public CaptureEventSource(string path, InstrumentRegistry instruments, IngestOptions? ingest = null)
    {
        _path = path;
        _instruments = instruments;
        _ingest = ingest ?? new IngestOptions();
    }

    /// <inheritdoc />
    public string Description => $"capture {Path.GetFileName(_path)}";

    /// <inheritdoc />
    public IEnumerable<InputEvent> Events()
    {
        // The capture is small (minutes); collecting it keeps the enumerator simple and the order exact.
        var sink = new NormalizingSink(new IngestStage(_instruments.Count, _ingest));
        var replay = new CaptureReplay(_path, _instruments, new ManualClock());
        replay.Run(sink, 0, () => false);
        if (replay.Truncation is { } truncation)
        {
            throw new InvalidOperationException(truncation); // fail closed: never train on a recording cut short
        }

        return sink.Events;
    }

    /// <summary>Runs each event through the serving ingest stage as it arrives, as the pipeline would.</summary>
    private sealed class NormalizingSink(IngestStage ingest) : IInputSink
    {
        public List<InputEvent> Events { get; } = new();

        public void Publish(in InputEvent input)
        {
            var slot = input;
            ingest.OnEvent(ref slot, Events.Count, false);
            Events.Add(slot);
        }
    }
}
