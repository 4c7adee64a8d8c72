using System.Runtime.CompilerServices;
using QuantumTrader.Engine.Time;

namespace QuantumTrader.Engine.Journal;

/// <summary>
/// The single writer of a journal: appends records to memory-mapped segments (layout in
/// <see cref="JournalFormat"/>), recovers a torn tail on open, rolls segments without file work on the hot path.
/// </summary>
/// <remarks>
/// Threading: every member is called from one thread (the journal stage's). Readers in this or other
/// processes see a record only once its length field is written, which happens last, with release
/// semantics; on x64 that is a plain store the compiler may not move before the payload stores.
/// Per record the writer performs no allocation, no lock and no system call (page-cache durability).
/// </remarks>
public sealed class JournalWriter : IDisposable
{
    // Design: the writer owns every field. _buffer/_position point into the active segment's mapping;
    // a record is reserved by BeginRecord (payload span handed to the caller, who encodes straight into the
    // mapping) and published by Commit (header, checksum, then the length as the commit marker). When a
    // record does not fit, Roll (a separate, non-inlined slow path) writes the end marker, seals the header,
    // swaps in the segment the SegmentPreparer pre-faulted and asks for the next one.
    private readonly JournalOptions _options;
    private readonly IClock _clock;
    private readonly IClock _headerClock;
    private readonly SegmentPreparer? _preparer;
    private readonly FileStream _lock;
    private readonly long _size;
    private readonly int _strideShift;
    private MappedFile _segment;
    private MappedBuffer _buffer;
    private long _position;
    private long _segmentIndex;
    private long _segmentFirstSequence;
    private long _nextSequence;
    private long _lastTimestamp;
    private long _nextIndexBoundary;
    private int _indexCount;
    private int _reservedPayload = -1;
    private long _flushedPosition;
    private long _recordsSinceFlush;
    private long _lastFlushNs;
    private bool _disposed;

    private JournalWriter(JournalOptions options, IClock clock, IClock headerClock)
    {
        options.Validate();
        _options = options;
        _clock = clock;
        _headerClock = headerClock;
        _size = options.SegmentSize;
        _strideShift = JournalFormat.StrideShift(_size);
        System.IO.Directory.CreateDirectory(options.Directory);
        _lock = AcquireWriterLock(options.Directory);
        try
        {
            _segment = Recover();
        }
        catch
        {
            _lock.Dispose();
            throw;
        }

        _lastFlushNs = clock.NowNanos;
        if (options.PrepareAhead)
        {
            _preparer = new SegmentPreparer(options.Directory, _size);
            _preparer.Request(_segmentIndex + 1);
        }
    }

    /// <summary>Opens (or creates) the journal for appending; recovers after a crash first.</summary>
    /// <param name="options">Settings.</param>
    /// <param name="clock">Source of record timestamps.</param>
    /// <param name="headerClock">Source of segment creation times (epoch ns); defaults to <see cref="EpochClock"/>.</param>
    public static JournalWriter Open(JournalOptions options, IClock clock, IClock? headerClock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        return new JournalWriter(options, clock, headerClock ?? EpochClock.Instance);
    }

    /// <summary>The journal directory.</summary>
    public string Directory => _options.Directory;

    /// <summary>The sequence the next committed record gets.</summary>
    public long NextSequence => _nextSequence;

    /// <summary>Sequence of the last committed record (0 when the journal is empty).</summary>
    public long LastSequence => _nextSequence - 1;

    /// <summary>Index of the segment being written.</summary>
    public long SegmentIndex => _segmentIndex;

    /// <summary>Records committed by this writer since it was opened.</summary>
    public long RecordsWritten { get; private set; }

    /// <summary>Segment rolls since open.</summary>
    public long Rolls { get; private set; }

    /// <summary>Rolls that had to create the next segment synchronously (the preparer was not asked or failed).</summary>
    public long SynchronousRolls { get; private set; }

    /// <summary>Rolls that waited for a preparation still in progress.</summary>
    public long PreparerStalls => _preparer?.Stalls ?? 0;

    /// <summary>msync calls made by the flush durability policy.</summary>
    public long Flushes { get; private set; }

