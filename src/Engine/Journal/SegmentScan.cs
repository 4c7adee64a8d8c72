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
    /// <param name="segment">Start of the segment.</param>
    /// <param name="size">Bytes available.</param>
    /// <param name="expectedFirstSequence">Sequence the first record must carry (0: any).</param>
    /// <param name="startOffset">Offset to start at (the data offset, or a sparse index entry).</param>
    /// <param name="startSequence">Sequence expected at <paramref name="startOffset"/> (0: any).</param>
    internal static unsafe SegmentScan Walk(byte* segment, long size, long expectedFirstSequence, long startOffset = JournalFormat.DataOffset, long startSequence = 0)
    {
        var position = startOffset;
        var expected = startSequence != 0 ? startSequence : expectedFirstSequence;
        long first = 0, last = 0, count = 0, firstTs = 0, lastTs = 0;
        RecordCheck check;
        while ((check = RecordCodec.Check(segment, size, position, expected, out var length)) == RecordCheck.Ok)
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
}
