using System.Buffers.Binary;
using QuantumTrader.Model.State;
using QuantumTrader.Stages.State;

namespace QuantumTrader.Stages.Journaling;

/// <summary>
/// <see cref="JournalRecordType.ModeChange"/>: a trading mode change made by the gating stage (legacy
/// <c>policy.updated</c>), or the run's start mode (cause <see cref="ModeCause.Start"/>, written when the run starts,
/// before any input, with input sequence -1).
/// <code>
/// 0               8        10      11     12   13    14      16
/// | inputSequence | symbol | scope | from | to | rsv | cause |
/// scope: 0 global, 1 the symbol
/// </code>
/// </summary>
public static class ModeChangeRecord
{
    /// <summary>Current version.</summary>
    public const ushort Version = 1;

    /// <summary>Payload size.</summary>
    public const int Size = 16;

    /// <summary>Input sequence of the start-mode record (written before any input).</summary>
    public const long BeforeAnyInput = -1;

    /// <summary>Encodes <paramref name="change"/>, made on the slot whose input record is <paramref name="inputSequence"/>.</summary>
    public static void Write(Span<byte> d, in ModeChange change, long inputSequence)
    {
        if (d.Length < Size)
        {
            ThrowHelper.ThrowTooShort();
        }

        BinaryPrimitives.WriteInt64LittleEndian(d, inputSequence);
        BinaryPrimitives.WriteUInt16LittleEndian(d[8..], change.SymbolId);
        d[10] = change.SymbolScope ? (byte)1 : (byte)0;
        d[11] = (byte)change.From;
        d[12] = (byte)change.To;
        d[13] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(d[14..], (ushort)change.Cause);
    }

    /// <summary>Decodes; false when malformed or of a newer version.</summary>
    public static bool TryRead(ReadOnlySpan<byte> s, ushort version, out ModeChange change, out long inputSequence)
    {
        change = default;
        inputSequence = 0;
        if (version != Version || s.Length < Size)
        {
            return false;
        }

        inputSequence = BinaryPrimitives.ReadInt64LittleEndian(s);
        change = new ModeChange(s[10] != 0, BinaryPrimitives.ReadUInt16LittleEndian(s[8..]), (TradingMode)s[11], (TradingMode)s[12], (ModeCause)BinaryPrimitives.ReadUInt16LittleEndian(s[14..]));
        return true;
    }
}
