using System.Buffers.Binary;
using K4os.Compression.LZ4;

namespace QuantumTrader.Engine.Journal;

/// <summary>
/// Compresses sealed segments with LZ4 and reads them back. A compressed segment keeps its header and
/// sparse index uncompressed, so seeking and tools read them without decompressing the records.
/// </summary>
/// <remarks>
/// <code>
/// .qtj.lz4 file
/// 0                      DataOffset      +8           +16              +20             +24
/// | header + index (raw) | magic "QTJLZ4\0\1" | sealedLength i64 | chunkSize i32 | chunkCount i32 |
/// then chunkCount times: | rawLength i32 | compressedLength i32 | compressedLength bytes of LZ4 block |
/// the chunks decompress to the bytes [DataOffset, sealedLength) of the raw segment.
/// </code>
/// The compressed file is written under a temporary name, fsynced, renamed into place, and only then is
/// the raw file deleted; a reader that still maps the raw file keeps reading it (Linux unlink semantics).
/// </remarks>
public static class SegmentCompressor
{
    /// <summary>"QTJLZ4\0\1" little-endian.</summary>
    public const ulong Magic = 0x01_00_34_5A_4C_4A_54_51UL;

    private const int ChunkSize = 1024 * 1024;

    /// <summary>Compresses one sealed raw segment; returns the bytes saved, or -1 when it is not sealed.</summary>
    public static long Compress(string directory, long index) => Compress(directory, index, CancellationToken.None);

    /// <summary>
    /// Compresses one sealed raw segment; returns the bytes saved, or -1 when it is not sealed. Cancellation is
    /// checked before every chunk: a cancelled compression throws <see cref="OperationCanceledException"/>,
    /// deletes its temporary file and leaves the raw segment as it was (the next pass compresses it).
    /// </summary>
    public static long Compress(string directory, long index, CancellationToken cancel) => Compress(directory, index, cancel, null);

    /// <summary>As <see cref="Compress(string, long, CancellationToken)"/>; <paramref name="chunkWritten"/> is told the
    /// number of each chunk written (tests cancel from it).</summary>
    internal static long Compress(string directory, long index, CancellationToken cancel, Action<int>? chunkWritten)
    {
        var rawPath = JournalDirectory.SegmentPath(directory, index);
        var target = JournalDirectory.CompressedPath(directory, index);
        var temp = target + ".tmp";
        long rawSize;
        using (var file = MappedFile.TryOpenRead(rawPath))
        {
            if (file is null)
            {
                return -1;
            }

            var header = RecordCodec.ReadHeader(file.Buffer.ReadOnlySpan(0, JournalFormat.HeaderSize));
            if (!header.IsSealed || header.SealedLength > file.Length)
            {
                return -1;
            }

            rawSize = file.Length;
            var sealedLength = header.SealedLength;
            var dataLength = sealedLength - JournalFormat.DataOffset;
            var chunkCount = (int)((dataLength + ChunkSize - 1) / ChunkSize);
            var buffer = new byte[LZ4Codec.MaximumOutputSize(ChunkSize)];
            cancel.ThrowIfCancellationRequested();
            var output = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            try
            {
                output.Write(file.Buffer.ReadOnlySpan(0, JournalFormat.DataOffset));
                Span<byte> meta = stackalloc byte[24];
                BinaryPrimitives.WriteUInt64LittleEndian(meta, Magic);
                BinaryPrimitives.WriteInt64LittleEndian(meta[8..], sealedLength);
                BinaryPrimitives.WriteInt32LittleEndian(meta[16..], ChunkSize);
                BinaryPrimitives.WriteInt32LittleEndian(meta[20..], chunkCount);
                output.Write(meta);
                var chunk = 0;
                for (long offset = JournalFormat.DataOffset; offset < sealedLength; offset += ChunkSize)
                {
                    cancel.ThrowIfCancellationRequested();
                    var rawLength = (int)Math.Min(ChunkSize, sealedLength - offset);
                    var compressed = LZ4Codec.Encode(file.Buffer.ReadOnlySpan(offset, rawLength), buffer, LZ4Level.L00_FAST);
                    BinaryPrimitives.WriteInt32LittleEndian(meta, rawLength);
                    BinaryPrimitives.WriteInt32LittleEndian(meta[4..], compressed);
                    output.Write(meta[..8]);
                    output.Write(buffer, 0, compressed);
                    chunkWritten?.Invoke(++chunk);
                }

                output.Flush(flushToDisk: true);
                output.Dispose();
            }
            catch
            {
                // Cancelled (shutdown) or failed: no partial output stays behind; the raw segment is untouched
                // and the next pass starts this segment again. A kill here leaves only the .tmp file, which no
                // reader takes for a segment (JournalDirectory) and the next compression overwrites.
                output.Dispose();
                File.Delete(temp);
                throw;
            }
        }

        File.Move(temp, target, overwrite: true);
        File.Delete(rawPath);
        return rawSize - new FileInfo(target).Length;
    }

