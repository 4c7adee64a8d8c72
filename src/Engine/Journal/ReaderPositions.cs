using System.Globalization;

namespace QuantumTrader.Engine.Journal;

/// <summary>
/// Saved positions of named readers, one small file each under <c>readers/</c> in the journal directory,
/// replaced atomically (write, fsync, rename). Retention keeps the segments they still need.
/// </summary>
public static class ReaderPositions
{
    /// <summary>Sub-directory holding reader positions.</summary>
    public const string DirectoryName = "readers";

    /// <summary>Saves that reader <paramref name="name"/> will next read <paramref name="nextSequence"/>.</summary>
    public static void Save(string journalDirectory, string name, long nextSequence)
    {
        ValidateName(name);
        var dir = Path.Combine(journalDirectory, DirectoryName);
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name + ".pos");
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write("next_sequence=");
            writer.Write(nextSequence.ToString(CultureInfo.InvariantCulture));
            writer.Write('\n');
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The saved next sequence of reader <paramref name="name"/>, or null when it has none.</summary>
    public static long? Load(string journalDirectory, string name)
    {
        ValidateName(name);
        var path = Path.Combine(journalDirectory, DirectoryName, name + ".pos");
        return File.Exists(path) ? Parse(File.ReadAllText(path), path) : null;
    }

    /// <summary>All saved positions by reader name, in name order.</summary>
    public static SortedDictionary<string, long> LoadAll(string journalDirectory)
    {
        var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var dir = Path.Combine(journalDirectory, DirectoryName);
        if (Directory.Exists(dir))
        {
            foreach (var path in Directory.EnumerateFiles(dir, "*.pos"))
            {
                result[Path.GetFileNameWithoutExtension(path)] = Parse(File.ReadAllText(path), path);
            }
        }

        return result;
    }

    private static long Parse(string text, string path)
    {
        const string Key = "next_sequence=";
        var line = text.Trim();
        if (!line.StartsWith(Key, StringComparison.Ordinal)
            || !long.TryParse(line.AsSpan(Key.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw new InvalidDataException($"{path}: not a reader position file");
        }

        return value;
    }

    private static void ValidateName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                throw new ArgumentException($"reader name '{name}' may hold only letters, digits, '-', '_' and '.'", nameof(name));
            }
        }
    }
}
