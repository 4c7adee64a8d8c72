using QuantumTrader.Model;

namespace QuantumTrader.Model.Ports;

/// <summary>
/// Reads a recorded market-data capture frame by frame, in recorded order. Used by replay, backtests and
/// <c>capture inspect</c>. Not thread-safe: one reader per thread.
/// </summary>
public interface ICaptureReader : IDisposable
{
    /// <summary>Reads the next frame; false at the end of the capture. The frame's payload is valid until
    /// the next call. Lines that are not frames (headers, malformed line prefixes) are counted in
    /// <see cref="SkippedLines"/>, never returned.</summary>
    bool TryRead(out CaptureFrame frame);

    /// <summary>Lines that could not be split into a timestamp and a payload.</summary>
    long SkippedLines { get; }
}
