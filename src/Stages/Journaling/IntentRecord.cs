using System.Buffers.Binary;
using QuantumTrader.Model;

namespace QuantumTrader.Stages.Journaling;

/// <summary>
/// <see cref="JournalRecordType.Intent"/>: a directional signal became an intent to trade.
/// <code>
/// 0               8        10    11     16           20     24
/// | inputSequence | symbol | side | rsv | confidence | rsv |
/// </code>
/// </summary>
public struct IntentRecord
{
    /// <summary>Current version.</summary>
    public const ushort Version = 1;

    /// <summary>Payload size.</summary>
    public const int Size = 24;

    /// <summary>Journal sequence of the input record this decision was made on.</summary>
    public long InputSequence;

    /// <summary>Instrument id.</summary>
    public ushort SymbolId;

    /// <summary>Intended side.</summary>
    public Side Side;

    /// <summary>Confidence of the signal behind it.</summary>
    public float Confidence;

    /// <summary>The intent of a slot's signal section.</summary>
    public static IntentRecord FromSlot(in InputEvent e, long inputSequence) => new()
    {
        InputSequence = inputSequence,
        SymbolId = e.SignalSymbolId,
        Side = e.SignalSide,
        Confidence = e.Confidence,
    };

    /// <summary>Encodes into <paramref name="d"/>.</summary>
    public readonly void Write(Span<byte> d)
    {
        if (d.Length < Size)
        {
            ThrowHelper.ThrowTooShort();
        }

        BinaryPrimitives.WriteInt64LittleEndian(d, InputSequence);
        BinaryPrimitives.WriteUInt16LittleEndian(d[8..], SymbolId);
        d[10] = (byte)Side;
        d[11..16].Clear();
        BinaryPrimitives.WriteSingleLittleEndian(d[16..], Confidence);
        d[20..24].Clear();
    }

    /// <summary>Decodes; false when malformed or of a newer version.</summary>
    public static bool TryRead(ReadOnlySpan<byte> s, ushort version, out IntentRecord r)
    {
        r = default;
        if (version != Version || s.Length < Size)
        {
            return false;
        }

        r.InputSequence = BinaryPrimitives.ReadInt64LittleEndian(s);
        r.SymbolId = BinaryPrimitives.ReadUInt16LittleEndian(s[8..]);
        r.Side = (Side)s[10];
        r.Confidence = BinaryPrimitives.ReadSingleLittleEndian(s[16..]);
        return true;
    }
}
