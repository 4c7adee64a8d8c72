using System.Buffers.Binary;
using System.IO.Compression;

namespace QuantumTrader.Gateway.Binance.Capture;

// Design:
//   .NET's GZipStream ends a truncated stream silently (Read returns 0), so a capture cut short looked like a
//   shorter, clean one whose last line was a bad frame. A gzip member ends with an 8-byte trailer whose last
//   4 bytes are the uncompressed size mod 2^32 (RFC 1952); a file cut anywhere before its end has compressed data
//   in their place, which matches the size read with a probability of 2^-32. So at the end of the data the size
//   read is compared with the file's last 4 bytes. Limitation: a multi-member (concatenated) gzip carries only the
//   last member's size there and is reported as truncated; the recorders of data/binance write one member.

/// <summary>A gzip decompressing stream that throws <see cref="CaptureTruncatedException"/> at the end of the data
/// when the file does not end with the gzip trailer of what was decompressed.</summary>
internal sealed class CheckedGzipStream : Stream
{
    private const int MinimumGzipLength = 18; // 10-byte header + empty deflate block + 8-byte trailer
    private readonly GZipStream _inner;
    private readonly string _path;
    private readonly bool _tooShort;
    private readonly uint _trailerSize;
    private long _read;

    public CheckedGzipStream(FileStream file, string path)
    {
        _path = path;
        if (file.Length < MinimumGzipLength)
        {
            _tooShort = true;
        }
        else
        {
            Span<byte> size = stackalloc byte[4];
            file.Seek(-4, SeekOrigin.End);
            file.ReadExactly(size);
            _trailerSize = BinaryPrimitives.ReadUInt32LittleEndian(size);
        }

        file.Position = 0;
        _inner = new GZipStream(file, CompressionMode.Decompress);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = _inner.Read(buffer);
        if (n == 0 && !buffer.IsEmpty && (_tooShort || (uint)_read != _trailerSize))
        {
            throw new CaptureTruncatedException(_path, _read);
        }

        _read += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
