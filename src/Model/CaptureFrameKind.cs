namespace QuantumTrader.Model;

/// <summary>What a <see cref="CaptureFrame"/> holds.</summary>
public enum CaptureFrameKind : byte
{
    /// <summary>A WebSocket message as the venue sent it (combined <c>stream</c>/<c>data</c> frame or raw event).</summary>
    Stream = 1,

    /// <summary>A REST order-book snapshot body (<c>GET /fapi/v1/depth</c>).</summary>
    DepthSnapshot = 2,
}
