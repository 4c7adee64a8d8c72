using QuantumTrader.Engine.Time;
using QuantumTrader.Gateway.Binance.Capture;
using QuantumTrader.Gateway.Binance.MarketData;
using QuantumTrader.Stages.Model;
using QuantumTrader.Stages.Ports;

namespace QuantumTrader.Host.Replay;

/// <summary>
/// A recorded capture (the formats of data/binance) as a market feed: every frame goes through the same
/// Binance parser and order-book synchroniser as live data, into an <see cref="IInputSink"/>. Pacing follows
/// the recorded receive times: speed 1 keeps them, N is N times faster, 0 is as fast as the sink takes events.
/// </summary>
/// <remarks>Run from one producer thread. Receive stamps come from <see cref="IClock"/> (the intended time when
/// paced, so a late producer shows up as latency instead of hiding it).</remarks>
public sealed class CaptureFeed
{
    private readonly string _path;
    private readonly InstrumentRegistry _instruments;
    private readonly IClock _clock;

    /// <summary>Creates a feed over the capture at <paramref name="path"/>.</summary>
    public CaptureFeed(string path, InstrumentRegistry instruments, IClock clock)
    {
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

    /// <summary>Frames read.</summary>
    public long Frames { get; private set; }

    /// <summary>Frames the parser rejected (malformed, unknown symbol); counted by reason in <see cref="Parser"/>.</summary>
    public long RejectedFrames { get; private set; }

    /// <summary>The parser of the last run (its per-kind and per-error counters).</summary>
    public BinanceMarketParser? Parser { get; private set; }

    /// <summary>Replays the capture into <paramref name="sink"/> until it ends or <paramref name="shouldStop"/> is true.</summary>
    /// <returns>Frames replayed.</returns>
    public long Run(IInputSink sink, double speed, Func<bool> shouldStop)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(shouldStop);
        var pump = new MarketDataPump(_instruments, sink);
        Parser = pump.Parser;
        using var reader = CaptureFormat.Open(_path);
        long firstRecorded = 0;
        long start = 0;
        while (!shouldStop() && reader.TryRead(out var frame))
        {
            long stamp;
            if (speed > 0)
            {
                if (Frames == 0)
                {
                    firstRecorded = frame.ReceiveTimeNs;
                    start = _clock.NowNanos;
                }

                var due = start + (long)((frame.ReceiveTimeNs - firstRecorded) / speed);
                WaitUntil(due);
                stamp = due;
            }
            else
            {
                stamp = _clock.NowNanos;
            }

            Frames++;
            var ok = frame.Kind == CaptureFrameKind.DepthSnapshot
                ? pump.OnSnapshot(frame.Payload.Span, frame.Symbol, stamp)
                : pump.OnStreamFrame(frame.Payload.Span, stamp) != FrameKind.Invalid;
            if (!ok)
            {
                RejectedFrames++;
            }
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
