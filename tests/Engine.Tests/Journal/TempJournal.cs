using QuantumTrader.Engine.Journal;
using QuantumTrader.Engine.Time;

namespace QuantumTrader.Engine.Tests.Journal;

/// <summary>A fresh journal directory deleted after the test, and helpers to fill it.</summary>
internal sealed class TempJournal : IDisposable
{
    public const long SmallSegment = 1024 * 1024;

    public TempJournal()
    {
        Directory = Path.Combine(Path.GetTempPath(), "qt-journal-test-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public ManualClock Clock { get; } = new(1_000);

    public JournalOptions Options(long segmentSize = SmallSegment, bool prepareAhead = true) => new()
    {
        Directory = Directory,
        SegmentSize = segmentSize,
        InstanceId = 7,
        SchemaFingerprint = 0xABCDEF,
        PrepareAhead = prepareAhead,
    };

    public JournalWriter OpenWriter(long segmentSize = SmallSegment, bool prepareAhead = true) =>
        JournalWriter.Open(Options(segmentSize, prepareAhead), Clock, new ManualClock(42));

    /// <summary>Deterministic payload for a sequence: length and bytes are functions of it.</summary>
    public static byte[] PayloadFor(long sequence, int maxLength = 200)
    {
        var length = (int)((sequence * 2654435761L) % maxLength);
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)((sequence * 31) + i);
        }

        return bytes;
    }

    public void AppendMany(JournalWriter writer, int count, int maxLength = 200)
    {
        for (var i = 0; i < count; i++)
        {
            var seq = writer.NextSequence;
            Clock.Advance(10);
            writer.Append((ushort)(1 + (seq % 3)), 1, PayloadFor(seq, maxLength));
        }
    }

    public static List<(long Seq, ushort Type, long Ts, byte[] Payload)> ReadAll(JournalReader reader, out JournalReadResult end)
    {
        var list = new List<(long, ushort, long, byte[])>();
        while ((end = reader.TryRead(out var record)) == JournalReadResult.Record)
        {
            list.Add((record.Sequence, record.Type, record.TimestampNs, record.Payload.ToArray()));
        }

        return list;
    }

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
