namespace QuantumTrader.Model;

/// <summary>
/// One recorded message of a market-data capture. <see cref="Payload"/> points into the reader's reused
/// buffer and is valid only until the next read.
/// </summary>
/// <param name="Kind">Stream frame or snapshot body.</param>
/// <param name="ReceiveTimeNs">Local receive time recorded with the message (ns since the Unix epoch).</param>
/// <param name="Payload">The raw UTF-8 JSON bytes as received.</param>
/// <param name="Symbol">For snapshots: the upper-case symbol when the capture names it, else null.</param>
public readonly record struct CaptureFrame(CaptureFrameKind Kind, long ReceiveTimeNs, ReadOnlyMemory<byte> Payload, string? Symbol);
