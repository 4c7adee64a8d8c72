namespace QuantumTrader.Engine.Journal;

/// <summary>The result of walking the records of one segment and checking each checksum and sequence.</summary>
/// <param name="EndOffset">Offset where the walk stopped: just past the last good record.</param>
/// <param name="FirstSequence">Sequence of the first good record (0 when none).</param>
/// <param name="LastSequence">Sequence of the last good record (0 when none).</param>
/// <param name="RecordCount">Good records.</param>
/// <param name="FirstTimestampNs">Timestamp of the first good record.</param>
/// <param name="LastTimestampNs">Timestamp of the last good record.</param>
/// <param name="Stop">Why the walk stopped: Empty (clean end of a live segment), EndOfSegment, or a defect.</param>
public readonly record struct SegmentScan(long EndOffset, long FirstSequence, long LastSequence, long RecordCount,
    long FirstTimestampNs, long LastTimestampNs, RecordCheck Stop)
{
    /// <summary>Walks the records of a segment in memory.</summary>
    /// <param name="segment">The segment's bytes.</param>
    /// <param name="expectedFirstSequence">Sequence the first record must carry (0: any).</param>
    /// <param name="startOffset">Offset to start at (the data offset, or a sparse index entry).</param>
    /// <param name="startSequence">Sequence expected at <paramref name="startOffset"/> (0: any).</param>
    internal static SegmentScan Walk(MappedBuffer segment, long expectedFirstSequence, long startOffset = JournalFormat.DataOffset, long startSequence = 0)
    {
        var position = startOffset;
        var expected = startSequence != 0 ? startSequence : expectedFirstSequence;
        long first = 0, last = 0, count = 0, firstTs = 0, lastTs = 0;
        RecordCheck check;
        while ((check = RecordCodec.Check(segment, position, expected, out var length)) == RecordCheck.Ok)
        {
            last = RecordCodec.SequenceAt(segment, position);
            lastTs = RecordCodec.TimestampAt(segment, position);
            if (count == 0)
            {
                first = last;
                firstTs = lastTs;
            }

            count++;
            expected = last + 1;
            position += (length + JournalFormat.Alignment - 1) & ~(JournalFormat.Alignment - 1);
        }

        return new SegmentScan(position, first, last, count, firstTs, lastTs, check);
    }
    // Design: telling a torn tail from damage. A writer killed mid-record leaves at most one record that was
    // never committed, at the end: its length (the commit marker, written last) is still zero, or, after a
    // machine crash, the bytes of one record never reached the disk whole. Damage to committed records shows
    // as a record that fails its check with committed records after it: a sparse index entry (written only
    // after its record's commit) at or past the failure, or a record further on that passes its length,
    // checksum and sequence check. Either means the failure is not a torn tail.

    /// <summary>
    /// Offset of a committed record at or past <paramref name="from"/>, evidence that the walk stopped at
    /// damage rather than at a torn tail: a sparse index entry naming an offset there, or an aligned record
    /// further on with a valid length and checksum and a sequence of at least <paramref name="minSequence"/>.
    /// -1 when there is none (only never-committed bytes follow).
    /// </summary>
    /// <param name="segment">The segment's bytes.</param>
    /// <param name="from">Offset where the walk stopped.</param>
    /// <param name="minSequence">Sequence the record at <paramref name="from"/> should have had.</param>
    /// <param name="sequence">Sequence of the record found (0 when only the index names it).</param>
    internal static long FindCommittedAfter(MappedBuffer segment, long from, long minSequence, out long sequence)
    {
        sequence = 0;
        var size = segment.Length;
        for (var i = RecordCodec.IndexCount(segment) - 1; i >= 0; i--)
        {
            var (entrySequence, _, offset) = RecordCodec.IndexEntry(segment, i);
            if (offset >= from && offset < size && entrySequence >= minSequence)
            {
                sequence = entrySequence;
                return offset;
            }
        }

        // Only the non-zero part can hold a record: a torn tail is followed by zeros to the end of the file.
        var start = from + JournalFormat.Alignment;
        if (start >= size)
        {
            return -1;
        }

        ReadOnlySpan<byte> tail = segment.Tail(start);
        var last = start + tail.LastIndexOfAnyExcept((byte)0);
        var maxSequence = minSequence + (size / JournalFormat.RecordOverhead);
        for (var q = start; q <= last; q += JournalFormat.Alignment)
        {
            var len = segment.Read<int>(q);
            if (len < JournalFormat.RecordOverhead || len - JournalFormat.RecordOverhead > JournalFormat.MaxPayloadSize || q + len > size)
            {
                continue;
            }

            var candidate = RecordCodec.SequenceAt(segment, q);
            if (candidate >= minSequence && candidate <= maxSequence && RecordCodec.Check(segment, q, 0, out _) == RecordCheck.Ok)
            {
                sequence = candidate;
                return q;
            }
        }

        return -1;
    }

    /// <summary>True when the data area of a segment holds bytes (records were committed there once).</summary>
    internal static bool HasRecordBytes(MappedBuffer segment) =>
        segment.Length > JournalFormat.DataOffset
        && segment.ReadOnlySpan(JournalFormat.DataOffset, (int)Math.Min(segment.Length - JournalFormat.DataOffset, JournalFormat.RecordOverhead)).IndexOfAnyExcept((byte)0) >= 0;

    /// <summary>The length of a raw segment file shorter than its header and index area that holds bytes (a started
    /// segment cut short); null when it is long enough, or holds only zeros (created and killed before it was sized).</summary>
    internal static long? TruncatedBelowHeader(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length >= JournalFormat.DataOffset)
            {
                return null;
            }

            return File.ReadAllBytes(path).AsSpan().IndexOfAnyExcept((byte)0) >= 0 ? info.Length : null;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }
}