    /// <summary>Bytes of a torn, uncommitted tail cleared when the journal was opened.</summary>
    public long RecoveredTornBytes { get; private set; }

    /// <summary>True when opening found and cleared a torn, uncommitted record left by a crash or a kill.</summary>
    public bool RecoveredFromCrash { get; private set; }

    /// <summary>
    /// Reserves a record with a payload of <paramref name="payloadLength"/> bytes and returns the payload
    /// area to encode into. Nothing is visible to readers until <see cref="Commit(ushort, ushort)"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> BeginRecord(int payloadLength)
    {
        if ((uint)payloadLength > JournalFormat.MaxPayloadSize)
        {
            ThrowPayloadTooLarge(payloadLength);
        }

        if (_position + JournalFormat.AlignedRecordSize(payloadLength) > _size)
        {
            Roll();
        }

        _reservedPayload = payloadLength;
        return _buffer.Span(_position + JournalFormat.RecordHeaderSize, payloadLength);
    }

    /// <summary>Publishes the record reserved by <see cref="BeginRecord"/> with its whole payload.</summary>
    /// <returns>The record's sequence.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Commit(ushort type, ushort version) => Commit(type, version, _reservedPayload);

    /// <summary>Publishes the reserved record with the first <paramref name="payloadLength"/> bytes of its payload.</summary>
    /// <returns>The record's sequence.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Commit(ushort type, ushort version, int payloadLength) => Commit(type, version, payloadLength, _clock.NowNanos);

    /// <summary>The writer's clock, for callers that stamp several records with one reading (<see cref="Commit(ushort, ushort, int, long)"/>).</summary>
    public long NowNanos => _clock.NowNanos;

    /// <summary>Publishes the reserved record with an explicit timestamp, which must come from <see cref="NowNanos"/>
    /// (records of one engine event share one reading of the clock).</summary>
    /// <returns>The record's sequence.</returns>
    public long Commit(ushort type, ushort version, int payloadLength, long timestampNs)
    {
        var reserved = _reservedPayload;
        if (reserved < 0 || (uint)payloadLength > (uint)reserved)
        {
            ThrowBadCommit(payloadLength, reserved);
        }

        _reservedPayload = -1;
        var p = _position;
        var segment = _buffer;
        var length = JournalFormat.RecordOverhead + payloadLength;
        if (payloadLength < reserved)
        {
            // The caller may have written past the committed length; readers must find zeros there.
            segment.Span(p + length, JournalFormat.AlignedRecordSize(reserved) - length).Clear();
        }

        var sequence = _nextSequence;
        var now = timestampNs;
        segment.Write(p + 4, type);
        segment.Write(p + 6, version);
        segment.Write(p + 8, sequence);
        segment.Write(p + 16, now);
        var crc = Crc32C.Append(Crc32C.Seed, (uint)length);
        crc = Crc32C.Finish(Crc32C.Append(crc, segment.ReadOnlySpan(p + 4, length - 8)));
        segment.Write(p + length - 4, crc);
        segment.VolatileWriteInt32(p, length); // the commit marker, last, with release semantics

        if (_position >= _nextIndexBoundary)
        {
            AddIndexEntry(sequence, now);
        }

        _position += (length + JournalFormat.Alignment - 1) & ~(JournalFormat.Alignment - 1);
        _nextSequence = sequence + 1;
        _lastTimestamp = now;
        RecordsWritten++;
        if (_options.Durability == JournalDurability.Flush)
        {
            MaybeFlush(now);
        }

        return sequence;
    }

    /// <summary>Copies <paramref name="payload"/> into a new record and publishes it.</summary>
    /// <returns>The record's sequence.</returns>
    public long Append(ushort type, ushort version, ReadOnlySpan<byte> payload)
    {
        payload.CopyTo(BeginRecord(payload.Length));
        return Commit(type, version);
    }

    /// <summary>Writes every page written so far to disk (msync), whatever the policy.</summary>
    public void Flush()
    {
        _segment.Flush(0, _position);
        _flushedPosition = _position;
        _recordsSinceFlush = 0;
        _lastFlushNs = _clock.NowNanos;
        Flushes++;
    }

