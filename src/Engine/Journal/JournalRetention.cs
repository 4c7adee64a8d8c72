namespace QuantumTrader.Engine.Journal;

/// <summary>
/// Deletes the oldest sealed segments while the journal is older or larger than allowed. Never deletes
/// the newest started segment, and never a segment holding records a saved reader position still needs,
/// unless told to.
/// </summary>
public static class JournalRetention
{
    /// <summary>Applies retention; returns the deleted files.</summary>
    /// <param name="directory">Journal directory.</param>
    /// <param name="maxAgeNs">Delete segments whose last record is older than <paramref name="nowNs"/> minus this (0: no age limit).</param>
    /// <param name="maxTotalBytes">Delete oldest segments while the total size exceeds this (0: no size limit).</param>
    /// <param name="nowNs">Current time on the records' clock.</param>
    /// <param name="overrideReaders">True to delete even segments a saved reader position still needs.</param>
    public static List<string> Apply(string directory, long maxAgeNs, long maxTotalBytes, long nowNs, bool overrideReaders = false)
    {
        var deleted = new List<string>();
        var summaries = new List<SegmentSummary>();
        foreach (var file in JournalDirectory.List(directory))
        {
            if (SegmentSummary.Read(file) is { } summary)
            {
                summaries.Add(summary);
            }
        }

        long total = 0;
        foreach (var s in summaries)
        {
            total += s.SizeOnDisk;
        }

        var oldestNeeded = long.MaxValue;
        if (!overrideReaders)
        {
            foreach (var position in ReaderPositions.LoadAll(directory).Values)
            {
                oldestNeeded = Math.Min(oldestNeeded, position);
            }
        }

        for (var i = 0; i < summaries.Count - 1; i++)
        {
            var s = summaries[i];
            var h = s.Header;
            if (!h.IsSealed || h.LastSequence >= oldestNeeded)
            {
                break;
            }

            var tooOld = maxAgeNs > 0 && h.LastTimestampNs < nowNs - maxAgeNs;
            var tooBig = maxTotalBytes > 0 && total > maxTotalBytes;
            if (!tooOld && !tooBig)
            {
                break;
            }

            File.Delete(s.File.Path);
            total -= s.SizeOnDisk;
            deleted.Add(s.File.Path);
        }

        return deleted;
    }
}
