using QuantumTrader.Gateway.Binance.Common;
using QuantumTrader.Model;
using QuantumTrader.Model.Ports;
using QuantumTrader.Model.Text;

namespace QuantumTrader.Gateway.Binance.Capture;

/// <summary>
/// Reads cryptofeed's raw Binance recordings: a WebSocket file (<c>&lt;url&gt; &lt;-&gt; &lt;ts&gt;</c> header
/// lines, then <c>&lt;unix_seconds&gt;: &lt;frame&gt;</c>) merged by time with its HTTP file
/// (<c>&lt;url&gt; -&gt; &lt;unix_seconds&gt;: &lt;body&gt;</c>, the depth snapshots, symbol taken from the URL).
/// </summary>
public sealed class CryptofeedCaptureReader : ICaptureReader
{
    private readonly LineReader? _ws;
    private readonly List<(long Ns, string? Symbol, byte[] Body)> _snapshots = new();
    private int _nextSnapshot;
    private ReadOnlyMemory<byte> _pendingLine;
    private long _pendingNs;
    private bool _hasPending;

    /// <summary>Opens the WebSocket file and/or the HTTP file (either may be null, not both).</summary>
    public CryptofeedCaptureReader(string? wsPath, string? httpPath)
    {
        if (wsPath is null && httpPath is null)
        {
            throw new ArgumentException("a WebSocket or an HTTP capture file is required");
        }

        if (httpPath is not null)
        {
            LoadHttp(httpPath);
        }

        if (wsPath is not null)
        {
            _ws = new LineReader(CaptureFormat.OpenMaybeGzip(wsPath));
        }
    }

    /// <inheritdoc />
    public long SkippedLines { get; private set; }

    /// <summary>The <c>.http.</c> file beside a <c>.ws.</c> file (<c>X.ws.1.0</c> → <c>X.http.0.0</c>), or null.</summary>
    public static string? SiblingHttpPath(string wsPath)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(wsPath)) ?? ".";
        var name = Path.GetFileName(wsPath);
        var ws = name.IndexOf(".ws.", StringComparison.Ordinal);
        if (ws < 0)
        {
            return null;
        }

        var prefix = name[..(ws + 1)] + "http.";
        foreach (var candidate in Directory.EnumerateFiles(dir, prefix + "*").Order(StringComparer.Ordinal))
        {
            return candidate;
        }

        return null;
    }

    /// <inheritdoc />
    public bool TryRead(out CaptureFrame frame)
    {
        if (!_hasPending && _ws is not null)
        {
            _hasPending = ReadWs(out _pendingNs, out _pendingLine);
        }

        if (_nextSnapshot < _snapshots.Count && (!_hasPending || _snapshots[_nextSnapshot].Ns <= _pendingNs))
        {
            var s = _snapshots[_nextSnapshot++];
            frame = new CaptureFrame(CaptureFrameKind.DepthSnapshot, s.Ns, s.Body, s.Symbol);
            return true;
        }

        if (_hasPending)
        {
            _hasPending = false;
            frame = new CaptureFrame(CaptureFrameKind.Stream, _pendingNs, _pendingLine, null);
            return true;
        }

        frame = default;
        return false;
    }

    /// <inheritdoc />
    public void Dispose() => _ws?.Dispose();

    private bool ReadWs(out long ns, out ReadOnlyMemory<byte> payload)
    {
        while (_ws!.TryReadLine(out var line))
        {
            var span = line.Span;
            if (span.IsEmpty)
            {
                continue;
            }

            if (span.IndexOf(" <-> "u8) > 0)
            {
                continue; // connection header line, not a frame
            }

            var colon = span.IndexOf(": "u8);
            if (colon <= 0 || !DecimalCodec.TryParseScaled(span[..colon], 9, false, truncateExcess: true, out ns))
            {
                SkippedLines++;
                continue;
            }

            payload = line[(colon + 2)..];
            return true;
        }

        ns = 0;
        payload = default;
        return false;
    }

    private void LoadHttp(string path)
    {
        using var lines = new LineReader(CaptureFormat.OpenMaybeGzip(path));
        while (lines.TryReadLine(out var line))
        {
            var span = line.Span;
            var arrow = span.IndexOf(" -> "u8);
            if (arrow <= 0)
            {
                if (!span.IsEmpty)
                {
                    SkippedLines++;
                }

                continue;
            }

            var rest = span[(arrow + 4)..];
            var colon = rest.IndexOf(": "u8);
            if (colon <= 0 || !DecimalCodec.TryParseScaled(rest[..colon], 9, false, truncateExcess: true, out var ns))
            {
                SkippedLines++;
                continue;
            }

            var body = rest[(colon + 2)..];
            if (!CaptureFormat.LooksLikeSnapshot(body))
            {
                SkippedLines++;
                continue;
            }

            _snapshots.Add((ns, SymbolOf(span[..arrow]), body.ToArray()));
        }

        _snapshots.Sort(static (a, b) => a.Ns.CompareTo(b.Ns));
    }

    private static string? SymbolOf(ReadOnlySpan<byte> url)
    {
        var at = url.IndexOf("symbol="u8);
        if (at < 0)
        {
            return null;
        }

        var value = url[(at + 7)..];
        var end = value.IndexOf((byte)'&');
        if (end >= 0)
        {
            value = value[..end];
        }

        return value.IsEmpty ? null : System.Text.Encoding.ASCII.GetString(value).ToUpperInvariant();
    }
}
