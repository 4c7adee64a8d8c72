using System.Buffers.Binary;
using QuantumTrader.Stages.Model;

namespace QuantumTrader.Stages.Journaling;

/// <summary>
/// <see cref="JournalRecordType.Signal"/>: what inference produced and what the signal stage decided.
/// <code>
/// 0               8        10   11        12           13    16       20       24       28         32
/// | inputSequence | symbol | side| consensus| modelsVoting| rsv | pSell  | pHold  | pBuy   | confidence |
/// </code>
/// </summary>
public struct SignalRecord
{
    /// <summary>Current version.</summary>
    public const ushort Version = 1;

    /// <summary>Payload size.</summary>
    public const int Size = 32;

    /// <summary>Journal sequence of the input record this decision was made on.</summary>
    public long InputSequence;

    /// <summary>Instrument id.</summary>
    public ushort SymbolId;

    /// <summary>Signal direction (None: hold).</summary>
    public Side Side;

    /// <summary>Models that voted for the winning class.</summary>
    public byte Consensus;

    /// <summary>Models that produced a valid output.</summary>
    public byte ModelsVoting;

    /// <summary>Ensemble probability of SELL.</summary>
    public float ProbSell;

    /// <summary>Ensemble probability of HOLD.</summary>
    public float ProbHold;

    /// <summary>Ensemble probability of BUY.</summary>
    public float ProbBuy;

    /// <summary>Signal confidence, 0..1.</summary>
    public float Confidence;

    /// <summary>The record of a slot's inference and signal sections.</summary>
    public static SignalRecord FromSlot(in InputEvent e, long inputSequence) => new()
    {
        InputSequence = inputSequence,
        SymbolId = e.InferenceSymbolId,
        Side = e.SignalSide,
        Consensus = e.Consensus,
        ModelsVoting = e.ModelsVoting,
        ProbSell = e.ProbSell,
        ProbHold = e.ProbHold,
        ProbBuy = e.ProbBuy,
        Confidence = e.Confidence,
    };

    /// <summary>Encodes into <paramref name="d"/> (at least <see cref="Size"/> bytes).</summary>
    public readonly void Write(Span<byte> d)
    {
        if (d.Length < Size)
        {
            ThrowHelper.ThrowTooShort();
        }

        BinaryPrimitives.WriteInt64LittleEndian(d, InputSequence);
        BinaryPrimitives.WriteUInt16LittleEndian(d[8..], SymbolId);
        d[10] = (byte)Side;
        d[11] = Consensus;
        d[12] = ModelsVoting;
        d[13..16].Clear();
        BinaryPrimitives.WriteSingleLittleEndian(d[16..], ProbSell);
        BinaryPrimitives.WriteSingleLittleEndian(d[20..], ProbHold);
        BinaryPrimitives.WriteSingleLittleEndian(d[24..], ProbBuy);
        BinaryPrimitives.WriteSingleLittleEndian(d[28..], Confidence);
    }

    /// <summary>Decodes; false when malformed or of a newer version.</summary>
    public static bool TryRead(ReadOnlySpan<byte> s, ushort version, out SignalRecord r)
    {
        r = default;
        if (version != Version || s.Length < Size)
        {
            return false;
        }

        r.InputSequence = BinaryPrimitives.ReadInt64LittleEndian(s);
        r.SymbolId = BinaryPrimitives.ReadUInt16LittleEndian(s[8..]);
        r.Side = (Side)s[10];
        r.Consensus = s[11];
        r.ModelsVoting = s[12];
        r.ProbSell = BinaryPrimitives.ReadSingleLittleEndian(s[16..]);
        r.ProbHold = BinaryPrimitives.ReadSingleLittleEndian(s[20..]);
        r.ProbBuy = BinaryPrimitives.ReadSingleLittleEndian(s[24..]);
        r.Confidence = BinaryPrimitives.ReadSingleLittleEndian(s[28..]);
        return true;
    }
}
