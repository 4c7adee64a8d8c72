using System.Security.Cryptography;
using QuantumTrader.Engine.Journal;
using Xunit;

namespace QuantumTrader.Engine.Tests.Journal;

public sealed class SegmentCompressorTests
{
    private const long Segment = 4 * 1024 * 1024; // several 1 MiB chunks per segment

    [Fact]
    public void Compress_CancelledAfterFirstChunk_StopsBeforeTheNextLeavesNoOutputAndTheNextPassCompresses()
    {
        using var temp = new TempJournal();
        using (var writer = temp.OpenWriter(segmentSize: Segment))
        {
            temp.AppendMany(writer, 60_000, maxLength: 100);
            Assert.True(writer.Rolls >= 1);
        }

        var raw = JournalDirectory.SegmentPath(temp.Directory, 0);
        var rawHash = SHA256.HashData(File.ReadAllBytes(raw));
        using var cancel = new CancellationTokenSource();
        var chunks = new List<int>();
        Assert.ThrowsAny<OperationCanceledException>(() => SegmentCompressor.Compress(temp.Directory, 0, cancel.Token, chunk =>
        {
            chunks.Add(chunk);
            cancel.Cancel();
        }));

        Assert.Equal([1], chunks); // stopped before the second of several chunks
        Assert.False(File.Exists(JournalDirectory.CompressedPath(temp.Directory, 0)));
        Assert.Empty(Directory.GetFiles(temp.Directory, "*.tmp"));
        Assert.Equal(rawHash, SHA256.HashData(File.ReadAllBytes(raw)));
        Assert.True(JournalScan.Run(temp.Directory).IsSound);

        // A whole pass cancelled before it starts touches nothing; the next one compresses the segment.
        Assert.ThrowsAny<OperationCanceledException>(() => SegmentCompressor.CompressSealed(temp.Directory, cancel.Token));
        Assert.True(File.Exists(raw));
        Assert.True(SegmentCompressor.CompressSealed(temp.Directory, CancellationToken.None) >= 1);
        Assert.True(File.Exists(JournalDirectory.CompressedPath(temp.Directory, 0)));
        Assert.False(File.Exists(raw));
        var scan = JournalScan.Run(temp.Directory);
        Assert.True(scan.IsSound, string.Join("; ", scan.Defects));
        Assert.Equal(60_000, scan.Records);
    }

    [Fact]
    public void Directory_LeftoverPartialCompressedFile_IsNeverTakenAsASegment()
    {
        using var temp = new TempJournal();
        using (var writer = temp.OpenWriter(segmentSize: Segment))
        {
            temp.AppendMany(writer, 60_000, maxLength: 100);
        }

        // A process killed mid-compression leaves the temporary file: readers, tools and the writer ignore it,
        // and the next compression replaces it.
        File.WriteAllBytes(JournalDirectory.CompressedPath(temp.Directory, 0) + ".tmp", new byte[1000]);
        Assert.True(JournalDirectory.List(temp.Directory).Count > 1, "the test should span several segments");
        Assert.All(JournalDirectory.List(temp.Directory), s => Assert.False(s.Compressed));
        Assert.True(JournalScan.Run(temp.Directory).IsSound);
        Assert.True(SegmentCompressor.CompressSealed(temp.Directory) >= 1);
        Assert.Empty(Directory.GetFiles(temp.Directory, "*.tmp"));
        Assert.Equal(60_000, JournalScan.Run(temp.Directory).Records);
    }
}
