using QuantumTrader.Engine.Journal;
using Xunit;

namespace QuantumTrader.Engine.Tests.Journal;

public sealed class JournalReaderTests
{
    [Fact]
    public void TryRead_EmptyDirectory_ReturnsEndOfData()
    {
        using var temp = new TempJournal();
        using var reader = JournalReader.Open(temp.Directory);
        Assert.Equal(JournalReadResult.EndOfData, reader.TryRead(out _));
    }

    [Fact]
    public void TryRead_WhileWriterAppends_FollowsCommitsAcrossSegments()
    {
        using var temp = new TempJournal();
        using var writer = temp.OpenWriter();
        using var reader = JournalReader.Open(temp.Directory);
        var expected = 1L;
        for (var round = 0; round < 40; round++)
        {
            temp.AppendMany(writer, 1000, maxLength: 100);
            while (reader.TryRead(out var record) == JournalReadResult.Record)
            {
                Assert.Equal(expected, record.Sequence);
                Assert.Equal(TempJournal.PayloadFor(expected, 100), record.Payload.ToArray());
                expected++;
            }

            Assert.Null(reader.Corruption);
        }

        Assert.Equal(40_001, expected);
        Assert.True(writer.Rolls >= 2);
    }

    [Fact]
    public void TryRead_FlippedByteInSealedSegment_ReportsSegmentAndOffsetAndStops()
    {
        using var temp = new TempJournal();
        using (var writer = temp.OpenWriter())
        {
            temp.AppendMany(writer, 20_000, maxLength: 100);
            Assert.True(writer.Rolls >= 1);
        }

        long victimOffset;
        long victimSequence;
        using (var reader = JournalReader.Open(temp.Directory))
        {
            for (var i = 0; i < 500; i++)
            {
                reader.TryRead(out _);
            }

            reader.TryRead(out var victim);
            victimOffset = victim.Offset;
            victimSequence = victim.Sequence;
        }

        var path = JournalDirectory.SegmentPath(temp.Directory, 0);
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.Position = victimOffset + 12;
            var b = stream.ReadByte();
            stream.Position = victimOffset + 12;
            stream.WriteByte((byte)(b ^ 0x40));
        }

        using (var reader = JournalReader.Open(temp.Directory))
        {
            var records = TempJournal.ReadAll(reader, out var end);
            Assert.Equal(JournalReadResult.Corrupt, end);
            Assert.Equal(victimSequence - 1, records.Count);
            Assert.Equal(victimSequence - 1, records[^1].Seq);
            Assert.NotNull(reader.Corruption);
            Assert.Equal(path, reader.Corruption!.SegmentPath);
            Assert.Equal(victimOffset, reader.Corruption.Offset);
            Assert.Equal(RecordCheck.BadChecksum, reader.Corruption.Reason);
            Assert.Equal(JournalReadResult.Corrupt, reader.TryRead(out _));
        }

