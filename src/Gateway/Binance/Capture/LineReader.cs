namespace QuantumTrader.Gateway.Binance.Capture;

/// <summary>
/// Reads <c>\n</c>-terminated lines from a stream into one reused, growing buffer (no allocation per line
/// once the buffer holds the longest line). A trailing <c>\r</c> is removed.
/// </summary>
internal sealed class LineReader : IDisposable
{
    private readonly Stream _stream;
    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private bool _eof;

    public LineReader(Stream stream) => _stream = stream;

    /// <summary>Lines returned so far.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Reads the next line; the memory is valid until the next call.</summary>
    public bool TryReadLine(out ReadOnlyMemory<byte> line)
    {
        while (true)
        {
            var span = _buffer.AsSpan(_start, _end - _start);
            var nl = span.IndexOf((byte)'\n');
            if (nl >= 0)
            {
                line = Trim(_buffer.AsMemory(_start, nl));
                _start += nl + 1;
                LineNumber++;
                return true;
            }

            if (_eof)
            {
                if (_end > _start)
                {
                    line = Trim(_buffer.AsMemory(_start, _end - _start));
                    _start = _end;
                    LineNumber++;
                    return true;
                }

                line = default;
                return false;
            }

            Fill();
        }
    }

    public void Dispose() => _stream.Dispose();

    private static ReadOnlyMemory<byte> Trim(ReadOnlyMemory<byte> line)
        => line.Length > 0 && line.Span[^1] == (byte)'\r' ? line[..^1] : line;

    private void Fill()
    {
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var n = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (n == 0)
        {
            _eof = true;
        }

        _end += n;
    }
}
