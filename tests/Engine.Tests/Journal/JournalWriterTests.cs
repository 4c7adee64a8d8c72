using QuantumTrader.Engine.Journal;
using Xunit;

namespace QuantumTrader.Engine.Tests.Journal;

public sealed class JournalWriterTests
{
    [Fact]
    public void Append_ThenRead_ReturnsSameRecordsInOrder()
    {
        using var temp = new TempJournal();
        using (var writer = temp.OpenWriter())
        {
            temp.AppendMany(writer, 1000);
            Assert.Equal(1000, writer.LastSequence);
        }

        using var reader = JournalReader.Open(temp.Directory);
        var records = TempJournal.ReadAll(reader, out var end);
        Assert.Equal(JournalReadResult.EndOfData, end);
        Assert.Equal(1000, records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            var seq = i + 1L;
            Assert.Equal(seq, records[i].Seq);
            Assert.Equal((ushort)(1 + (seq % 3)), records[i].Type);
            Assert.Equal(1_000 + (10 * seq), records[i].Ts);
            Assert.Equal(TempJournal.PayloadFor(seq), records[i].Payload);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Append_PastSegmentSize_RollsAndReaderCrossesSegments(bool prepareAhead)
    {
        using var temp = new TempJournal();
        long rolls;
        using (var writer = temp.OpenWriter(prepareAhead: prepareAhead))
        {
            temp.AppendMany(writer, 30_000, maxLength: 300);
            rolls = writer.Rolls;
            Assert.True(rolls >= 3, $"expected several rolls, got {rolls}");
            if (!prepareAhead)
            {
                Assert.Equal(rolls, writer.SynchronousRolls);
            }
        }

        using var reader = JournalReader.Open(temp.Directory);
        var records = TempJournal.ReadAll(reader, out var end);
        Assert.Equal(JournalReadResult.EndOfData, end);
        Assert.Equal(30_000, records.Count);
        Assert.Equal(rolls, reader.SegmentIndex);
        var scan = JournalScan.Run(temp.Directory);
        Assert.True(scan.IsSound, string.Join("; ", scan.Defects));
        Assert.Equal(30_000, scan.Records);
    }

    [Fact]
    public void Open_Reopen_ContinuesSequenceInSameSegment()
    {
        using var temp = new TempJournal();
        using (var writer = temp.OpenWriter())
        {
            temp.AppendMany(writer, 10);
        }

        using (var writer = temp.OpenWriter())
        {
            Assert.Equal(11, writer.NextSequence);
            Assert.False(writer.RecoveredFromCrash);
            temp.AppendMany(writer, 5);
        }

        using var reader = JournalReader.Open(temp.Directory);
        var records = TempJournal.ReadAll(reader, out _);
        Assert.Equal(15, records.Count);
        Assert.Equal(15, records[^1].Seq);
    }

    [Fact]
    public void Open_AfterTornTail_ClearsItAndContinuesSequence()
    {
        using var temp = new TempJournal();
        using (var writer = temp.OpenWriter())
        {
            temp.AppendMany(writer, 100);
        }

        // A writer killed mid-record leaves payload and header bytes without the length (the commit marker).
        var tail = FindTail(temp);
        using (var stream = new FileStream(JournalDirectory.SegmentPath(temp.Directory, 0), FileMode.Open, FileAccess.ReadWrite))
        {
            stream.Position = tail + 4;
            stream.Write(Enumerable.Repeat((byte)0xEE, 60).ToArray());
        }

        using (var writer = temp.OpenWriter())
        {
            Assert.True(writer.RecoveredFromCrash);
            Assert.Equal(64, writer.RecoveredTornBytes);
            Assert.Equal(101, writer.NextSequence);
            writer.Append(9, 1, new byte[] { 1, 2, 3 });
        }

        using var reader = JournalReader.Open(temp.Directory);
        var records = TempJournal.ReadAll(reader, out var end);
        Assert.Equal(JournalReadResult.EndOfData, end);
        Assert.Equal(101, records.Count);
        Assert.Equal(new byte[] { 1, 2, 3 }, records[^1].Payload);
    }

    [Fact]
    public void Open_AfterTornRecordWithLength_TruncatesAtBadChecksum()
    {
        using var temp = new TempJournal();
        using (var writer = temp.OpenWriter())
        {
            temp.AppendMany(writer, 50);
        }

        // A machine crash can persist a length without its payload: the checksum catches it.
        var tail = FindTail(temp);
        using (var stream = new FileStream(JournalDirectory.SegmentPath(temp.Directory, 0), FileMode.Open, FileAccess.ReadWrite))
        {
            stream.Position = tail;
            stream.Write(BitConverter.GetBytes(64));
            stream.Write(Enumerable.Repeat((byte)0x11, 20).ToArray());
        }

        using (var writer = temp.OpenWriter())
        {
            Assert.Equal(51, writer.NextSequence);
            Assert.Equal(24, writer.RecoveredTornBytes);
            temp.AppendMany(writer, 3);
        }

        var scan = JournalScan.Run(temp.Directory);
        Assert.True(scan.IsSound, string.Join("; ", scan.Defects));
        Assert.Equal(53, scan.Records);
    }

    [Fact]
    public void Open_SegmentWithEndMarkerButNoSeal_SealsAndStartsNext()
    {
        using var temp = new TempJournal();
        using (var writer = temp.OpenWriter())
        {
            temp.AppendMany(writer, 20);
        }

        // A kill between the end marker and the seal: the marker is there, the header still says active.
        var tail = FindTail(temp);
        using (var stream = new FileStream(JournalDirectory.SegmentPath(temp.Directory, 0), FileMode.Open, FileAccess.ReadWrite))
        {
            stream.Position = tail;
            stream.Write(BitConverter.GetBytes(-1));
        }

        using (var writer = temp.OpenWriter())
        {
            Assert.Equal(1, writer.SegmentIndex);
            Assert.Equal(21, writer.NextSequence);
            temp.AppendMany(writer, 5);
        }

        var scan = JournalScan.Run(temp.Directory);
        Assert.True(scan.IsSound, string.Join("; ", scan.Defects));
        Assert.Equal(25, scan.Records);
        Assert.Equal(JournalFormat.StateSealed, scan.Segments[0].State);
    }

    [Fact]
    public void Commit_ShorterThanReserved_ZeroesTheRestAndReadsBack()
    {
        using var temp = new TempJournal();
        using (var writer = temp.OpenWriter())
        {
            var span = writer.BeginRecord(100);
            span.Fill(0x55);
            writer.Commit(3, 1, 10);
            writer.Append(4, 1, new byte[] { 9 });
        }

        using var reader = JournalReader.Open(temp.Directory);
        var records = TempJournal.ReadAll(reader, out var end);
        Assert.Equal(JournalReadResult.EndOfData, end);
        Assert.Equal(2, records.Count);
        Assert.Equal(10, records[0].Payload.Length);
        Assert.Equal(new byte[] { 9 }, records[1].Payload);
    }

    [Fact]
    public void BeginRecord_PayloadTooLarge_Throws()
    {
        using var temp = new TempJournal();
        using var writer = temp.OpenWriter();
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.BeginRecord(JournalFormat.MaxPayloadSize + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.BeginRecord(-1));
    }

    [Fact]
    public void Commit_WithoutBegin_Throws()
    {
        using var temp = new TempJournal();
        using var writer = temp.OpenWriter();
        Assert.Throws<InvalidOperationException>(() => writer.Commit(1, 1));
    }

    [Fact]
    public void Open_InvalidOptions_Throws()
    {
        using var temp = new TempJournal();
        var clock = temp.Clock;
        Assert.Throws<ArgumentException>(() => JournalWriter.Open(new JournalOptions { Directory = temp.Directory, SegmentSize = 4096 }, clock));
        Assert.Throws<ArgumentException>(() => JournalWriter.Open(
            new JournalOptions { Directory = temp.Directory, Durability = JournalDurability.Flush }, clock));
    }

    [Fact]
    public void Open_EmptyOrShortSegmentFilesLeftByKill_AreIgnoredAndReplaced()
    {
        using var temp = new TempJournal();
        using (var writer = temp.OpenWriter(prepareAhead: false))
        {
            temp.AppendMany(writer, 10);
        }

        // Killed right after creating the next files, before sizing them.
        File.WriteAllBytes(JournalDirectory.SegmentPath(temp.Directory, 1), Array.Empty<byte>());
        File.WriteAllBytes(JournalDirectory.SegmentPath(temp.Directory, 2), new byte[100]);
        using (var writer = temp.OpenWriter())
        {
            Assert.Equal(0, writer.SegmentIndex);
            Assert.Equal(11, writer.NextSequence);
            temp.AppendMany(writer, 20_000, maxLength: 100);
            Assert.True(writer.Rolls >= 1);
        }

        var scan = JournalScan.Run(temp.Directory);
        Assert.True(scan.IsSound, string.Join("; ", scan.Defects));
        Assert.Equal(20_010, scan.Records);
    }

    [Fact]
    public void Open_SecondWriterOnSameDirectory_IsRefusedUntilFirstCloses()
    {
        using var temp = new TempJournal();
        using (var first = temp.OpenWriter())
        {
            var e = Assert.Throws<IOException>(() => temp.OpenWriter());
            Assert.Contains("already open by another writer", e.Message, StringComparison.Ordinal);
        }

        using var again = temp.OpenWriter();
        Assert.Equal(1, again.NextSequence);
    }

    [Fact]
    public void Append_FlushEveryNRecords_FlushesThatOften()
    {
        using var temp = new TempJournal();
        var options = new JournalOptions
        {
            Directory = temp.Directory,
            SegmentSize = TempJournal.SmallSegment,
            Durability = JournalDurability.Flush,
            FlushEveryRecords = 10,
        };
        using var writer = JournalWriter.Open(options, temp.Clock);
        temp.AppendMany(writer, 95);
        Assert.Equal(9, writer.Flushes);
    }

    [Fact]
    public void Append_FlushEveryMicros_FlushesWhenClockPassesInterval()
    {
        using var temp = new TempJournal();
        var options = new JournalOptions
        {
            Directory = temp.Directory,
            SegmentSize = TempJournal.SmallSegment,
            Durability = JournalDurability.Flush,
            FlushEveryMicros = 100,
        };
        using var writer = JournalWriter.Open(options, temp.Clock);
        for (var i = 0; i < 20; i++)
        {
            temp.Clock.Advance(30_000); // 30 µs per record: a flush every 4th record
            writer.Append(1, 1, new byte[8]);
        }

        Assert.Equal(5, writer.Flushes);
    }

    [Fact]
    public void Append_AfterWarmup_AllocatesNothing()
    {
        using var temp = new TempJournal();
        using var writer = temp.OpenWriter(segmentSize: 8 * 1024 * 1024);
        var payload = new byte[64];
        for (var i = 0; i < 1000; i++)
        {
            writer.Append(1, 1, payload);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 50_000; i++)
        {
            var span = writer.BeginRecord(64);
            span[0] = (byte)i;
            writer.Commit(1, 1);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Append_AcrossSegmentRolls_AfterWarmup_AllocatesNothing()
    {
        using var temp = new TempJournal();
        using var writer = temp.OpenWriter(segmentSize: 1024 * 1024);
        var payload = new byte[64];
        for (var i = 0; i < 40_000; i++)
        {
            writer.Append(1, 1, payload);
        }

        var rolls = writer.Rolls;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 200_000; i++)
        {
            var span = writer.BeginRecord(64);
            span[0] = (byte)i;
            writer.Commit(1, 1);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(writer.Rolls - rolls > 5, $"{writer.Rolls - rolls} rolls");
        Assert.True(allocated == 0, $"{allocated} bytes over {writer.Rolls - rolls} rolls ({writer.SynchronousRolls} synchronous, {writer.PreparerStalls} stalls)");
    }

    private static long FindTail(TempJournal temp)
    {
        using var reader = JournalReader.Open(temp.Directory);
        long tail = JournalFormat.DataOffset;
        while (reader.TryRead(out var r) == JournalReadResult.Record)
        {
            tail = r.Offset + JournalFormat.AlignedRecordSize(r.Payload.Length);
        }

        return tail;
    }
}
