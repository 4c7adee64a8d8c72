using QuantumTrader.Engine.Journal;

namespace QuantumTrader.Runtime.Composition;

// Design:
//   Client order ids must not repeat across fresh journals (two runs each starting at sequence 1 used to send
//   the same ids). The run identity is the creation time (epoch ns) of the journal's first segment, read from its
//   header: it is in the journal, so a replay derives the same identity, and it stays the same when a restarted
//   engine appends to the journal (whose sequences, and so decision ids, continue). Two journals created in the
//   same nanosecond would share it; retention that deletes the first segment changes it for later runs (which
//   still cannot repeat an earlier id: their sequences are higher), but a replay then no longer has that run's
//   identity (nor its first inputs).

/// <summary>The run identity of a journal, carried by every client order id of the runs journaled there.</summary>
public static class JournalRunIdentity
{
    /// <summary>The creation time of the first segment of the journal in <paramref name="directory"/> (epoch ns,
    /// at least 1); throws <see cref="InvalidDataException"/> when the journal has no readable segment header.</summary>
    public static long Of(string directory)
    {
        var segments = JournalDirectory.List(directory);
        if (segments.Count == 0)
        {
            throw new InvalidDataException($"journal {directory} has no segment: no run identity for client order ids");
        }

        var first = segments[0];
        var header = first.Compressed ? SegmentCompressor.ReadHeader(first.Path) : SegmentSummary.Read(first)?.Header ?? default;
        if (!header.HeaderValid || header.CreationTimeNs <= 0)
        {
            throw new InvalidDataException($"journal segment {first.Path} has no valid header: no run identity for client order ids");
        }

        return header.CreationTimeNs;
    }
}
