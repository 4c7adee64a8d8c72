using QuantumTrader.Gateway.Binance.MarketData;
using QuantumTrader.Model;
using QuantumTrader.Model.Ports;

namespace QuantumTrader.Gateway.Binance.Capture;

/// <summary>
/// Replays a recorded capture as the market feed (<c>run --data</c>, backtests): each step reads one frame and
/// pushes it through the same <see cref="MarketDataPump"/> as live data (parse → events, depth → local books).
/// The caller paces the replay with the returned receive times (recorded pacing, N× faster, or as fast as possible).
/// </summary>
/// <remarks>One thread. No allocation per frame after warm-up (the reader reuses its line buffer).</remarks>
public sealed class CaptureFeed : IDisposable
{
    private readonly ICaptureReader _reader;
    private readonly Func<long, long>? _stamp;

    /// <summary>Creates a feed publishing into <paramref name="sink"/>; frames of symbols not in <paramref name="instruments"/> are rejected and counted.</summary>
    /// <param name="reader">The capture.</param>
    /// <param name="instruments">Known instruments.</param>
    /// <param name="sink">Where events go.</param>
    /// <param name="stamp">Maps a frame's recorded receive time to the receive stamp its events get (a replay that
    /// paces and stamps with its own clock waits inside it); null keeps the recorded time.</param>
    public CaptureFeed(ICaptureReader reader, InstrumentRegistry instruments, IInputSink sink, Func<long, long>? stamp = null)
    {
        _reader = reader ?? throw new ArgumentNullException(nameof(reader));
        _stamp = stamp;
        Pump = new MarketDataPump(instruments, sink);
    }

    /// <summary>The pump (parser counters, books).</summary>
    public MarketDataPump Pump { get; }

    /// <summary>Frames read so far.</summary>
    public long Frames { get; private set; }

    /// <summary>Frames the parser or the book rejected (counted by reason in <see cref="Pump"/>).</summary>
    public long RejectedFrames { get; private set; }

    /// <summary>Processes the next frame; false at the end of the capture.</summary>
    /// <param name="receiveTimeNs">The frame's recorded receive time (ns since the epoch).</param>
    public bool TryPumpNext(out long receiveTimeNs)
    {
        if (!_reader.TryRead(out var frame))
        {
            receiveTimeNs = 0;
            return false;
        }

        Frames++;
        receiveTimeNs = frame.ReceiveTimeNs;
        var stampNs = _stamp is null ? frame.ReceiveTimeNs : _stamp(frame.ReceiveTimeNs);
        var accepted = frame.Kind == CaptureFrameKind.DepthSnapshot
            ? Pump.OnSnapshot(frame.Payload.Span, frame.Symbol, stampNs)
            : Pump.OnStreamFrame(frame.Payload.Span, stampNs) != FrameKind.Invalid;
        if (!accepted)
        {
            RejectedFrames++;
        }

        return true;
    }

    /// <inheritdoc />
    public void Dispose() => _reader.Dispose();
}