    /// <summary>Compresses every sealed raw segment of a journal; returns how many were compressed.</summary>
    public static int CompressSealed(string directory) => CompressSealed(directory, CancellationToken.None);

    /// <summary>Compresses every sealed raw segment of a journal until cancelled (checked before every chunk; see
    /// <see cref="Compress(string, long, CancellationToken)"/>); returns how many were compressed.</summary>
    public static int CompressSealed(string directory, CancellationToken cancel)
    {
        var count = 0;
        foreach (var segment in JournalDirectory.List(directory))
        {
            cancel.ThrowIfCancellationRequested();
            if (!segment.Compressed && Compress(directory, segment.Index, cancel) >= 0)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Reads the (uncompressed) header of a compressed segment.</summary>
    public static SegmentHeader ReadHeader(string path)
    {
        Span<byte> header = stackalloc byte[JournalFormat.HeaderSize];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.ReadExactly(header);
        return RecordCodec.ReadHeader(header);
    }

    /// <summary>Decompresses a segment into a pinned buffer holding bytes [0, sealedLength) of the raw segment.</summary>
    public static byte[] Decompress(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        Span<byte> meta = stackalloc byte[24];
        var headerArea = new byte[JournalFormat.DataOffset];
        stream.ReadExactly(headerArea);
        stream.ReadExactly(meta);
        if (BinaryPrimitives.ReadUInt64LittleEndian(meta) != Magic)
        {
            throw new InvalidDataException($"{path}: not an LZ4 journal segment");
        }

        var sealedLength = BinaryPrimitives.ReadInt64LittleEndian(meta[8..]);
        var chunkSize = BinaryPrimitives.ReadInt32LittleEndian(meta[16..]);
        var chunkCount = BinaryPrimitives.ReadInt32LittleEndian(meta[20..]);
        if (sealedLength < JournalFormat.DataOffset || sealedLength > int.MaxValue || chunkSize <= 0 || chunkCount < 0)
        {
            throw new InvalidDataException($"{path}: bad LZ4 segment header");
        }

        var result = GC.AllocateUninitializedArray<byte>((int)sealedLength, pinned: true);
        headerArea.CopyTo(result, 0);
        var input = new byte[LZ4Codec.MaximumOutputSize(chunkSize)];
        var offset = JournalFormat.DataOffset;
        for (var i = 0; i < chunkCount; i++)
        {
            stream.ReadExactly(meta[..8]);
            var rawLength = BinaryPrimitives.ReadInt32LittleEndian(meta);
            var compressed = BinaryPrimitives.ReadInt32LittleEndian(meta[4..]);
            if (rawLength <= 0 || rawLength > chunkSize || compressed <= 0 || compressed > input.Length || offset + rawLength > sealedLength)
            {
                throw new InvalidDataException($"{path}: bad LZ4 chunk {i}");
            }

            stream.ReadExactly(input, 0, compressed);
            var decoded = LZ4Codec.Decode(input, 0, compressed, result, offset, rawLength);
            if (decoded != rawLength)
            {
                throw new InvalidDataException($"{path}: LZ4 chunk {i} decodes to {decoded} bytes, expected {rawLength}");
            }

            offset += rawLength;
        }

        if (offset != sealedLength)
        {
            throw new InvalidDataException($"{path}: LZ4 chunks end at {offset}, sealed length is {sealedLength}");
        }

        return result;
    }
}
