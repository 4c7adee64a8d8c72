using System.IO.Compression;
using QuantumTrader.Gateway.Binance.Common;
using QuantumTrader.Model;
using QuantumTrader.Model.Ports;
using QuantumTrader.Model.Text;

namespace QuantumTrader.Gateway.Binance.Capture;

/// <summary>
/// Reads hftbacktest's Binance capture format: gzip (or plain) text lines <c>&lt;receive_ns&gt; &lt;json&gt;</c>,
/// where the JSON is a combined-stream frame or, when the recorder fetched one, a REST depth snapshot body.
/// </summary>
public sealed class HftBacktestCaptureReader : ICaptureReader
{
    private readonly LineReader _lines;

    /// <summary>Opens <paramref name="path"/>; gzip is detected from the magic bytes.</summary>
    public HftBacktestCaptureReader(string path)
    {
        _lines = new LineReader(CaptureFormat.OpenMaybeGzip(path));
    }

    /// <inheritdoc />
    public long SkippedLines { get; private set; }

    /// <inheritdoc />
    public bool TryRead(out CaptureFrame frame)
    {
        while (_lines.TryReadLine(out var line))
        {
            var span = line.Span;
            var space = span.IndexOf((byte)' ');
            if (space <= 0
                || !DecimalCodec.TryParseScaled(span[..space], 0, allowNegative: false, truncateExcess: false, out var ns)
                || space + 1 >= span.Length)
            {
                if (!span.IsEmpty)
                {
                    SkippedLines++;
                }

                continue;
            }

            var payload = line[(space + 1)..];
            var kind = CaptureFormat.LooksLikeSnapshot(payload.Span) ? CaptureFrameKind.DepthSnapshot : CaptureFrameKind.Stream;
            frame = new CaptureFrame(kind, ns, payload, null);
            return true;
        }

        frame = default;
        return false;
    }

    /// <inheritdoc />
    public void Dispose() => _lines.Dispose();
}
