using System.Buffers.Binary;

namespace QuantumTrader.Engine.Journal;

/// <summary>Reads and checks records and headers in raw segment memory (see <see cref="JournalFormat"/>).</summary>
internal static class RecordCodec
{
    /// <summary>Checks the record at <paramref name="position"/>; <paramref name="expectedSequence"/> 0 accepts any.</summary>
    public static RecordCheck Check(MappedBuffer segment, long position, long expectedSequence, out int length)
    {
        length = 0;
        var size = segment.Length;
        if (position + JournalFormat.RecordOverhead > size)
        {
            return position + 4 > size || segment.VolatileReadInt32(position) is 0 or JournalFormat.EndOfSegment
                ? RecordCheck.EndOfSegment
                : RecordCheck.BadLength;
        }

        var len = segment.VolatileReadInt32(position);
        if (len == 0)
        {
            return RecordCheck.Empty;
        }

        if (len == JournalFormat.EndOfSegment)
        {
            return RecordCheck.EndOfSegment;
        }

        if (len < JournalFormat.RecordOverhead || len - JournalFormat.RecordOverhead > JournalFormat.MaxPayloadSize
            || position + len > size)
        {
            return RecordCheck.BadLength;
        }

        var crc = Crc32C.Append(Crc32C.Seed, (uint)len);
        crc = Crc32C.Finish(Crc32C.Append(crc, segment.ReadOnlySpan(position + 4, len - 8)));
        if (crc != segment.Read<uint>(position + len - 4))
        {
            return RecordCheck.BadChecksum;
        }

        length = len;
        if (expectedSequence != 0 && SequenceAt(segment, position) != expectedSequence)
        {
            return RecordCheck.BadSequence;
        }

        return RecordCheck.Ok;
    }

    /// <summary>The record at a position already checked.</summary>
    public static JournalRecord View(MappedBuffer segment, long position, int length, long segmentIndex) =>
        new(segment.Read<ushort>(position + 4), segment.Read<ushort>(position + 6), SequenceAt(segment, position), TimestampAt(segment, position),
            segment.ReadOnlySpan(position + JournalFormat.RecordHeaderSize, length - JournalFormat.RecordOverhead), segmentIndex, position);

    /// <summary>Sequence of a checked record.</summary>
    public static long SequenceAt(MappedBuffer segment, long position) => segment.Read<long>(position + 8);

    /// <summary>Timestamp of a checked record.</summary>
    public static long TimestampAt(MappedBuffer segment, long position) => segment.Read<long>(position + 16);

    /// <summary>Published sparse index entries (acquire: the writer adds them while readers look).</summary>
    public static int IndexCount(MappedBuffer segment) => Math.Min(segment.VolatileReadInt32(JournalFormat.OffIndexCount), JournalFormat.IndexCapacity);

    /// <summary>Offset of sparse index entry <paramref name="i"/> (sequence, timestamp, record offset: three longs).</summary>
    public static long IndexEntryOffset(int i) => JournalFormat.HeaderSize + ((long)i * JournalFormat.IndexEntrySize);

    /// <summary>Sparse index entry <paramref name="i"/>.</summary>
    public static (long Sequence, long TimestampNs, long Offset) IndexEntry(MappedBuffer segment, int i)
    {
        var e = IndexEntryOffset(i);
        return (segment.Read<long>(e), segment.Read<long>(e + 8), segment.Read<long>(e + 16));
    }

    /// <summary>Header CRC over the immutable part.</summary>
    public static uint HeaderCrc(MappedBuffer segment) => Crc32C.Compute(segment.ReadOnlySpan(0, JournalFormat.OffHeaderCrc));

    /// <summary>CRC of the seal fields.</summary>
    public static uint SealCrc(MappedBuffer segment) => Crc32C.Compute(segment.ReadOnlySpan(JournalFormat.OffSealedLength, JournalFormat.OffSealCrc - JournalFormat.OffSealedLength));

    /// <summary>Reads the header of a segment in memory.</summary>
    public static SegmentHeader ReadHeader(ReadOnlySpan<byte> h)
    {
        return new SegmentHeader
        {
            Magic = BinaryPrimitives.ReadUInt64LittleEndian(h[JournalFormat.OffMagic..]),
            FormatVersion = BinaryPrimitives.ReadUInt16LittleEndian(h[JournalFormat.OffVersion..]),
            DataOffset = BinaryPrimitives.ReadInt32LittleEndian(h[JournalFormat.OffDataOffset..]),
            SegmentSize = BinaryPrimitives.ReadInt64LittleEndian(h[JournalFormat.OffSegmentSize..]),
            SegmentIndex = BinaryPrimitives.ReadInt64LittleEndian(h[JournalFormat.OffSegmentIndex..]),
            InstanceId = BinaryPrimitives.ReadUInt32LittleEndian(h[JournalFormat.OffInstanceId..]),
            StrideShift = BinaryPrimitives.ReadInt32LittleEndian(h[JournalFormat.OffStrideShift..]),
            FirstSequence = BinaryPrimitives.ReadInt64LittleEndian(h[JournalFormat.OffFirstSequence..]),
            CreationTimeNs = BinaryPrimitives.ReadInt64LittleEndian(h[JournalFormat.OffCreationTime..]),
            SchemaFingerprint = BinaryPrimitives.ReadUInt64LittleEndian(h[JournalFormat.OffSchema..]),
            HeaderValid = BinaryPrimitives.ReadUInt32LittleEndian(h[JournalFormat.OffHeaderCrc..]) == Crc32C.Compute(h[..JournalFormat.OffHeaderCrc]),
            State = BinaryPrimitives.ReadInt32LittleEndian(h[JournalFormat.OffState..]),
            IndexCount = BinaryPrimitives.ReadInt32LittleEndian(h[JournalFormat.OffIndexCount..]),
            SealedLength = BinaryPrimitives.ReadInt64LittleEndian(h[JournalFormat.OffSealedLength..]),
            LastSequence = BinaryPrimitives.ReadInt64LittleEndian(h[JournalFormat.OffLastSequence..]),
            RecordCount = BinaryPrimitives.ReadInt64LittleEndian(h[JournalFormat.OffRecordCount..]),
            LastTimestampNs = BinaryPrimitives.ReadInt64LittleEndian(h[JournalFormat.OffLastTimestamp..]),
            SealValid = BinaryPrimitives.ReadUInt32LittleEndian(h[JournalFormat.OffSealCrc..])
                == Crc32C.Compute(h[JournalFormat.OffSealedLength..JournalFormat.OffSealCrc]),
        };
    }
}
