using QuantumTrader.Runtime.Journal;
using System.Security.Cryptography;
using QuantumTrader.Stages.Inference;
using QuantumTrader.Stages.Journaling;

namespace QuantumTrader.Runtime.Journal;

// Design:
//   A replay must use the very models the run used, also after the config was edited and the files replaced
//   (a SIGHUP swap is exactly that). The journal records each model's SHA-256 and path (model load records);
//   this archive keeps a copy of every model file and its sidecar beside the journal, named by that hash
//   (DIR/models/<sha256>.onnx and .onnx.json), content-addressed so a restart or a reload of the same file
//   copies nothing. A copy is written to a temporary name, its hash checked, then renamed: a file that
//   changed since it was loaded is refused, never archived under the wrong hash.

/// <summary>The model files of a run, copied beside its journal by SHA-256.</summary>
public sealed class ModelArchive
{
    /// <summary>The archive's folder inside the journal directory.</summary>
    public const string Folder = "models";

    /// <summary>Creates the archive of the journal in <paramref name="journalDirectory"/>.</summary>
    public ModelArchive(string journalDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(journalDirectory);
        JournalDirectory = journalDirectory;
    }

    /// <summary>The journal's directory.</summary>
    public string JournalDirectory { get; }

    /// <summary>Where the model with <paramref name="sha256"/> is archived for the journal in <paramref name="journalDirectory"/>.</summary>
    public static string PathOf(string journalDirectory, string sha256) => Path.Combine(journalDirectory, Folder, sha256 + ".onnx");

    /// <summary>Copies every loaded model of <paramref name="ensemble"/> (and its sidecar) into the archive.
    /// Throws <see cref="IOException"/> when a file cannot be copied or no longer has the hash it was loaded with.</summary>
    public void Add(Ensemble ensemble)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        foreach (var source in ensemble.Sources)
        {
            // Refused models never vote, and stand-in classifiers of tests come from no file.
            if (source.Refused || !IsSha256(source.Sha256))
            {
                continue;
            }

            var target = PathOf(JournalDirectory, source.Sha256);
            if (File.Exists(target) && File.Exists(ModelManifest.SidecarPath(target)))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var temporary = target + ".tmp";
            File.Copy(source.Path, temporary, overwrite: true);
            if (!string.Equals(HashOf(temporary), source.Sha256, StringComparison.Ordinal))
            {
                File.Delete(temporary);
                throw new IOException($"model {source.Path} changed since it was loaded (SHA-256 is no longer {source.Sha256}); not archived");
            }

            File.Copy(ModelManifest.SidecarPath(source.Path), ModelManifest.SidecarPath(target), overwrite: true);
            File.Move(temporary, target, overwrite: true);
        }
    }

    /// <summary>
    /// The file to load <paramref name="model"/> from for the journal in <paramref name="journalDirectory"/>:
    /// its archived copy, else the path the run loaded it from when that file still has the same SHA-256;
    /// null when neither.
    /// </summary>
    public static string? Locate(string journalDirectory, ModelLoad model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var archived = PathOf(journalDirectory, model.Sha256);
        if (IsSha256(model.Sha256) && File.Exists(archived))
        {
            return archived;
        }

        return File.Exists(model.Path) && string.Equals(HashOf(model.Path), model.Sha256, StringComparison.Ordinal) ? model.Path : null;
    }

    private static bool IsSha256(string text)
    {
        if (text.Length != 64)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static string HashOf(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
