using System.Globalization;
using QuantumTrader.Engine.Journal;
using QuantumTrader.Engine.Time;

namespace QuantumTrader.Runtime.Journal;

/// <summary>
/// Hidden helper for the crash test: appends records with a payload that is a pure function of their
/// sequence, as fast as it can, and prints each sequence to stdout after it is committed. The test kills
/// it with SIGKILL and checks that everything it printed survived.
/// </summary>
internal static class CrashWriter
{
    /// <summary>Record type id the helper writes (not a trading type: tools skip it as unknown).</summary>
    public const ushort RecordType = 60_001;

    /// <summary>The payload of sequence <paramref name="sequence"/>.</summary>
    public static void FillPayload(long sequence, Span<byte> payload)
    {
        var x = (ulong)sequence * 0x9E3779B97F4A7C15UL;
        for (var i = 0; i < payload.Length; i++)
        {
            x ^= x >> 29;
            x *= 0xBF58476D1CE4E5B9UL;
            payload[i] = (byte)x;
        }
    }

    /// <summary>The payload length of sequence <paramref name="sequence"/>.</summary>
    public static int PayloadLength(long sequence, int maxPayload) => (int)(((ulong)sequence * 0x9E3779B97F4A7C15UL >> 40) % (ulong)(maxPayload + 1));

    /// <summary>Runs until killed (or until <paramref name="maxRecords"/> records when positive).</summary>
    public static int Run(string directory, long segmentSize, int maxPayload, long maxRecords, TextWriter output)
    {
        using var writer = JournalWriter.Open(new JournalOptions { Directory = directory, SegmentSize = segmentSize }, MonotonicClock.Instance);
        output.WriteLine("open " + writer.NextSequence.ToString(CultureInfo.InvariantCulture) + " " + writer.RecoveredTornBytes.ToString(CultureInfo.InvariantCulture));
        output.Flush();
        for (long n = 0; maxRecords <= 0 || n < maxRecords; n++)
        {
            var sequence = writer.NextSequence;
            var length = PayloadLength(sequence, maxPayload);
            FillPayload(sequence, writer.BeginRecord(length));
            var committed = writer.Commit(RecordType, 1);
            output.WriteLine(committed.ToString(CultureInfo.InvariantCulture));
            if ((n & 63) == 0)
            {
                output.Flush();
            }
        }

        output.Flush();
        return 0;
    }
}
