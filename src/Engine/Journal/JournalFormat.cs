namespace QuantumTrader.Engine.Journal;

/// <summary>
/// The on-disk layout of a journal: constants and offsets shared by the writer, the readers and the tools.
/// </summary>
/// <remarks>
/// A journal is a directory of fixed-size segment files named <c>{index:D10}.qtj</c> (a sealed segment
/// compressed with LZ4 becomes <c>{index:D10}.qtj.lz4</c>). All integers are little-endian.
/// <code>
/// Segment file
/// 0                                                                              DataOffset (64 KiB)            SegmentSize
/// +-------------------+--------------------------------------------------------+---------------------------- ... -------+
/// | header (128 B)    | sparse index: IndexCapacity entries of 24 B            | records, 8-byte aligned, back to back  |
/// +-------------------+--------------------------------------------------------+---------------------------- ... -------+
///
/// Segment header (128 bytes)
///  0       8       10      12              16                              24                              32
///  +-------+-------+-------+---------------+-------------------------------+-------------------------------+
///  | magic "QTJRNL\0\1"    |ver u16|rsv u16| dataOffset u32| segmentSize i64               | segmentIndex i64              |
///  +-------------------------------+-------+---------------+-------------------------------+-------------------------------+
///  32              36              40                              48                              56                      64
///  | instanceId u32| strideShift u32| firstSequence i64             | creationTimeNs i64 (epoch)    | schemaFingerprint u64 |
///  +---------------+---------------+-------------------------------+-------------------------------+-----------------------+
///  64              68              72              76              80                              88
///  | headerCrc u32 | state i32     | indexCount i32| reserved      | sealedLength i64              | lastSequence i64      |
///  |  over [0,64)  | 0 prepared, 1 active, 2 sealed (written last)                                                        |
///  +---------------+---------------+---------------+---------------+-------------------------------+-----------------------+
///  96                              104                             112             116                                   128
///  | recordCount i64               | lastTimestampNs i64           | sealCrc u32   | reserved                              |
///  |                               |                               | over [80,112) |                                       |
///  +-------------------------------+-------------------------------+---------------+---------------------------------------+
///
/// Sparse index entry (24 bytes): one per 2^strideShift bytes of record space, for the first record that
/// starts in that block; published by incrementing indexCount after the entry is written.
///  0                               8                               16                              24
///  | sequence i64                  | timestampNs i64               | offset in segment i64         |
///
/// Record (8-byte aligned; length is written last, with release semantics: it is the commit)
///  0               4       6       8                               16                              24
///  +---------------+-------+-------+-------------------------------+-------------------------------+
///  | length i32    |type   |version| sequence i64                  | timestampNs i64 (IClock)      |
///  |               | u16   | u16   |                               |                               |
///  +---------------+-------+-------+-------------------------------+-------------------------------+
///  24                                               24 + n          28 + n            align8(28 + n)
///  | payload (n bytes)                              | crc32c u32    | zero padding    |
///  +------------------------------------------------+---------------+-----------------+
///  length = 28 + n; crc32c covers the length value and bytes [4, 24 + n).
///  length 0: not written yet (the end, for now). length -1: end of segment, continue in the next file.
/// </code>
/// </remarks>
// Design:
//   Fixed-size segment files mapped into memory: the writer encodes a record straight into the page cache (no
//   buffer, no copy, no system call per record) and readers in other processes read the same pages. A record's
//   length field is written last with a release store and is the commit: a reader (or recovery) that sees a
//   non-zero length sees the whole record, and a zero length is "not written yet" because segments are created
//   zero-filled. A per-record CRC-32C over the length and the bytes tells a torn or damaged record from a good
//   one without any other state. 8-byte alignment keeps the header's longs aligned for plain loads. The sparse
//   index lives in the segment's own first 64 KiB, so seeking needs no side file, and is published entry by
//   entry through indexCount (release), like records. The header's state field is written last (release) when
//   a segment is started or sealed, so a reader never trusts a half-written header. Little-endian throughout.

public static class JournalFormat
{
    /// <summary>"QTJRNL\0\1" as a little-endian 64-bit value.</summary>
    public const ulong Magic = 0x01_00_4C_4E_52_4A_54_51UL;

    /// <summary>Format version written in every segment header.</summary>
    public const ushort FormatVersion = 1;

    /// <summary>Size of the segment header.</summary>
    public const int HeaderSize = 128;

    /// <summary>Offset of the first record in a segment: header plus sparse index.</summary>
    public const int DataOffset = 64 * 1024;

    /// <summary>Size of one sparse index entry.</summary>
    public const int IndexEntrySize = 24;

    /// <summary>Maximum number of index entries of one segment.</summary>
    public const int IndexCapacity = (DataOffset - HeaderSize) / IndexEntrySize;

    /// <summary>Record header size (length, type, version, sequence, timestamp).</summary>
    public const int RecordHeaderSize = 24;

    /// <summary>Bytes a record adds to its payload: header plus checksum.</summary>
    public const int RecordOverhead = RecordHeaderSize + 4;

    /// <summary>Records are aligned to this many bytes.</summary>
    public const int Alignment = 8;

    /// <summary>Length value marking the end of a segment.</summary>
    public const int EndOfSegment = -1;

    /// <summary>Largest payload of one record.</summary>
    public const int MaxPayloadSize = 16 * 1024 * 1024;

    /// <summary>Smallest segment size accepted.</summary>
    public const long MinSegmentSize = 1024 * 1024;

    /// <summary>File extension of a segment.</summary>
    public const string SegmentExtension = ".qtj";

    /// <summary>File extension of an LZ4-compressed sealed segment.</summary>
    public const string CompressedExtension = ".qtj.lz4";

    /// <summary>Header field offsets.</summary>
    internal const int OffMagic = 0, OffVersion = 8, OffDataOffset = 12, OffSegmentSize = 16, OffSegmentIndex = 24,
        OffInstanceId = 32, OffStrideShift = 36, OffFirstSequence = 40, OffCreationTime = 48, OffSchema = 56,
        OffHeaderCrc = 64, OffState = 68, OffIndexCount = 72, OffSealedLength = 80, OffLastSequence = 88,
        OffRecordCount = 96, OffLastTimestamp = 104, OffSealCrc = 112;

    /// <summary>Segment state: file exists and is pre-faulted, not yet started.</summary>
    public const int StatePrepared = 0;

    /// <summary>Segment state: the writer appends to it.</summary>
    public const int StateActive = 1;

    /// <summary>Segment state: full and closed; seal fields are valid.</summary>
    public const int StateSealed = 2;

    /// <summary>Aligned size of a record with a payload of <paramref name="payloadLength"/> bytes.</summary>
    public static int AlignedRecordSize(int payloadLength) => (RecordOverhead + payloadLength + (Alignment - 1)) & ~(Alignment - 1);

    /// <summary>Index stride shift for a segment size: about 2,000 entries, at least 4 KiB apart.</summary>
    public static int StrideShift(long segmentSize)
    {
        var shift = 12;
        while (((segmentSize - DataOffset) >> shift) >= IndexCapacity - 1)
        {
            shift++;
        }

        return shift;
    }

    /// <summary>The file name of segment <paramref name="index"/>.</summary>
    public static string SegmentFileName(long index) => index.ToString("D10", System.Globalization.CultureInfo.InvariantCulture) + SegmentExtension;

    /// <summary>The file name of the compressed form of segment <paramref name="index"/>.</summary>
    public static string CompressedFileName(long index) => index.ToString("D10", System.Globalization.CultureInfo.InvariantCulture) + CompressedExtension;
}
