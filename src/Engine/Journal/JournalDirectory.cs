using System.Globalization;

namespace QuantumTrader.Engine.Journal;

/// <summary>Lists the segment files of a journal directory in order.</summary>
public static class JournalDirectory
{
    /// <summary>Segment files sorted by index; when both forms of one index exist, the raw one wins.</summary>
    public static List<SegmentFile> List(string directory)
    {
        var byIndex = new SortedDictionary<long, SegmentFile>();
        if (!System.IO.Directory.Exists(directory))
        {
            return new List<SegmentFile>();
        }

        foreach (var path in System.IO.Directory.EnumerateFiles(directory))
        {
            var name = System.IO.Path.GetFileName(path);
            bool compressed;
            string stem;
            if (name.EndsWith(JournalFormat.CompressedExtension, StringComparison.Ordinal))
            {
                compressed = true;
                stem = name[..^JournalFormat.CompressedExtension.Length];
            }
            else if (name.EndsWith(JournalFormat.SegmentExtension, StringComparison.Ordinal))
            {
                compressed = false;
                stem = name[..^JournalFormat.SegmentExtension.Length];
            }
            else
            {
                continue;
            }

            if (stem.Length != 10 || !long.TryParse(stem, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                continue;
            }

            if (!byIndex.TryGetValue(index, out var existing) || (existing.Compressed && !compressed))
            {
                byIndex[index] = new SegmentFile(index, path, compressed);
            }
        }

        return new List<SegmentFile>(byIndex.Values);
    }

    /// <summary>Path of the raw form of segment <paramref name="index"/>.</summary>
    public static string SegmentPath(string directory, long index) => System.IO.Path.Combine(directory, JournalFormat.SegmentFileName(index));

    /// <summary>Path of the compressed form of segment <paramref name="index"/>.</summary>
    public static string CompressedPath(string directory, long index) => System.IO.Path.Combine(directory, JournalFormat.CompressedFileName(index));
}
