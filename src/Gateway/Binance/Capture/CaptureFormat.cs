using QuantumTrader.Model.Ports;

namespace QuantumTrader.Gateway.Binance.Capture;

/// <summary>Recognises the recorded capture formats and opens the matching <see cref="ICaptureReader"/>.</summary>
public static class CaptureFormat
{
    /// <summary>
    /// Opens a capture: hftbacktest (<c>&lt;ns&gt; &lt;json&gt;</c> lines, gzip or plain) or cryptofeed
    /// (<c>&lt;ts&gt;: &lt;json&gt;</c> lines after a <c>&lt;url&gt; &lt;-&gt; &lt;ts&gt;</c> header; its
    /// <c>.http.</c> sibling with the REST snapshots is merged in by time when present).
    /// </summary>
    /// <exception cref="InvalidDataException">The file is in neither format.</exception>
    /// <exception cref="CaptureTruncatedException">A gzip file ends within its first 4 KiB of data.</exception>
    public static ICaptureReader Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using (var probe = OpenMaybeGzip(path))
        {
            var head = new byte[4096];
            var n = probe.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            var span = head.AsSpan(0, n);
            var nl = span.IndexOf((byte)'\n');
            var first = nl >= 0 ? span[..nl] : span;
            if (first.IndexOf(" <-> "u8) > 0)
            {
                return new CryptofeedCaptureReader(path, CryptofeedCaptureReader.SiblingHttpPath(path));
            }

            if (first.IndexOf(" -> "u8) > 0)
            {
                return new CryptofeedCaptureReader(null, path);
            }

            var colon = first.IndexOf(": "u8);
            var space = first.IndexOf((byte)' ');
            if (colon > 0 && colon < space + 1 && first[0] is >= (byte)'0' and <= (byte)'9')
            {
                return new CryptofeedCaptureReader(path, CryptofeedCaptureReader.SiblingHttpPath(path));
            }

            if (space > 0 && first[0] is >= (byte)'0' and <= (byte)'9' && space + 1 < first.Length && first[space + 1] == (byte)'{')
            {
                return new HftBacktestCaptureReader(path);
            }
        }

        throw new InvalidDataException($"{path}: not a recognised capture (hftbacktest '<ns> <json>' lines or cryptofeed '<ts>: <json>' lines)");
    }

    /// <summary>Opens a file, decompressing when it starts with the gzip magic bytes.</summary>
    /// <remarks>Reading a gzip file that was cut short throws <see cref="CaptureTruncatedException"/> at the cut.</remarks>
    internal static Stream OpenMaybeGzip(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> magic = stackalloc byte[2];
        var n = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return n == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new CheckedGzipStream(file, path) : file;
    }

    /// <summary>True when the JSON body is a REST depth snapshot (<c>{"lastUpdateId":…</c>).</summary>
    internal static bool LooksLikeSnapshot(ReadOnlySpan<byte> json)
    {
        var i = 0;
        while (i < json.Length && json[i] is (byte)' ' or (byte)'{')
        {
            i++;
        }

        return json[i..].StartsWith("\"lastUpdateId\""u8);
    }
}
