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
public sealed unsafe class JournalWriter : IDisposable
{
    // Design: the writer owns every field. _base/_position point into the active segment's mapping;
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
    private byte* _base;
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

    /// <summary>The sequence the next committed record gets.</summary>
    public long NextSequence => _nextSequence;

    /// <summary>The journal's directory.</summary>
    public string Directory => _options.Directory;

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
        return new Span<byte>(_base + _position + JournalFormat.RecordHeaderSize, payloadLength);
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
        var p = _base + _position;
        var length = JournalFormat.RecordOverhead + payloadLength;
        if (payloadLength < reserved)
        {
            // The caller may have written past the committed length; readers must find zeros there.
            new Span<byte>(p + length, JournalFormat.AlignedRecordSize(reserved) - length).Clear();
        }

        var sequence = _nextSequence;
        var now = timestampNs;
        *(ushort*)(p + 4) = type;
        *(ushort*)(p + 6) = version;
        *(long*)(p + 8) = sequence;
        *(long*)(p + 16) = now;
        var crc = Crc32C.Append(Crc32C.Seed, (uint)length);
        crc = Crc32C.Finish(Crc32C.Append(crc, new ReadOnlySpan<byte>(p + 4, length - 8)));
        Unsafe.WriteUnaligned(p + length - 4, crc);
        Volatile.Write(ref *(int*)p, length);

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

        var entry = (long*)(_base + JournalFormat.HeaderSize + ((long)_indexCount * JournalFormat.IndexEntrySize));
        entry[0] = sequence;
        entry[1] = timestamp;
        entry[2] = _position;
        Volatile.Write(ref *(int*)(_base + JournalFormat.OffIndexCount), ++_indexCount);
        _nextIndexBoundary = JournalFormat.DataOffset + ((((_position - JournalFormat.DataOffset) >> _strideShift) + 1) << _strideShift);
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
            Volatile.Write(ref *(int*)(_base + _position), JournalFormat.EndOfSegment);
            _position += 4;
        }

        Seal(_base, _position, _segmentFirstSequence, _nextSequence - 1, _lastTimestamp);
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
        var h = file.Pointer;
        new Span<byte>(h, JournalFormat.HeaderSize).Clear();
        *(ulong*)(h + JournalFormat.OffMagic) = JournalFormat.Magic;
        *(ushort*)(h + JournalFormat.OffVersion) = JournalFormat.FormatVersion;
        *(int*)(h + JournalFormat.OffDataOffset) = JournalFormat.DataOffset;
        *(long*)(h + JournalFormat.OffSegmentSize) = _size;
        *(long*)(h + JournalFormat.OffSegmentIndex) = index;
        *(uint*)(h + JournalFormat.OffInstanceId) = _options.InstanceId;
        *(int*)(h + JournalFormat.OffStrideShift) = _strideShift;
        *(long*)(h + JournalFormat.OffFirstSequence) = firstSequence;
        *(long*)(h + JournalFormat.OffCreationTime) = _headerClock.NowNanos;
        *(ulong*)(h + JournalFormat.OffSchema) = _options.SchemaFingerprint;
        *(uint*)(h + JournalFormat.OffHeaderCrc) = RecordCodec.HeaderCrc(h);
        Volatile.Write(ref *(int*)(h + JournalFormat.OffState), JournalFormat.StateActive);
        _segment = file;
        _base = h;
        _segmentIndex = index;
        _segmentFirstSequence = firstSequence;
        _position = JournalFormat.DataOffset;
        _flushedPosition = 0;
        _indexCount = 0;
        _nextIndexBoundary = JournalFormat.DataOffset;
    }

    private static void Seal(byte* h, long sealedLength, long firstSequence, long lastSequence, long lastTimestamp)
    {
        *(long*)(h + JournalFormat.OffSealedLength) = sealedLength;
        *(long*)(h + JournalFormat.OffLastSequence) = lastSequence;
        *(long*)(h + JournalFormat.OffRecordCount) = lastSequence >= firstSequence ? lastSequence - firstSequence + 1 : 0;
        *(long*)(h + JournalFormat.OffLastTimestamp) = lastTimestamp;
        *(uint*)(h + JournalFormat.OffSealCrc) = RecordCodec.SealCrc(h);
        Volatile.Write(ref *(int*)(h + JournalFormat.OffState), JournalFormat.StateSealed);
    }

    // Recovery: find the last started segment, walk its checksums to the last committed record, clear the
    // torn tail, and continue there (or in a fresh segment when it was full or sealed).
    private MappedFile Recover()
    {
        var segments = JournalDirectory.List(_options.Directory);
        for (var i = segments.Count - 1; i >= 0; i--)
        {
            var segment = segments[i];
            if (segment.Compressed)
            {
                var compressedHeader = SegmentCompressor.ReadHeader(segment.Path);
                return StartAfter(segment.Index, compressedHeader.LastSequence + 1, segments, i);
            }

            if (new FileInfo(segment.Path).Length < JournalFormat.DataOffset)
            {
                continue; // killed while the file was being created: never started, removed below
            }

            MappedFile file;
            SegmentHeader header;
            try
            {
                file = MappedFile.OpenWrite(segment.Path);
            }
            catch (IOException)
            {
                continue;
            }

            if (file.Length < JournalFormat.DataOffset)
            {
                file.Dispose();
                continue;
            }

            header = RecordCodec.ReadHeader(new ReadOnlySpan<byte>(file.Pointer, JournalFormat.HeaderSize));
            if (!header.IsStarted)
            {
                file.Dispose();
                continue;
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

            var scan = SegmentScan.Walk(file.Pointer, file.Length, header.FirstSequence);
            var next = scan.RecordCount > 0 ? scan.LastSequence + 1 : header.FirstSequence;
            if (scan.Stop == RecordCheck.EndOfSegment)
            {
                Seal(file.Pointer, scan.EndOffset + (scan.EndOffset + 4 <= file.Length ? 4 : 0), header.FirstSequence, next - 1, scan.LastTimestampNs);
                file.Dispose();
                return StartAfter(segment.Index, next, segments, i);
            }

            RecoveredTornBytes = ClearTail(file, scan.EndOffset);
            RecoveredFromCrash = RecoveredTornBytes > 0;
            DeleteAfter(segments, i + 2); // keeps the prepared next segment: a live reader may be waiting on it
            _segment = file;
            _base = file.Pointer;
            _segmentIndex = segment.Index;
            _segmentFirstSequence = header.FirstSequence;
            _position = scan.EndOffset;
            _nextSequence = next;
            _lastTimestamp = scan.LastTimestampNs;
            _indexCount = Math.Min(header.IndexCount, JournalFormat.IndexCapacity);
            while (_indexCount > 0 && ((long*)(_base + JournalFormat.HeaderSize + ((long)(_indexCount - 1) * JournalFormat.IndexEntrySize)))[2] >= _position)
            {
                _indexCount--;
            }

            *(int*)(_base + JournalFormat.OffIndexCount) = _indexCount;
            _nextIndexBoundary = _indexCount == 0
                ? JournalFormat.DataOffset
                : JournalFormat.DataOffset + ((((((long*)(_base + JournalFormat.HeaderSize + ((long)(_indexCount - 1) * JournalFormat.IndexEntrySize)))[2] - JournalFormat.DataOffset) >> _strideShift) + 1) << _strideShift);
            return file;
        }

        return StartAfter(-1, 1, segments, -1);
    }

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
        var tail = new Span<byte>(file.Pointer + from, (int)Math.Min(file.Length - from, int.MaxValue));
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
