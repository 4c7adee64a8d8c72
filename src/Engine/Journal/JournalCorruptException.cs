using System.Globalization;

namespace QuantumTrader.Engine.Journal;

/// <summary>
/// Thrown by <see cref="JournalWriter.Open"/> when the journal holds committed records that are damaged (a
/// checksum failure before the last committed record, a segment header that no longer checks out, a segment
/// file shorter than its header says). The writer refuses to append and changed nothing on disk: recovery may
/// discard only a torn tail that was never committed, never rewrite history.
/// </summary>
public sealed class JournalCorruptException : IOException
{
    /// <summary>Creates the exception for a defect found while opening <paramref name="directory"/> for writing.</summary>
    /// <param name="directory">The journal directory.</param>
    /// <param name="corruption">Segment file, byte offset, kind and description of the defect.</param>
    /// <param name="sequence">Sequence of the first damaged record (0: not known).</param>
    public JournalCorruptException(string directory, JournalCorruption corruption, long sequence)
        : base(Describe(directory, corruption, sequence))
    {
        Directory = directory;
        Corruption = corruption;
        Sequence = sequence;
    }

    /// <summary>The journal directory.</summary>
    public string Directory { get; }

    /// <summary>Segment file, byte offset, kind and description of the defect.</summary>
    public JournalCorruption Corruption { get; }

    /// <summary>Sequence of the first damaged record (0: not known).</summary>
    public long Sequence { get; }

    private static string Describe(string directory, JournalCorruption c, long sequence)
    {
        var inv = CultureInfo.InvariantCulture;
        var at = sequence > 0 ? string.Create(inv, $", sequence {sequence}") : "";
        var keep = sequence > 1 ? string.Create(inv, $"; `quantumtrader journal export {directory} --to {sequence - 1}` still reads the records before it") : "";
        return string.Create(inv, $"journal is corrupt: segment {c.SegmentPath}, byte offset {c.Offset}{at}: {c.Detail}. ")
            + "Nothing was changed and nothing will be appended to this journal. "
            + $"Run `quantumtrader journal verify {directory}` for every defect, keep the directory for investigation or restore it from a copy, "
            + $"and start with a fresh journal directory (run --journal NEW_DIR){keep}.";
    }
}
