using QuantumTrader.Engine.Time;
using QuantumTrader.Model;
using QuantumTrader.Model.Ports;
using QuantumTrader.Stages.Ingest;

namespace QuantumTrader.Runtime.Sources;

/// <summary>
/// A recorded capture as the normalized event sequence training reads: the same parser, book sync and
/// ingest/normalize stage as serving (run inline, in order), so the trainer sees exactly the events the
/// pipeline's later stages would.
/// </summary>
public sealed class CaptureEventSource : IEventSource
{
    private readonly string _path;
    private readonly InstrumentRegistry _instruments;
    private readonly IngestOptions _ingest;
    private CaptureReplay? _replay;

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
    public long Published => _replay?.Published ?? 0;

    /// <inheritdoc />
    public long Rejected => _replay?.Rejected ?? 0;

    /// <inheritdoc />
    public SourceFailure Failure => _replay?.Failure ?? SourceFailure.None;

    /// <inheritdoc />
    public string? FailureReason => _replay?.FailureReason;

    /// <inheritdoc />
    public long Run(IInputSink sink, Func<bool> stop)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(stop);
        _replay = new CaptureReplay(_path, _instruments, new ManualClock());
        return _replay.Run(new NormalizingSink(new IngestStage(_instruments.Count, _ingest), sink), 0, stop);
    }

    /// <summary>Runs each event through the serving ingest stage as it arrives, as the pipeline would.</summary>
    private sealed class NormalizingSink(IngestStage ingest, IInputSink next) : IInputSink
    {
        private long _sequence;

        public void Publish(in InputEvent input)
        {
            var slot = input;
            ingest.OnEvent(ref slot, _sequence++, false);
            next.Publish(in slot);
        }
    }
}
