using QuantumTrader.Gateway.Binance.MarketData;
using QuantumTrader.Stages.Model;
using QuantumTrader.Stages.Ports;

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

    /// <summary>Creates a feed publishing into <paramref name="sink"/>; frames of symbols not in <paramref name="instruments"/> are rejected and counted.</summary>
    public CaptureFeed(ICaptureReader reader, InstrumentRegistry instruments, IInputSink sink)
    {
        _reader = reader ?? throw new ArgumentNullException(nameof(reader));
        Pump = new MarketDataPump(instruments, sink);
    }

    /// <summary>The pump (parser counters, books).</summary>
    public MarketDataPump Pump { get; }

    /// <summary>Frames read so far.</summary>
    public long Frames { get; private set; }

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
        if (frame.Kind == CaptureFrameKind.DepthSnapshot)
        {
            Pump.OnSnapshot(frame.Payload.Span, frame.Symbol, frame.ReceiveTimeNs);
        }
        else
        {
            Pump.OnStreamFrame(frame.Payload.Span, frame.ReceiveTimeNs);
        }

        return true;
    }

    /// <inheritdoc />
    public void Dispose() => _reader.Dispose();
}
