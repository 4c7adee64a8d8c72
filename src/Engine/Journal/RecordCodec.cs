using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace QuantumTrader.Engine.Journal;

/// <summary>Reads and checks records and headers in raw segment memory (see <see cref="JournalFormat"/>).</summary>
internal static unsafe class RecordCodec
{
    /// <summary>Checks the record at <paramref name="position"/>; <paramref name="expectedSequence"/> 0 accepts any.</summary>
    public static RecordCheck Check(byte* segment, long size, long position, long expectedSequence, out int length)
    {
        length = 0;
        if (position + JournalFormat.RecordOverhead > size)
        {
            return position + 4 > size || Volatile.Read(ref *(int*)(segment + position)) is 0 or JournalFormat.EndOfSegment
                ? RecordCheck.EndOfSegment
                : RecordCheck.BadLength;
        }

        var len = Volatile.Read(ref *(int*)(segment + position));
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

        var p = segment + position;
        var crc = Crc32C.Append(Crc32C.Seed, (uint)len);
        crc = Crc32C.Finish(Crc32C.Append(crc, new ReadOnlySpan<byte>(p + 4, len - 8)));
        if (crc != Unsafe.ReadUnaligned<uint>(p + len - 4))
        {
            return RecordCheck.BadChecksum;
        }

        length = len;
        if (expectedSequence != 0 && *(long*)(p + 8) != expectedSequence)
        {
            return RecordCheck.BadSequence;
        }

        return RecordCheck.Ok;
    }

    /// <summary>The record at a position already checked.</summary>
    public static JournalRecord View(byte* segment, long position, int length, long segmentIndex)
    {
        var p = segment + position;
        return new JournalRecord(*(ushort*)(p + 4), *(ushort*)(p + 6), *(long*)(p + 8), *(long*)(p + 16),
            new ReadOnlySpan<byte>(p + JournalFormat.RecordHeaderSize, length - JournalFormat.RecordOverhead), segmentIndex, position);
    }

    /// <summary>Sequence of a checked record.</summary>
    public static long SequenceAt(byte* segment, long position) => *(long*)(segment + position + 8);

    /// <summary>Timestamp of a checked record.</summary>
    public static long TimestampAt(byte* segment, long position) => *(long*)(segment + position + 16);

    /// <summary>Header CRC over the immutable part.</summary>
    public static uint HeaderCrc(byte* segment) => Crc32C.Compute(new ReadOnlySpan<byte>(segment, JournalFormat.OffHeaderCrc));

    /// <summary>CRC of the seal fields.</summary>
    public static uint SealCrc(byte* segment) => Crc32C.Compute(new ReadOnlySpan<byte>(segment + JournalFormat.OffSealedLength, JournalFormat.OffSealCrc - JournalFormat.OffSealedLength));

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
