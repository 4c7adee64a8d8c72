using System.Globalization;
using System.Security.Cryptography;
using QuantumTrader.Engine.Journal;
using QuantumTrader.Runtime.Running;
using Xunit;

namespace QuantumTrader.Integration.Tests.Journal;

/// <summary>
/// A real run on a journal whose active segment was damaged must refuse (its own exit code, the segment, the
/// offset, what to do) and leave every byte as it was, instead of truncating the records after the damage.
/// </summary>
[Trait("Category", "Integration")]
public sealed class JournalCorruptionRunTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private readonly string _root = Directory.CreateTempSubdirectory("qt-corrupt-run-").FullName;

    private string Journal => Path.Combine(_root, "journal");

    /// <summary>The shipped config with small segments (so the run crosses segments) and an absolute model path.</summary>
    internal static string WriteConfig(string root, params (string From, string To)[] replacements)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "config.toml"))
            .Replace("segment_size_mib = 128", "segment_size_mib = 2", StringComparison.Ordinal)
            .Replace("path = \"models/", "path = \"" + Path.Combine(AppContext.BaseDirectory, "models") + "/", StringComparison.Ordinal);
        foreach (var (from, to) in replacements)
        {
            Assert.Contains(from, text, StringComparison.Ordinal);
            text = text.Replace(from, to, StringComparison.Ordinal);
        }

        var path = Path.Combine(root, "config.toml");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Run_FlippedByteInMiddleOfActiveSegment_RefusesWithItsExitCodeAndLeavesTheSegmentUnchanged()
    {
        var config = WriteConfig(_root);
        using (var first = HostProcess.Run(Timeout, "run", "--config", config, "--journal", Journal, "--events", "40000"))
        {
            Assert.True(first.ExitCode == 0, $"first run exited {first.ExitCode}: {first.Stderr}");
        }

        // The middle record of the active (last started, unsealed) segment.
        var active = JournalScan.Run(Journal).Segments.Last(s => s.State == JournalFormat.StateActive);
        Assert.True(active.File.Index >= 1, "the run should have rolled at least once");
        var middle = active.FirstSequence + (active.Records / 2);
        long offset;
        using (var reader = JournalReader.Open(Journal))
        {
            Assert.True(reader.SeekToSequence(middle));
            Assert.Equal(JournalReadResult.Record, reader.TryRead(out var record));
            Assert.Equal(active.File.Index, record.SegmentIndex);
            offset = record.Offset;
        }

        var path = active.File.Path;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.Position = offset + 12;
            var b = stream.ReadByte();
            stream.Position = offset + 12;
            stream.WriteByte((byte)(b ^ 0x10));
        }

        var before = SHA256.HashData(File.ReadAllBytes(path));
        var records = CountUpTo(middle);
        using (var second = HostProcess.Run(Timeout, "run", "--config", config, "--journal", Journal, "--events", "1000"))
        {
            Assert.Equal(RunExitCode.JournalCorrupt, second.ExitCode);
            Assert.Contains(path, second.Stderr, StringComparison.Ordinal);
            Assert.Contains("byte offset " + offset.ToString(CultureInfo.InvariantCulture), second.Stderr, StringComparison.Ordinal);
            Assert.Contains("sequence " + middle.ToString(CultureInfo.InvariantCulture), second.Stderr, StringComparison.Ordinal);
            Assert.Contains("journal verify", second.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", second.Stderr, StringComparison.Ordinal); // no stack trace
        }

        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(path)));
        Assert.Equal(records, CountUpTo(middle));
        using var verify = HostProcess.Run(Timeout, "journal", "verify", Journal);
        Assert.Equal(1, verify.ExitCode);
    }

    [Fact]
    public void Run_ActiveSegmentTruncated_RefusesCleanly()
    {
        var config = WriteConfig(_root);
        using (var first = HostProcess.Run(Timeout, "run", "--config", config, "--journal", Journal, "--events", "20000"))
        {
            Assert.True(first.ExitCode == 0, $"first run exited {first.ExitCode}: {first.Stderr}");
        }

        var active = JournalScan.Run(Journal).Segments.Last(s => s.State == JournalFormat.StateActive);
        using (var stream = new FileStream(active.File.Path, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.SetLength(stream.Length / 2);
        }

        using var second = HostProcess.Run(Timeout, "run", "--config", config, "--journal", Journal, "--events", "1000");
        Assert.Equal(RunExitCode.JournalCorrupt, second.ExitCode);
        Assert.Contains(active.File.Path, second.Stderr, StringComparison.Ordinal);
        Assert.Contains("truncated", second.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", second.Stderr, StringComparison.Ordinal);
    }

    private long CountUpTo(long sequence)
    {
        using var reader = JournalReader.Open(Journal);
        long n = 0;
        while (reader.TryRead(out var r) == JournalReadResult.Record && r.Sequence < sequence)
        {
            n++;
        }

        return n;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
