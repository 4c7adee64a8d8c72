using System.Buffers.Binary;
using System.Text;
using QuantumTrader.Stages.Inference;

namespace QuantumTrader.Stages.Journaling;

/// <summary>
/// <see cref="JournalRecordType.ModelLoad"/>: one model of a model set the run used, written when the run
/// starts (generation 0) and after the input record of each model swap control event, so a replay can load
/// the same models by hash (legacy <c>model.retrain</c>). One record per model, in vote-bit order.
/// <code>
/// 0            8              16      17      18      19     20          24               28       36        37
/// | generation | ensembleHash | index | count | flags | rsvd | minVoters | minDirectional | weight | shaLen  |
/// 37        39
/// | pathLen | sha256 ASCII (shaLen) | path UTF-8 (pathLen) |
/// </code>
/// Flags: bit 0 = applied (the set is in use from this record's slot on; 0 when the swap was refused),
/// bit 1 = refused (the model was refused at load and never votes). Variable length: <see cref="Size"/> is
/// the fixed part.
/// </summary>
public static class ModelLoadRecord
{
    /// <summary>Current version.</summary>
    public const ushort Version = 1;

    /// <summary>Size of the fixed part (the payload is this plus the SHA-256 text and the path).</summary>
    public const int Size = 39;

    /// <summary>Longest path recorded, in UTF-8 bytes (a longer one is cut; the hash identifies the model).</summary>
    public const int MaxPathBytes = 4096;

    private const int MaxShaBytes = 64;

    /// <summary>Payload size of the record for <paramref name="source"/>.</summary>
    public static int SizeOf(ModelSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Size + Math.Min(source.Sha256.Length, MaxShaBytes) + Math.Min(Encoding.UTF8.GetByteCount(source.Path), MaxPathBytes);
    }

    /// <summary>Encodes model <paramref name="index"/> of <paramref name="ensemble"/> (generation
    /// <paramref name="generation"/>) into <paramref name="d"/> (at least <see cref="SizeOf"/> bytes); returns the size.</summary>
    /// <remarks>No allocation: used on the journal stage's thread at start and on a swap.</remarks>
    public static int Write(Span<byte> d, long generation, Ensemble ensemble, int index, bool applied)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        var source = ensemble.Sources[index];
        var size = SizeOf(source);
        if (d.Length < size)
        {
            ThrowHelper.ThrowTooShort();
        }

        d[..Size].Clear();
        BinaryPrimitives.WriteInt64LittleEndian(d, generation);
        BinaryPrimitives.WriteInt64LittleEndian(d[8..], ensemble.Hash);
        d[16] = (byte)index;
        d[17] = (byte)ensemble.Count;
        d[18] = (byte)((applied ? 1 : 0) | (source.Refused ? 2 : 0));
        BinaryPrimitives.WriteInt32LittleEndian(d[20..], ensemble.MinVoters);
        BinaryPrimitives.WriteInt32LittleEndian(d[24..], ensemble.MinDirectionalConsensus);
        BinaryPrimitives.WriteDoubleLittleEndian(d[28..], source.Weight);
        var shaLength = Math.Min(source.Sha256.Length, MaxShaBytes);
        d[36] = (byte)shaLength;
        for (var i = 0; i < shaLength; i++)
        {
            d[Size + i] = (byte)source.Sha256[i];
        }

        var path = d.Slice(Size + shaLength, size - Size - shaLength);
        var full = Encoding.UTF8.GetByteCount(source.Path);
        if (full <= MaxPathBytes)
        {
            Encoding.UTF8.GetBytes(source.Path, path);
        }
        else
        {
            // Rare (a path over 4 KiB): cut at a character boundary that fits.
            var chars = source.Path.AsSpan();
            while (Encoding.UTF8.GetByteCount(chars) > MaxPathBytes)
            {
                chars = chars[..^1];
            }

            path.Clear();
            Encoding.UTF8.GetBytes(chars, path);
        }

        BinaryPrimitives.WriteUInt16LittleEndian(d[37..], (ushort)path.Length);
        return size;
    }

    /// <summary>Decodes (allocates strings: tools and replay only).</summary>
    public static bool TryRead(ReadOnlySpan<byte> s, ushort version, out ModelLoad load)
    {
        load = default!;
        if (version != Version || s.Length < Size)
        {
            return false;
        }

        var shaLength = s[36];
        var pathLength = BinaryPrimitives.ReadUInt16LittleEndian(s[37..]);
        if (s.Length < Size + shaLength + pathLength)
        {
            return false;
        }

        load = new ModelLoad(
            BinaryPrimitives.ReadInt64LittleEndian(s),
            BinaryPrimitives.ReadInt64LittleEndian(s[8..]),
            s[16],
            s[17],
            (s[18] & 1) != 0,
            (s[18] & 2) != 0,
            BinaryPrimitives.ReadInt32LittleEndian(s[20..]),
            BinaryPrimitives.ReadInt32LittleEndian(s[24..]),
            BinaryPrimitives.ReadDoubleLittleEndian(s[28..]),
            Encoding.ASCII.GetString(s.Slice(Size, shaLength)),
            Encoding.UTF8.GetString(s.Slice(Size + shaLength, pathLength)));
        return true;
    }
}

/// <summary>A decoded <see cref="ModelLoadRecord"/>.</summary>
/// <param name="Generation">Model set generation (0: the set the run started with).</param>
/// <param name="EnsembleHash">The set's <see cref="Ensemble.Hash"/>.</param>
/// <param name="Index">This model's position in the set.</param>
/// <param name="Count">Models in the set.</param>
/// <param name="Applied">The set is in use from this record's slot on (false: the swap was refused).</param>
/// <param name="Refused">The model was refused at load: it never votes.</param>
/// <param name="MinVoters">The set's minimum voters.</param>
/// <param name="MinDirectionalConsensus">The set's directional override (0: off).</param>
/// <param name="Weight">The model's voting weight.</param>
/// <param name="Sha256">SHA-256 of the ONNX file, lower-case hex.</param>
/// <param name="Path">Where the run loaded it from.</param>
public sealed record ModelLoad(long Generation, long EnsembleHash, int Index, int Count, bool Applied, bool Refused, int MinVoters, int MinDirectionalConsensus, double Weight, string Sha256, string Path);
