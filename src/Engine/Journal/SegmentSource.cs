using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace QuantumTrader.Engine.Journal;

/// <summary>A segment as a reader sees it: a read-only mapping of the raw file, or the decompressed bytes of an LZ4 one.</summary>
internal sealed unsafe class SegmentSource : IDisposable
{
    private readonly MappedFile? _file;
    private readonly byte[]? _buffer;

    private SegmentSource(long index, string path, MappedFile? file, byte[]? buffer)
    {
        Index = index;
        Path = path;
        _file = file;
        _buffer = buffer;
        if (file is not null)
        {
            Buffer = file.Buffer;
        }
        else
        {
            // The buffer is allocated on the pinned object heap: its address never changes.
            Buffer = new MappedBuffer((byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer!)), buffer!.Length);
        }
    }

    public long Index { get; }

    public string Path { get; }

    public MappedBuffer Buffer { get; }

    public long Size => Buffer.Length;

    public bool Compressed => _buffer is not null;

    /// <summary>Maps in [offset, offset + length) of a file-backed source ahead of reading it.</summary>
    public void Populate(long offset, long length)
    {
        if (_file is not null && offset < Size)
        {
            var populate = Math.Min(length, Size - offset);
            Native.PopulateRead(Buffer.Address(offset, populate), populate);
        }
    }

    /// <summary>Current state field (volatile read: the writer changes it).</summary>
    public int State => Buffer.VolatileReadInt32(JournalFormat.OffState);

    public SegmentHeader Header => RecordCodec.ReadHeader(Buffer.ReadOnlySpan(0, JournalFormat.HeaderSize));

    public bool IsStarted => Buffer.VolatileReadInt32(JournalFormat.OffState) >= JournalFormat.StateActive
        && Buffer.Read<ulong>(JournalFormat.OffMagic) == JournalFormat.Magic;

    public int IndexCount => RecordCodec.IndexCount(Buffer);

    public (long Sequence, long TimestampNs, long Offset) IndexEntry(int i) => RecordCodec.IndexEntry(Buffer, i);

    /// <summary>Opens segment <paramref name="index"/> in whichever form exists; null when neither does.</summary>
    public static SegmentSource? Open(string directory, long index)
    {
        var raw = JournalDirectory.SegmentPath(directory, index);
        var file = MappedFile.TryOpenRead(raw);
        if (file is not null)
        {
            return new SegmentSource(index, raw, file, null);
        }

        var compressed = JournalDirectory.CompressedPath(directory, index);
        if (!File.Exists(compressed))
        {
            return null;
        }

        try
        {
            return new SegmentSource(index, compressed, null, SegmentCompressor.Decompress(compressed));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    public void Dispose() => _file?.Dispose();
}