    private void AddIndexEntry(long sequence, long timestamp)
    {
        if (_indexCount >= JournalFormat.IndexCapacity)
        {
            return;
        }

        var entry = RecordCodec.IndexEntryOffset(_indexCount);
        _buffer.Write(entry, sequence);
        _buffer.Write(entry + 8, timestamp);
        _buffer.Write(entry + 16, _position);
        _buffer.VolatileWriteInt32(JournalFormat.OffIndexCount, ++_indexCount);
        _nextIndexBoundary = NextIndexBoundary(_position);
    }

    private void MaybeFlush(long now)
    {
        _recordsSinceFlush++;
        if ((_options.FlushEveryRecords > 0 && _recordsSinceFlush >= _options.FlushEveryRecords)
            || (_options.FlushEveryMicros > 0 && now - _lastFlushNs >= _options.FlushEveryMicros * 1000))
        {
            FlushSlow(now);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void FlushSlow(long now)
    {
        _segment.Flush(_flushedPosition, _position - _flushedPosition);
        _flushedPosition = _position;
        _recordsSinceFlush = 0;
        _lastFlushNs = now;
        Flushes++;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Roll()
    {
        if (_position + 4 <= _size)
        {
            _buffer.VolatileWriteInt32(_position, JournalFormat.EndOfSegment);
            _position += 4;
        }

        Seal(_buffer, _position, _segmentFirstSequence, _nextSequence - 1, _lastTimestamp);
        if (_options.Durability == JournalDurability.Flush)
        {
            _segment.Flush(0, _position);
            Flushes++;
        }

        var next = _preparer?.Take(_segmentIndex + 1);
        if (next is null)
        {
            SynchronousRolls++;
            next = SegmentPreparer.Prepare(_options.Directory, _segmentIndex + 1, _size);
        }

        var old = _segment;
        Activate(next, _segmentIndex + 1, _nextSequence);
        if (_preparer is null)
        {
            old.Dispose();
        }
        else
        {
            _preparer.Retire(old);
            _preparer.Request(_segmentIndex + 1);
        }

        Rolls++;
    }

    private void Activate(MappedFile file, long index, long firstSequence)
    {
        var h = file.Buffer;
        h.Span(0, JournalFormat.HeaderSize).Clear();
        h.Write(JournalFormat.OffMagic, JournalFormat.Magic);
        h.Write(JournalFormat.OffVersion, JournalFormat.FormatVersion);
        h.Write(JournalFormat.OffDataOffset, JournalFormat.DataOffset);
        h.Write(JournalFormat.OffSegmentSize, _size);
        h.Write(JournalFormat.OffSegmentIndex, index);
        h.Write(JournalFormat.OffInstanceId, _options.InstanceId);
        h.Write(JournalFormat.OffStrideShift, _strideShift);
        h.Write(JournalFormat.OffFirstSequence, firstSequence);
        h.Write(JournalFormat.OffCreationTime, _headerClock.NowNanos);
        h.Write(JournalFormat.OffSchema, _options.SchemaFingerprint);
        h.Write(JournalFormat.OffHeaderCrc, RecordCodec.HeaderCrc(h));
        h.VolatileWriteInt32(JournalFormat.OffState, JournalFormat.StateActive);
        _segment = file;
        _buffer = h;
        _segmentIndex = index;
        _segmentFirstSequence = firstSequence;
        _position = JournalFormat.DataOffset;
        _flushedPosition = 0;
        _indexCount = 0;
        _nextIndexBoundary = JournalFormat.DataOffset;
    }

    private static void Seal(MappedBuffer h, long sealedLength, long firstSequence, long lastSequence, long lastTimestamp)
    {
        h.Write(JournalFormat.OffSealedLength, sealedLength);
        h.Write(JournalFormat.OffLastSequence, lastSequence);
        h.Write(JournalFormat.OffRecordCount, lastSequence >= firstSequence ? lastSequence - firstSequence + 1 : 0);
        h.Write(JournalFormat.OffLastTimestamp, lastTimestamp);
        h.Write(JournalFormat.OffSealCrc, RecordCodec.SealCrc(h));
        h.VolatileWriteInt32(JournalFormat.OffState, JournalFormat.StateSealed);
    }

    private long NextIndexBoundary(long offset) =>
        JournalFormat.DataOffset + ((((offset - JournalFormat.DataOffset) >> _strideShift) + 1) << _strideShift);

    // Recovery: find the last started segment, walk its checksums to the last committed record, clear the
    // torn tail, and continue there (or in a fresh segment when it was full or sealed). Only a tail that was
    // never committed may be cleared: damage before the last committed record (see SegmentScan.FindCommittedAfter),
    // a damaged header over committed records or a truncated file is refused with JournalCorruptException
    // before anything on disk is changed.
    private MappedFile Recover()
    {
        var segments = JournalDirectory.List(_options.Directory);
        for (var i = segments.Count - 1; i >= 0; i--)
        {
            var segment = segments[i];
            if (segment.Compressed)
            {
                var compressedHeader = ReadCompressedHeader(segment);
                return StartAfter(segment.Index, compressedHeader.LastSequence + 1, segments, i);
            }

            if (SegmentScan.TruncatedBelowHeader(segment.Path) is { } length)
            {
                throw Corrupt(segment, length, RecordCheck.BadLength, 0,
                    $"the segment file is truncated to {length} bytes, shorter than its header and sparse index ({JournalFormat.DataOffset} bytes)");
            }

            if (new FileInfo(segment.Path).Length < JournalFormat.DataOffset)
            {
                continue; // killed while the file was being created: never started, removed below
            }

            MappedFile file;
            try
            {
                file = MappedFile.OpenWrite(segment.Path);
            }
            catch (IOException)
            {
                continue;
            }

            try
            {
                if (RecoverSegment(file, segment, segments, i) is { } active)
                {
                    return active;
                }
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }

        return StartAfter(-1, 1, segments, -1);
    }

    // One started segment: null when it was never started (the caller looks at the one before), the active
    // mapping to append to, or (sealed or full) the next segment, started.
    private MappedFile? RecoverSegment(MappedFile file, SegmentFile segment, List<SegmentFile> segments, int i)
    {
        var header = RecordCodec.ReadHeader(file.Buffer.ReadOnlySpan(0, JournalFormat.HeaderSize));
        if (!header.IsStarted)
        {
            if (SegmentScan.HasRecordBytes(file.Buffer))
            {
                throw Corrupt(segment, 0, RecordCheck.BadChecksum, 0,
                    "the segment header fails its magic, checksum or state check but the segment holds records");
            }

            file.Dispose();
            return null;
        }

        if (file.Length != header.SegmentSize)
        {
            throw Corrupt(segment, file.Length, RecordCheck.BadLength, 0,
                $"the segment file is {file.Length} bytes but its header says {header.SegmentSize}: the file was truncated or extended");
        }

        if (header.IsSealed)
        {
            file.Dispose();
            return StartAfter(segment.Index, header.LastSequence + 1, segments, i);
        }

        if (file.Length != _size)
        {
            throw new InvalidDataException($"journal segment {segment.Path} is {file.Length} bytes but segment_size is {_size}; open with the size it was written with");
        }

        var scan = SegmentScan.Walk(file.Buffer, header.FirstSequence);
        var next = scan.RecordCount > 0 ? scan.LastSequence + 1 : header.FirstSequence;
        if (scan.Stop == RecordCheck.BadSequence)
        {
            throw Corrupt(segment, scan.EndOffset, RecordCheck.BadSequence, next,
                $"a complete record carries sequence {RecordCodec.SequenceAt(file.Buffer, scan.EndOffset)} where {next} belongs");
        }

        var committed = SegmentScan.FindCommittedAfter(file.Buffer, scan.EndOffset, next, out var committedSequence);
        if (committed >= 0)
        {
            var what = scan.Stop == RecordCheck.Empty ? "no record where one belongs (a zeroed length)" : scan.Stop == RecordCheck.EndOfSegment ? "an end-of-segment marker" : "a record that fails its " + (scan.Stop == RecordCheck.BadLength ? "length" : "checksum") + " check";
            var after = committedSequence > 0 ? $"record {committedSequence} at byte offset {committed}" : $"a record at byte offset {committed} (named by the sparse index)";
            throw Corrupt(segment, scan.EndOffset, scan.Stop == RecordCheck.Empty ? RecordCheck.BadLength : scan.Stop, next,
                $"{what}, but committed {after} follows: committed records are damaged, not a torn tail");
        }

        if (scan.Stop == RecordCheck.EndOfSegment)
        {
            Seal(file.Buffer, scan.EndOffset + (scan.EndOffset + 4 <= file.Length ? 4 : 0), header.FirstSequence, next - 1, scan.LastTimestampNs);
            file.Dispose();
            return StartAfter(segment.Index, next, segments, i);
        }

        RecoveredTornBytes = ClearTail(file, scan.EndOffset);
        RecoveredFromCrash = RecoveredTornBytes > 0;
        DeleteAfter(segments, i + 2); // keeps the prepared next segment: a live reader may be waiting on it
        _segment = file;
        _buffer = file.Buffer;
        _segmentIndex = segment.Index;
        _segmentFirstSequence = header.FirstSequence;
        _position = scan.EndOffset;
        _nextSequence = next;
        _lastTimestamp = scan.LastTimestampNs;
        _indexCount = Math.Min(header.IndexCount, JournalFormat.IndexCapacity);
        while (_indexCount > 0 && RecordCodec.IndexEntry(_buffer, _indexCount - 1).Offset >= _position)
        {
            _indexCount--;
        }

        _buffer.Write(JournalFormat.OffIndexCount, _indexCount);
        _nextIndexBoundary = _indexCount == 0
            ? JournalFormat.DataOffset
            : NextIndexBoundary(RecordCodec.IndexEntry(_buffer, _indexCount - 1).Offset);
        return file;
    }

    private SegmentHeader ReadCompressedHeader(SegmentFile segment)
    {
        SegmentHeader header;
        try
        {
            header = SegmentCompressor.ReadHeader(segment.Path);
        }
        catch (EndOfStreamException)
        {
            throw Corrupt(segment, 0, RecordCheck.BadLength, 0, "the compressed segment file is shorter than its header");
        }

        return header.IsSealed ? header : throw Corrupt(segment, 0, RecordCheck.BadChecksum, 0, "the compressed segment's header or seal fails its checksum");
    }

    private JournalCorruptException Corrupt(SegmentFile segment, long offset, RecordCheck reason, long sequence, string detail) =>
        new(_options.Directory, new JournalCorruption(segment.Path, segment.Index, offset, reason, detail), sequence);

    private MappedFile StartAfter(long index, long nextSequence, List<SegmentFile> segments, int position)
    {
        DeleteAfter(segments, position + 2);
        var file = SegmentPreparer.Prepare(_options.Directory, index + 1, _size);
        _nextSequence = nextSequence;
        Activate(file, index + 1, nextSequence);
        return file;
    }

    private static void DeleteAfter(List<SegmentFile> segments, int from)
    {
        for (var j = Math.Max(from, 0); j < segments.Count; j++)
        {
            File.Delete(segments[j].Path);
        }
    }

    private static long ClearTail(MappedFile file, long from)
    {
        var tail = file.Buffer.Tail(from);
        var last = tail.LastIndexOfAnyExcept((byte)0);
        if (last < 0)
        {
            return 0;
        }

        tail[..(last + 1)].Clear();
        return last + 1;
    }

    // One writer per journal: an exclusive advisory lock (flock) on writer.lock, released by the kernel when
    // the process dies, so a crashed writer never blocks its successor.
    private static FileStream AcquireWriterLock(string directory)
    {
        var path = Path.Combine(directory, "writer.lock");
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException($"journal {directory} is already open by another writer ({path} is locked)", e);
        }
    }

    private static void ThrowPayloadTooLarge(int length) =>
        throw new ArgumentOutOfRangeException(nameof(length), length, $"a record payload must be 0..{JournalFormat.MaxPayloadSize} bytes");

    private static void ThrowBadCommit(int length, int reserved) =>
        throw new InvalidOperationException(reserved < 0
            ? "Commit without BeginRecord"
            : $"commit of {length} payload bytes exceeds the {reserved} reserved");

    /// <summary>Unmaps the active segment (it stays active: the next writer continues in it).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _preparer?.Dispose();
        if (_options.Durability == JournalDurability.Flush)
        {
            Flush();
        }

        _segment.Dispose();
        _lock.Dispose();
    }
}
