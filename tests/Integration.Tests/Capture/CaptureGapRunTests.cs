using System.Text.Json;
using QuantumTrader.Engine.Journal;
using QuantumTrader.Stages.Journaling;
using QuantumTrader.Model;
using Xunit;

namespace QuantumTrader.Integration.Tests.Capture;

/// <summary><c>run --data</c> on a capture whose depth stream has a gap and no later snapshot: the book cannot be
/// resynced, so the symbol's data is unusable from the gap on.</summary>
[Trait("Category", "Integration")]
public sealed class CaptureGapRunTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("qt-capture-gap-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Run_DepthGapWithoutLaterSnapshot_NoDecisionAfterTheGapAndFeedStatesJournaled()
    {
        // Drop one depth frame three quarters into the recording (after the 200-candle warm-up): a pu break that
        // no later snapshot can repair.
        var lines = CaptureProcess.RecordedLines();
        var depth = CaptureProcess.DepthLines(lines);
        lines.RemoveAt(depth[depth.Count * 3 / 4]);
        var capture = Path.Combine(_dir.FullName, "btcusdt_gap.txt");
        File.WriteAllLines(capture, lines);
        var journal = Path.Combine(_dir.FullName, "journal");

        var (code, stdout, stderr) = CaptureProcess.Run(150_000, "run", "--data", capture, "--speed", "max", "--journal", journal, "--json");
        Assert.True(code == 0, $"exit {code}; stderr: {stderr}");
        using var report = JsonDocument.Parse(stdout);
        var vectors = report.RootElement.GetProperty("feature_vectors").GetInt64();
        Assert.True(report.RootElement.GetProperty("feature_vectors_book_unusable").GetInt64() > 0); // the refusals are counted

        long gapAt = -1;
        var signalsBefore = 0;
        var signalsAfter = 0;
        var statesAfter = new List<FeedStateCode>();
        using (var reader = JournalReader.Open(journal))
        {
            while (reader.TryRead(out var r) == JournalReadResult.Record)
            {
                if (r.Type == JournalRecordType.Input)
                {
                    var e = default(InputEvent);
                    Assert.True(InputRecord.TryRead(r.Payload, r.Version, ref e));
                    if (e.Kind == InputKind.FeedState && gapAt < 0 && e.Code == (ushort)FeedStateCode.BookGap)
                    {
                        gapAt = r.Sequence;
                    }
                    else if (e.Kind == InputKind.FeedState && gapAt >= 0)
                    {
                        statesAfter.Add((FeedStateCode)e.Code);
                    }
                }
                else if (r.Type == JournalRecordType.Signal)
                {
                    if (gapAt < 0)
                    {
                        signalsBefore++;
                    }
                    else
                    {
                        signalsAfter++;
                    }
                }
            }
        }

        Assert.True(gapAt > 0, "no BookGap feed state in the journal");
        Assert.Contains(FeedStateCode.BookResyncing, statesAfter);
        Assert.DoesNotContain(FeedStateCode.BookInSync, statesAfter);
        Assert.True(signalsBefore > 0, "no decision before the gap: the test would prove nothing");
        Assert.Equal(0, signalsAfter);
        Assert.Equal(signalsBefore, vectors); // every vector was made before the gap
    }
}
