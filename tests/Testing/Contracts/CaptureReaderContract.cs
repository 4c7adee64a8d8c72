using System.IO.Compression;
using System.Text;
using QuantumTrader.Model;
using QuantumTrader.Model.Ports;
using Xunit;

namespace QuantumTrader.Testing.Contracts;

/// <summary>
/// What every <see cref="ICaptureReader"/> must do with a file in its format: frames in file order with the recorded
/// receive times, plain and gzip alike; an empty file yields no frames; a malformed line is counted and skipped; a
/// truncated gzip file is reported (an <see cref="IOException"/>), not silently ended. One subclass per reader.
/// </summary>
public abstract class CaptureReaderContract : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("qt-capture-contract-");
    private int _files;

    /// <summary>Opens <paramref name="path"/> with the reader under test.</summary>
    protected abstract ICaptureReader Open(string path);

    /// <summary>One frame as a line of the reader's format (no line ending).</summary>
    protected abstract string FrameLine(long receiveTimeNs, string json);

    /// <summary>Lines the format starts a file with (connection headers), which are not frames and not malformed.</summary>
    protected virtual IReadOnlyList<string> HeaderLines => [];

    /// <summary>The file name to write (some formats are recognised by name).</summary>
    protected virtual string FileName => "capture.txt";

    /// <summary>Frames of a capture in time order (two share a receive time).</summary>
    protected static List<(long Ns, string Json)> Frames(int count)
    {
        var frames = new List<(long, string)>(count);
        var ns = 1_700_000_000_123_456_789L;
        for (var i = 0; i < count; i++)
        {
            ns += i == 3 ? 0 : 1_000_000;
            frames.Add((ns, $"{{\"stream\":\"btcusdt@trade\",\"data\":{{\"e\":\"trade\",\"t\":{i},\"p\":\"60000.{i % 10}\"}}}}"));
        }

        return frames;
    }

    /// <summary>Writes a capture of <paramref name="lines"/> (after the header lines), plain or gzip.</summary>
    protected string Write(IEnumerable<string> lines, bool gzip = false, bool finalNewline = true, string newline = "\n")
    {
        var text = new StringBuilder();
        foreach (var line in HeaderLines.Concat(lines))
        {
            text.Append(line).Append(newline);
        }

        if (!finalNewline && text.Length > 0)
        {
            text.Length -= newline.Length;
        }

        var path = Path.Combine(_dir.FullName, $"{_files++}", FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        if (gzip)
        {
            using var file = File.Create(path);
            using var zip = new GZipStream(file, CompressionLevel.Fastest);
            zip.Write(bytes);
        }
        else
        {
            File.WriteAllBytes(path, bytes);
        }

        return path;
    }

    private IEnumerable<string> Lines(IEnumerable<(long Ns, string Json)> frames) => frames.Select(f => FrameLine(f.Ns, f.Json));

    private List<(long Ns, string Json)> ReadAll(string path, out long skipped)
    {
        using var reader = Open(path);
        var frames = new List<(long, string)>();
        while (reader.TryRead(out var frame))
        {
            frames.Add((frame.ReceiveTimeNs, Encoding.UTF8.GetString(frame.Payload.Span)));
        }

        Assert.False(reader.TryRead(out _), "a reader at its end must stay there");
        skipped = reader.SkippedLines;
        return frames;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TryRead_File_FramesInFileOrderWithNonDecreasingReceiveTimes(bool gzip)
    {
        var expected = Frames(50);
        var read = ReadAll(Write(Lines(expected), gzip), out var skipped);
        Assert.Equal(expected, read);
        Assert.Equal(0, skipped);
        for (var i = 1; i < read.Count; i++)
        {
            Assert.True(read[i].Ns >= read[i - 1].Ns, $"frame {i} goes back in time");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TryRead_EmptyFile_NoFramesNothingSkipped(bool gzip)
    {
        var read = ReadAll(Write([], gzip), out var skipped);
        Assert.Empty(read);
        Assert.Equal(0, skipped);
    }

    [Fact]
    public void TryRead_MalformedLine_CountedAndSkipped()
    {
        var frames = Frames(4);
        var lines = Lines(frames).ToList();
        lines.Insert(2, "not-a-frame-line");
        var read = ReadAll(Write(lines), out var skipped);
        Assert.Equal(frames, read);
        Assert.Equal(1, skipped);
    }

    [Fact]
    public void TryRead_BlankLines_NeitherFramesNorSkipped()
    {
        var frames = Frames(3);
        var lines = Lines(frames).ToList();
        lines.Insert(1, "");
        var read = ReadAll(Write(lines), out var skipped);
        Assert.Equal(frames, read);
        Assert.Equal(0, skipped);
    }

    [Fact]
    public void TryRead_LastLineWithoutNewline_StillAFrame()
    {
        var frames = Frames(3);
        Assert.Equal(frames, ReadAll(Write(Lines(frames), finalNewline: false), out _));
    }

    [Fact]
    public void TryRead_CrLfLineEndings_SameFramesWithoutTheCarriageReturn()
    {
        var frames = Frames(3);
        Assert.Equal(frames, ReadAll(Write(Lines(frames), newline: "\r\n"), out _));
    }

    [Fact]
    public void TryRead_TruncatedGzip_ReportedAfterTheFramesBeforeTheCut()
    {
        var frames = Frames(20_000);
        var path = Write(Lines(frames), gzip: true);
        var length = new FileInfo(path).Length;
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            file.SetLength(length / 2);
        }

        using var reader = Open(path);
        var read = 0;
        var error = Record.Exception(() =>
        {
            while (reader.TryRead(out var frame))
            {
                Assert.Equal(frames[read].Ns, frame.ReceiveTimeNs);
                read++;
            }
        });
        Assert.IsAssignableFrom<IOException>(error);
        Assert.InRange(read, 1, frames.Count - 1);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _dir.Delete(true);
        GC.SuppressFinalize(this);
    }
}
