using System.Buffers.Binary;
using QuantumTrader.Engine.Journal;
using Xunit;

namespace QuantumTrader.Engine.Tests.Journal;

/// <summary>
/// Opening a journal for writing may discard only a torn tail that was never committed; damage to committed
/// records (or a truncated segment file) is refused, and the segment bytes stay exactly as they were.
/// </summary>
public sealed class JournalRecoveryTests
{
    private const int Records = 3_000;

    [Fact]
    public void Open_FlippedByteInMiddleOfActiveSegment_RefusesNamingOffsetAndSequenceAndChangesNothing()
    {
        using var temp = new TempJournal();
        Write(temp, Records);
        var (offset, sequence) = RecordAt(temp, Records / 2);
        Flip(temp, 0, offset + 12);
        var before = Snapshot(temp);

        var e = Assert.Throws<JournalCorruptException>(() => temp.OpenWriter());
        Assert.Equal(JournalDirectory.SegmentPath(temp.Directory, 0), e.Corruption.SegmentPath);
        Assert.Equal(offset, e.Corruption.Offset);
        Assert.Equal(sequence, e.Sequence);
        Assert.Contains("byte offset " + offset, e.Message, StringComparison.Ordinal);
        Assert.Contains("journal verify", e.Message, StringComparison.Ordinal);
        AssertUnchanged(before, temp);

        // Refused again (the writer lock was released), and every record before the damage still reads.
        Assert.Throws<JournalCorruptException>(() => temp.OpenWriter());
        using var reader = JournalReader.Open(temp.Directory);
        var records = TempJournal.ReadAll(reader, out var end);
        Assert.Equal(JournalReadResult.Corrupt, end);
        Assert.Equal(sequence - 1, records.Count);
    }

    [Fact]
    public void Open_LengthOfMiddleRecordZeroed_RefusesBecauseCommittedRecordsFollow()
    {
        using var temp = new TempJournal();
        Write(temp, Records);
        var (offset, sequence) = RecordAt(temp, 1_000);
        Overwrite(temp, 0, offset, new byte[4]); // looks like "nothing committed here yet"
        var before = Snapshot(temp);

        var e = Assert.Throws<JournalCorruptException>(() => temp.OpenWriter());
        Assert.Equal(offset, e.Corruption.Offset);
        Assert.Equal(sequence, e.Sequence);
        AssertUnchanged(before, temp);
    }

