using System.Buffers.Binary;

namespace QuantumTrader.Engine.Journal;

/// <summary>A segment's header and first index entry, read from the file without mapping its records.</summary>
public sealed class SegmentSummary
{
    private SegmentSummary(SegmentFile file, SegmentHeader header, long firstTimestampNs, long sizeOnDisk)
    {
        File = file;
        Header = header;
        FirstTimestampNs = firstTimestampNs;
        SizeOnDisk = sizeOnDisk;
    }

    /// <summary>The file.</summary>
    public SegmentFile File { get; }

    /// <summary>The header.</summary>
    public SegmentHeader Header { get; }

    /// <summary>Sequence of the first record.</summary>
    public long FirstSequence => Header.FirstSequence;

    /// <summary>Timestamp of the first record (from the sparse index; long.MaxValue when it has none yet).</summary>
    public long FirstTimestampNs { get; }

    /// <summary>Bytes the file occupies on disk (its length).</summary>
    public long SizeOnDisk { get; }

    /// <summary>Reads the summary of a segment; null when the file vanished or is too short.</summary>
    public static SegmentSummary? Read(SegmentFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        Span<byte> area = stackalloc byte[JournalFormat.HeaderSize + JournalFormat.IndexEntrySize];
        try
        {
            using var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length < area.Length)
            {
                return null;
            }

            stream.ReadExactly(area);
            var header = RecordCodec.ReadHeader(area);
            var firstTs = header.IndexCount > 0 ? BinaryPrimitives.ReadInt64LittleEndian(area[(JournalFormat.HeaderSize + 8)..]) : long.MaxValue;
            return new SegmentSummary(file, header, firstTs, stream.Length);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }
}
