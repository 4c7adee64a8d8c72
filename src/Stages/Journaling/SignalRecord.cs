using System.Buffers.Binary;
using QuantumTrader.Model;

namespace QuantumTrader.Stages.Journaling;

/// <summary>
/// <see cref="JournalRecordType.Signal"/>: what inference produced and what the signal stage decided, with
/// the model set's hash, each model's vote and the slot whose features were used (version 2).
/// <code>
/// 0               8        10    11         12            13            14            15       16
/// | inputSequence | symbol | side | consensus | modelsVoting | ensembleSide | failedClosed | reason |
/// 16      20      24      28           32           40             48                 56                 64
/// | pSell | pHold | pBuy  | confidence | modelVotes | ensembleHash | featuresSequence | inferenceTimeNs |
/// </code>
/// Version 1 is the first 32 bytes with bytes 13..15 reserved; it is still read (the later fields are 0).
/// </summary>
public struct SignalRecord
{
    /// <summary>Current version.</summary>
    public const ushort Version = 2;

    /// <summary>Payload size.</summary>
    public const int Size = 64;

    private const int SizeV1 = 32;

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

    /// <summary>The ensemble's own verdict before the signal rules.</summary>
    public Side EnsembleSide;

    /// <summary>Inference failed closed (too few valid model outputs): HOLD.</summary>
    public bool FailedClosed;

    /// <summary>Why no signal was issued (a SignalReason value; 0 when it passed).</summary>
    public byte Reason;

    /// <summary>Each model's vote, 2 bits per model in config order (0 none, 1 SELL, 2 HOLD, 3 BUY).</summary>
    public ulong ModelVotes;

    /// <summary>Hash of the model set (every model's SHA-256 and weight).</summary>
    public long EnsembleHash;

    /// <summary>Ring sequence of the slot whose feature vector was inferred.</summary>
    public long FeaturesSequence;

    /// <summary>Event time of the inference (the candle close), ns.</summary>
    public long InferenceTimeNs;

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
        EnsembleSide = e.EnsembleSide,
        FailedClosed = e.InferenceFailedClosed,
        Reason = e.SignalReason,
        ModelVotes = e.ModelVotes,
        EnsembleHash = e.EnsembleHash,
        FeaturesSequence = e.FeaturesSequence,
        InferenceTimeNs = e.InferenceTimeNs,
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
        d[13] = (byte)EnsembleSide;
        d[14] = FailedClosed ? (byte)1 : (byte)0;
        d[15] = Reason;
        BinaryPrimitives.WriteSingleLittleEndian(d[16..], ProbSell);
        BinaryPrimitives.WriteSingleLittleEndian(d[20..], ProbHold);
        BinaryPrimitives.WriteSingleLittleEndian(d[24..], ProbBuy);
        BinaryPrimitives.WriteSingleLittleEndian(d[28..], Confidence);
        BinaryPrimitives.WriteUInt64LittleEndian(d[32..], ModelVotes);
        BinaryPrimitives.WriteInt64LittleEndian(d[40..], EnsembleHash);
        BinaryPrimitives.WriteInt64LittleEndian(d[48..], FeaturesSequence);
        BinaryPrimitives.WriteInt64LittleEndian(d[56..], InferenceTimeNs);
    }

    /// <summary>Decodes; false when malformed or of a newer version.</summary>
    public static bool TryRead(ReadOnlySpan<byte> s, ushort version, out SignalRecord r)
    {
        r = default;
        if (version is < 1 or > Version || s.Length < (version == 1 ? SizeV1 : Size))
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
        if (version == 1)
        {
            return true;
        }

        r.EnsembleSide = (Side)s[13];
        r.FailedClosed = s[14] != 0;
        r.Reason = s[15];
        r.ModelVotes = BinaryPrimitives.ReadUInt64LittleEndian(s[32..]);
        r.EnsembleHash = BinaryPrimitives.ReadInt64LittleEndian(s[40..]);
        r.FeaturesSequence = BinaryPrimitives.ReadInt64LittleEndian(s[48..]);
        r.InferenceTimeNs = BinaryPrimitives.ReadInt64LittleEndian(s[56..]);
        return true;
    }
}
