using QuantumTrader.Engine.Journal;
using QuantumTrader.Engine.Time;
using QuantumTrader.Stages.Journaling;

namespace QuantumTrader.Stages.Tests.Journaling;

/// <summary>A temporary journal directory with a writer on a manual clock.</summary>
internal sealed class JournalTestDirectory : IDisposable
{
    public JournalTestDirectory()
    {
        Directory = Path.Combine(Path.GetTempPath(), "qt-stage-journal-" + Guid.NewGuid().ToString("N"));
    }

    public string Directory { get; }

    public ManualClock Clock { get; } = new(5_000);

    /// <summary>Opens a writer; 64 MiB segments so no roll (a slow path) falls inside a measured loop.</summary>
    public JournalWriter OpenWriter() => JournalWriter.Open(new JournalOptions
    {
        Directory = Directory,
        SegmentSize = 64 * 1024 * 1024,
        SchemaFingerprint = JournalSchema.Fingerprint,
    }, Clock, new ManualClock(1));

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
