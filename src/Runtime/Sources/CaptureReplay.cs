using QuantumTrader.Engine.Time;
using QuantumTrader.Gateway.Binance.Capture;
using QuantumTrader.Runtime.Capture;
using QuantumTrader.Model;
using QuantumTrader.Model.Ports;

namespace QuantumTrader.Runtime.Sources;

/// <summary>
/// A recorded capture (the formats of data/binance) as the market feed of a run: the gateway's
/// <see cref="CaptureFeed"/> (the same Binance parser and order-book sync as live data) paced by the recorded
/// receive times: speed 1 keeps them, N is N times faster, 0 is as fast as the sink takes events.
/// </summary>
/// <remarks>Run from one producer thread. Receive stamps come from <see cref="IClock"/> (the intended time when
/// paced, so a late producer shows up as latency instead of hiding it).</remarks>
public sealed class CaptureReplay : IEventSource
{
    private readonly string _path;
    private readonly InstrumentRegistry _instruments;
    private readonly IClock _clock;
    private CaptureFeed? _feed;

    /// <summary>Creates a replay of the capture at <paramref name="path"/>, at <paramref name="speed"/> when run as an
    /// <see cref="IEventSource"/> (1: the recorded pacing, N: N times faster, 0: as fast as the sink takes events).</summary>
    public CaptureReplay(string path, InstrumentRegistry instruments, IClock clock, double speed = 0)
    {
        Speed = speed;
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentNullException.ThrowIfNull(clock);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"capture not found: {path}", path);
        }

        _path = path;
        _instruments = instruments;
        _clock = clock;
    }

    /// <summary>The pacing of <see cref="Run(IInputSink, Func{bool})"/>.</summary>
    public double Speed { get; }

    /// <inheritdoc />
    public string Description => $"capture {Path.GetFileName(_path)}";

    /// <summary>Frames read.</summary>
    public long Frames => _feed?.Frames ?? 0;

    /// <inheritdoc />
    public long Published => Frames;

    /// <inheritdoc />
    public long Rejected => RejectedFrames;

    /// <inheritdoc />
    public SourceFailure Failure => Truncation is null ? SourceFailure.None : SourceFailure.Truncated;

    /// <inheritdoc />
    public string? FailureReason => Truncation;

    /// <inheritdoc />
    public long Run(IInputSink sink, Func<bool> stop) => Run(sink, Speed, stop);

    /// <summary>Frames the parser or the book rejected.</summary>
    public long RejectedFrames => _feed?.RejectedFrames ?? 0;

    /// <summary>Why the capture ended early (a gzip file cut short), null when it was replayed to its end (or stopped).</summary>
    public string? Truncation { get; private set; }

    /// <summary>Replays the capture into <paramref name="sink"/> until it ends or <paramref name="shouldStop"/> is true.
    /// A gzip capture cut short ends the replay at the cut and sets <see cref="Truncation"/>.</summary>
    /// <returns>Frames replayed.</returns>
    public long Run(IInputSink sink, double speed, Func<bool> shouldStop)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(shouldStop);
        long firstRecorded = long.MinValue;
        long start = 0;
        long Stamp(long recorded)
        {
            if (speed <= 0)
            {
                return _clock.NowNanos;
            }

            if (firstRecorded == long.MinValue)
            {
                firstRecorded = recorded;
                start = _clock.NowNanos;
            }

            var due = start + (long)((recorded - firstRecorded) / speed);
            WaitUntil(due);
            return due;
        }

        try
        {
            using var feed = new CaptureFeed(CaptureFormat.Open(_path), _instruments, sink, Stamp);
            _feed = feed;
            while (!shouldStop() && feed.TryPumpNext(out _))
            {
            }
        }
        catch (CaptureTruncatedException ex)
        {
            // Everything before the cut was replayed (and journaled); the caller reports the truncation.
            Truncation = ex.Message;
        }

        return Frames;
    }

    private void WaitUntil(long due)
    {
        while (true)
        {
            var wait = due - _clock.NowNanos;
            if (wait <= 0)
            {
                return;
            }

            if (wait > 2_000_000)
            {
                Thread.Sleep(1); // far away: give the core back
            }
            else
            {
                Thread.SpinWait(50);
            }
        }
    }
}
