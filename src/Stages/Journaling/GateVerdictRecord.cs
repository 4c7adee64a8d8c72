using System.Buffers.Binary;
using QuantumTrader.Model;

namespace QuantumTrader.Stages.Journaling;

/// <summary>
/// <see cref="JournalRecordType.GateVerdict"/>: the gating stage's verdict on a sized order.
/// <code>
/// 0               8        10        11       12        13     14    16                 24
/// | inputSequence | symbol | approved| reason | purpose | side | rsv | quantity (raw)   |
/// </code>
/// Version 2 added the order's purpose and side in bytes that version 1 left reserved (read as an entry, side 0).
/// </summary>
public struct GateVerdictRecord
{
    /// <summary>Current version.</summary>
    public const ushort Version = 2;

    /// <summary>Payload size.</summary>
    public const int Size = 24;

    /// <summary>Journal sequence of the input record this decision was made on.</summary>
    public long InputSequence;

    /// <summary>Instrument id.</summary>
    public ushort SymbolId;

    /// <summary>The order may be routed.</summary>
    public bool Approved;

    /// <summary>Why it was blocked (0 when approved).</summary>
    public byte Reason;

    /// <summary>The quantity judged.</summary>
    public Quantity Quantity;

    /// <summary>Why the order exists (entry or which exit).</summary>
    public Model.Orders.OrderPurpose Purpose;

    /// <summary>The order's side.</summary>
    public Side Side;

    /// <summary>The gate verdict of a slot.</summary>
    public static GateVerdictRecord FromSlot(in InputEvent e, long inputSequence) => new()
    {
        InputSequence = inputSequence,
        SymbolId = e.OrderSymbolId,
        Approved = e.Approved,
        Reason = e.GateReason,
        Quantity = e.OrderQuantity,
        Purpose = e.Purpose,
        Side = e.OrderSide,
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
        d[10] = Approved ? (byte)1 : (byte)0;
        d[11] = Reason;
        d[12] = (byte)Purpose;
        d[13] = (byte)Side;
        d[14..16].Clear();
        BinaryPrimitives.WriteInt64LittleEndian(d[16..], Quantity.Raw);
    }

    /// <summary>Decodes; false when malformed or of a newer version.</summary>
    public static bool TryRead(ReadOnlySpan<byte> s, ushort version, out GateVerdictRecord r)
    {
        r = default;
        if (version is < 1 or > Version || s.Length < Size)
        {
            return false;
        }

        r.InputSequence = BinaryPrimitives.ReadInt64LittleEndian(s);
        r.SymbolId = BinaryPrimitives.ReadUInt16LittleEndian(s[8..]);
        r.Approved = s[10] != 0;
        r.Reason = s[11];
        r.Quantity = new Quantity(BinaryPrimitives.ReadInt64LittleEndian(s[16..]));
        r.Purpose = version >= 2 ? (Model.Orders.OrderPurpose)s[12] : Model.Orders.OrderPurpose.Entry;
        r.Side = version >= 2 ? (Side)s[13] : Side.None;
        return true;
    }
}
