using System.Buffers.Binary;
using QuantumTrader.Model;

namespace QuantumTrader.Stages.Journaling;

/// <summary>
/// <see cref="JournalRecordType.Sizing"/>: the sizing stage's decision (quantity 0: no order).
/// <code>
/// 0               8        10    11     16                 24                 32
/// | inputSequence | symbol | side | rsv | quantity (raw)   | price (raw, 0=mkt)|
/// </code>
/// </summary>
public struct SizingRecord
{
    /// <summary>Current version.</summary>
    public const ushort Version = 1;

    /// <summary>Payload size.</summary>
    public const int Size = 32;

    /// <summary>Journal sequence of the input record this decision was made on.</summary>
    public long InputSequence;

    /// <summary>Instrument id.</summary>
    public ushort SymbolId;

    /// <summary>Side.</summary>
    public Side Side;

    /// <summary>Order quantity (0: no order).</summary>
    public Quantity Quantity;

    /// <summary>Limit price, or 0 for a market order.</summary>
    public Price Price;

    /// <summary>The sizing decision of a slot.</summary>
    public static SizingRecord FromSlot(in InputEvent e, long inputSequence) => new()
    {
        InputSequence = inputSequence,
        SymbolId = e.SignalSymbolId,
        Side = e.SignalSide,
        Quantity = e.OrderQuantity,
        Price = e.OrderPrice,
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
        BinaryPrimitives.WriteInt64LittleEndian(d[16..], Quantity.Raw);
        BinaryPrimitives.WriteInt64LittleEndian(d[24..], Price.Raw);
    }

    /// <summary>Decodes; false when malformed or of a newer version.</summary>
    public static bool TryRead(ReadOnlySpan<byte> s, ushort version, out SizingRecord r)
    {
        r = default;
        if (version != Version || s.Length < Size)
        {
            return false;
        }

        r.InputSequence = BinaryPrimitives.ReadInt64LittleEndian(s);
        r.SymbolId = BinaryPrimitives.ReadUInt16LittleEndian(s[8..]);
        r.Side = (Side)s[10];
        r.Quantity = new Quantity(BinaryPrimitives.ReadInt64LittleEndian(s[16..]));
        r.Price = new Price(BinaryPrimitives.ReadInt64LittleEndian(s[24..]));
        return true;
    }
}