    [Fact]
    public void Open_DamagedLastRecordThatTheSparseIndexNames_Refuses()
    {
        using var temp = new TempJournal();
        Write(temp, Records);
        var path = JournalDirectory.SegmentPath(temp.Directory, 0);
        var bytes = File.ReadAllBytes(path);
        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(72));
        var indexed = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(JournalFormat.HeaderSize + ((count - 1) * JournalFormat.IndexEntrySize) + 16));
        var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan((int)indexed));

        // Make the indexed record the last one, then damage it: without the index it would look like a torn write.
        Overwrite(temp, 0, indexed + ((length + 7) & ~7), new byte[bytes.Length - (indexed + ((length + 7) & ~7))]);
        Flip(temp, 0, indexed + 12);
        var before = Snapshot(temp);

        var e = Assert.Throws<JournalCorruptException>(() => temp.OpenWriter());
        Assert.Equal(indexed, e.Corruption.Offset);
        AssertUnchanged(before, temp);
    }

    [Fact]
    public void Open_ActiveSegmentTruncated_RefusesCleanlyAndLeavesTheFile()
    {
        using var temp = new TempJournal();
        Write(temp, Records);
        var path = JournalDirectory.SegmentPath(temp.Directory, 0);
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.SetLength(TempJournal.SmallSegment / 2);
        }

        var before = Snapshot(temp);
        var e = Assert.Throws<JournalCorruptException>(() => temp.OpenWriter());
        Assert.Equal(path, e.Corruption.SegmentPath);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
        AssertUnchanged(before, temp);
    }

    [Fact]
    public void Open_SegmentCutMidHeader_RefusesInsteadOfStartingAgain()
    {
        using var temp = new TempJournal();
        Write(temp, Records);
        var path = JournalDirectory.SegmentPath(temp.Directory, 0);
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.SetLength(100);
        }

        var before = Snapshot(temp);
        var e = Assert.Throws<JournalCorruptException>(() => temp.OpenWriter());
        Assert.Equal(path, e.Corruption.SegmentPath);
        AssertUnchanged(before, temp);
    }

    [Theory]
    [InlineData(0)]  // the magic
    [InlineData(20)] // the segment size, covered by the header checksum
    public void Open_SegmentHeaderDamaged_RefusesInsteadOfReusingTheSegment(int headerByte)
    {
        using var temp = new TempJournal();
        Write(temp, Records);
        Flip(temp, 0, headerByte);
        var before = Snapshot(temp);

        var e = Assert.Throws<JournalCorruptException>(() => temp.OpenWriter());
        Assert.Equal(JournalDirectory.SegmentPath(temp.Directory, 0), e.Corruption.SegmentPath);
        AssertUnchanged(before, temp);
    }

    [Fact]
    public void Open_TornTailAfterCommittedRecords_StillDiscardsOnlyTheTail()
    {
        using var temp = new TempJournal();
        Write(temp, Records);
        var (lastOffset, _) = RecordAt(temp, Records);
        var lastLength = BinaryPrimitives.ReadInt32LittleEndian(File.ReadAllBytes(JournalDirectory.SegmentPath(temp.Directory, 0)).AsSpan((int)lastOffset));
        var tail = lastOffset + ((lastLength + 7) & ~7);

        // A kill mid-record: header fields and payload bytes written, the length (the commit) not yet.
        var torn = new byte[200];
        BinaryPrimitives.WriteInt64LittleEndian(torn.AsSpan(4), Records + 1);
        torn.AsSpan(24).Fill(0xA5);
        Overwrite(temp, 0, tail, torn);

        using (var writer = temp.OpenWriter())
        {
            Assert.True(writer.RecoveredFromCrash);
            Assert.Equal(Records + 1, writer.NextSequence);
            temp.AppendMany(writer, 10);
        }

        var scan = JournalScan.Run(temp.Directory);
        Assert.True(scan.IsSound, string.Join("; ", scan.Defects));
        Assert.Equal(Records + 10, scan.Records);
    }

    [Fact]
    public void Scan_ActiveSegmentWithZeroedLengthMidway_ReportsTheDefect()
    {
        using var temp = new TempJournal();
        Write(temp, Records);
        var (offset, _) = RecordAt(temp, 1_000);
        Overwrite(temp, 0, offset, new byte[4]);

        var scan = JournalScan.Run(temp.Directory);
        Assert.False(scan.IsSound);
        Assert.Equal(offset, scan.Defects[0].Offset);
    }

    [Fact]
    public void Scan_ActiveSegmentTruncatedAtARecordBoundary_ReportsTheDefect()
    {
        using var temp = new TempJournal();
        Write(temp, Records);
        var (offset, _) = RecordAt(temp, 1_000);
        using (var stream = new FileStream(JournalDirectory.SegmentPath(temp.Directory, 0), FileMode.Open, FileAccess.ReadWrite))
        {
            stream.SetLength(offset);
        }

        var scan = JournalScan.Run(temp.Directory);
        Assert.False(scan.IsSound);
        Assert.Contains("truncated", scan.Defects[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_SegmentCutMidHeaderOrWithDamagedMagic_ReportsTheDefect()
    {
        using var temp = new TempJournal();
        Write(temp, Records);
        Flip(temp, 0, 0);
        Assert.False(JournalScan.Run(temp.Directory).IsSound);

        using (var stream = new FileStream(JournalDirectory.SegmentPath(temp.Directory, 0), FileMode.Open, FileAccess.ReadWrite))
        {
            stream.SetLength(100);
        }

        Assert.False(JournalScan.Run(temp.Directory).IsSound);
    }

    private static void Write(TempJournal temp, int count)
    {
        using var writer = temp.OpenWriter();
        temp.AppendMany(writer, count);
        Assert.Equal(0, writer.SegmentIndex);
    }

    private static (long Offset, long Sequence) RecordAt(TempJournal temp, long sequence)
    {
        using var reader = JournalReader.Open(temp.Directory);
        while (reader.TryRead(out var record) == JournalReadResult.Record)
        {
            if (record.Sequence == sequence)
            {
                return (record.Offset, record.Sequence);
            }
        }

        throw new InvalidOperationException($"no record {sequence}");
    }

    private static void Flip(TempJournal temp, long index, long offset)
    {
        using var stream = new FileStream(JournalDirectory.SegmentPath(temp.Directory, index), FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset;
        var b = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)(b ^ 0x40));
    }

    private static void Overwrite(TempJournal temp, long index, long offset, byte[] bytes)
    {
        using var stream = new FileStream(JournalDirectory.SegmentPath(temp.Directory, index), FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset;
        stream.Write(bytes);
    }

    private static Dictionary<string, byte[]> Snapshot(TempJournal temp)
    {
        var files = new Dictionary<string, byte[]>();
        foreach (var path in Directory.EnumerateFiles(temp.Directory))
        {
            if (path.EndsWith(JournalFormat.SegmentExtension, StringComparison.Ordinal) || path.EndsWith(JournalFormat.CompressedExtension, StringComparison.Ordinal))
            {
                files[Path.GetFileName(path)] = File.ReadAllBytes(path);
            }
        }

        return files;
    }

    private static void AssertUnchanged(Dictionary<string, byte[]> before, TempJournal temp)
    {
        var after = Snapshot(temp);
        Assert.NotEmpty(before); // else the loop below checks nothing
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (name, bytes) in before)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(after[name]), $"{name} was changed");
        }
    }
}