        var scan = JournalScan.Run(temp.Directory);
        Assert.False(scan.IsSound);
        Assert.Contains(scan.Defects, d => d.SegmentIndex == 0 && d.Offset == victimOffset);
    }

    [Fact]
    public void SeekToSequence_AnyPosition_NextRecordHasThatSequence()
    {
        using var temp = new TempJournal();
        using (var writer = temp.OpenWriter())
        {
            temp.AppendMany(writer, 25_000, maxLength: 100);
        }

        using var reader = JournalReader.Open(temp.Directory);
        foreach (var target in new long[] { 1, 2, 777, 12_345, 19_999, 25_000 })
        {
            Assert.True(reader.SeekToSequence(target));
            Assert.Equal(JournalReadResult.Record, reader.TryRead(out var record));
            Assert.Equal(target, record.Sequence);
            Assert.Equal(TempJournal.PayloadFor(target, 100), record.Payload.ToArray());
        }

        Assert.True(reader.SeekToSequence(25_001));
        Assert.Equal(JournalReadResult.EndOfData, reader.TryRead(out _));
    }

    [Fact]
    public void SeekToTime_AnyTime_NextRecordIsFirstAtOrAfterIt()
    {
        using var temp = new TempJournal();
        using (var writer = temp.OpenWriter())
        {
            temp.AppendMany(writer, 25_000, maxLength: 100);
        }

        // Record n has timestamp 1000 + 10 n.
        using var reader = JournalReader.Open(temp.Directory);
        foreach (var (time, sequence) in new[] { (0L, 1L), (1_010L, 1L), (1_015L, 2L), (150_000L, 14_900L), (251_000L, 25_000L) })
        {
            reader.SeekToTime(time);
            Assert.Equal(JournalReadResult.Record, reader.TryRead(out var record));
            Assert.Equal(sequence, record.Sequence);
        }
    }

    [Fact]
    public void NamedReader_SavedPosition_ResumesAfterLastRecordRead()
    {
        using var temp = new TempJournal();
        using (var writer = temp.OpenWriter())
        {
            temp.AppendMany(writer, 5_000, maxLength: 100);
        }

        using (var reader = JournalReader.Open(temp.Directory, "metrics"))
        {
            for (var i = 0; i < 1_234; i++)
            {
                Assert.Equal(JournalReadResult.Record, reader.TryRead(out _));
            }

            reader.SavePosition();
        }

        Assert.Equal(1_235, ReaderPositions.Load(temp.Directory, "metrics"));
        using (var reader = JournalReader.Open(temp.Directory, "metrics"))
        {
            Assert.Equal(JournalReadResult.Record, reader.TryRead(out var record));
            Assert.Equal(1_235, record.Sequence);
        }

        using (var other = JournalReader.Open(temp.Directory, "bridge"))
        {
            Assert.Equal(JournalReadResult.Record, other.TryRead(out var record));
            Assert.Equal(1, record.Sequence);
        }
    }

    [Fact]
    public void NamedReader_SavedPositionDeletedByForcedRetention_ReportsTheGap()
    {
        using var temp = new TempJournal();
        using (var writer = temp.OpenWriter())
        {
            temp.AppendMany(writer, 30_000, maxLength: 100);
        }

        ReaderPositions.Save(temp.Directory, "ledger", 10);
        JournalRetention.Apply(temp.Directory, 0, TempJournal.SmallSegment, temp.Clock.NowNanos, overrideReaders: true);

        using var reader = JournalReader.Open(temp.Directory, "ledger");
        Assert.Equal(JournalReadResult.Corrupt, reader.TryRead(out _));
        Assert.Contains("records 10..", reader.Corruption!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Compress_SealedSegments_ReaderReadsBothFormsTransparently()
    {
        using var temp = new TempJournal();
        using (var writer = temp.OpenWriter())
        {
            temp.AppendMany(writer, 30_000, maxLength: 100);
        }

        var before = JournalScan.Run(temp.Directory);
        var compressed = SegmentCompressor.CompressSealed(temp.Directory);
        Assert.True(compressed >= 2);
        Assert.True(File.Exists(JournalDirectory.CompressedPath(temp.Directory, 0)));
        Assert.False(File.Exists(JournalDirectory.SegmentPath(temp.Directory, 0)));

        using (var reader = JournalReader.Open(temp.Directory))
        {
            var records = TempJournal.ReadAll(reader, out var end);
            Assert.Equal(JournalReadResult.EndOfData, end);
            Assert.Equal(30_000, records.Count);
            for (var i = 0; i < records.Count; i += 997)
            {
                Assert.Equal(TempJournal.PayloadFor(i + 1, 100), records[i].Payload);
            }

            Assert.True(reader.SeekToSequence(7_777));
            Assert.Equal(JournalReadResult.Record, reader.TryRead(out var r));
            Assert.Equal(7_777, r.Sequence);
        }

        var after = JournalScan.Run(temp.Directory);
        Assert.True(after.IsSound, string.Join("; ", after.Defects));
        Assert.Equal(before.Records, after.Records);

        using (var writer = temp.OpenWriter())
        {
            Assert.Equal(30_001, writer.NextSequence);
        }
    }

    [Fact]
    public void Retention_MaxTotalBytes_DeletesOldestButKeepsWhatReadersNeed()
    {
        using var temp = new TempJournal();
        using (var writer = temp.OpenWriter())
        {
            temp.AppendMany(writer, 40_000, maxLength: 100);
        }

        var segmentsBefore = JournalScan.Run(temp.Directory).Segments;
        Assert.True(segmentsBefore.Count >= 4);
        ReaderPositions.Save(temp.Directory, "slow", segmentsBefore[1].FirstSequence + 5);

        var deleted = JournalRetention.Apply(temp.Directory, 0, TempJournal.SmallSegment, temp.Clock.NowNanos);
        Assert.Single(deleted); // segment 0 only: segment 1 holds what "slow" still needs

        var forced = JournalRetention.Apply(temp.Directory, 0, TempJournal.SmallSegment, temp.Clock.NowNanos, overrideReaders: true);
        Assert.True(forced.Count >= 1);
        var remaining = JournalDirectory.List(temp.Directory);
        Assert.NotEmpty(remaining);

        using var reader = JournalReader.Open(temp.Directory);
        var records = TempJournal.ReadAll(reader, out var end);
        Assert.Equal(JournalReadResult.EndOfData, end);
        Assert.Equal(40_000, records[^1].Seq);
    }

    [Fact]
    public void Retention_MaxAge_DeletesOnlyOlderSealedSegments()
    {
        using var temp = new TempJournal();
        using (var writer = temp.OpenWriter())
        {
            temp.AppendMany(writer, 30_000, maxLength: 100);
        }

        var segments = JournalScan.Run(temp.Directory).Segments;
        var cut = segments[1].LastTimestampNs + 1;
        var deleted = JournalRetention.Apply(temp.Directory, temp.Clock.NowNanos - cut, 0, temp.Clock.NowNanos);
        Assert.Equal(2, deleted.Count);
    }

    [Fact]
    public void TryRead_SegmentDeletedUnderReader_ReportsMissingSegment()
    {
        using var temp = new TempJournal();
        using (var writer = temp.OpenWriter())
        {
            temp.AppendMany(writer, 30_000, maxLength: 100);
        }

        using var reader = JournalReader.Open(temp.Directory);
        Assert.Equal(JournalReadResult.Record, reader.TryRead(out _));
        File.Delete(JournalDirectory.SegmentPath(temp.Directory, 1));
        while (reader.TryRead(out _) == JournalReadResult.Record)
        {
        }

        Assert.NotNull(reader.Corruption);
        Assert.Equal(1, reader.Corruption!.SegmentIndex);
        Assert.Contains("missing", reader.Corruption.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_WriterOnAnotherThreadRolling_SeesEveryRecordOnceInOrder()
    {
        using var temp = new TempJournal();
        const int Total = 60_000;
        using var writer = temp.OpenWriter();
        var writing = new Thread(() =>
        {
            for (var i = 1; i <= Total; i++)
            {
                writer.Append(1, 1, TempJournal.PayloadFor(i, 100));
            }
        });
        writing.Start();

        using var reader = JournalReader.Open(temp.Directory);
        var expected = 1L;
        var scans = 0;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (expected <= Total)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"reader stuck at {expected}");
            var result = reader.TryRead(out var record);
            Assert.NotEqual(JournalReadResult.Corrupt, result);
            if (result == JournalReadResult.Record)
            {
                Assert.Equal(expected, record.Sequence);
                Assert.Equal(TempJournal.PayloadFor(expected, 100), record.Payload.ToArray());
                expected++;
                if (expected % 20_000 == 0)
                {
                    var live = JournalScan.Run(temp.Directory);
                    Assert.True(live.IsSound, string.Join("; ", live.Defects));
                    scans++;
                }
            }
            else
            {
                Thread.Yield();
            }
        }

        Assert.True(writing.Join(TimeSpan.FromMinutes(1)), "the writing thread did not finish");
        Assert.Equal(3, scans);
        Assert.True(writer.Rolls >= 3);
    }

    [Fact]
    public void Crc32C_StandardCheckValue_Matches()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
    }
}
