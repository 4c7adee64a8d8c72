using System.Buffers.Binary;
using QuantumTrader.Model;

namespace QuantumTrader.Stages.Journaling;

/// <summary>
/// Codec of <see cref="JournalRecordType.Input"/>: the input section of a ring slot plus normalize's verdict.
/// </summary>
/// <remarks>
/// <code>
/// 0    1     2         4       6      8               16              24               32
/// |kind|venue|symbolId |flags  |code  |exchangeTimeNs  |receiveTimeNs   |sourceSequence  |
/// 32        40         48        56          64        72          80    88    96    104   112
/// |price    |quantity  |bidPrice |bidQuantity|askPrice |askQuantity|aux0 |aux1 |aux2 |aux3 |
/// 112   113          114                116       120                     128              136
/// |valid|rejectReason|clientOrderInstance|reserved |clientOrderSequence   |clientOrderRun  |
/// </code>
/// Version 2 added the client order id (order updates name their order by it; without it a replay cannot
/// match fills to orders). Version 1 (120 bytes, no client order id) is still read. The run identity of the
/// client order id took the last 8 bytes of version 2, which older writers left zero (run 0: the older id form).
/// </remarks>
public static class InputRecord
{
    /// <summary>Current version.</summary>
    public const ushort Version = 2;

    /// <summary>Payload size of the current version.</summary>
    public const int Size = 136;

    private const int SizeV1 = 120;

    /// <summary>Encodes the input section of <paramref name="e"/>.</summary>
    public static void Write(Span<byte> d, in InputEvent e)
    {
        if (d.Length < Size)
        {
            ThrowHelper.ThrowTooShort();
        }

        d[0] = (byte)e.Kind;
        d[1] = (byte)e.Venue;
        BinaryPrimitives.WriteUInt16LittleEndian(d[2..], e.SymbolId);
        BinaryPrimitives.WriteUInt16LittleEndian(d[4..], e.Flags);
        BinaryPrimitives.WriteUInt16LittleEndian(d[6..], e.Code);
        BinaryPrimitives.WriteInt64LittleEndian(d[8..], e.ExchangeTimeNs);
        BinaryPrimitives.WriteInt64LittleEndian(d[16..], e.ReceiveTimeNs);
        BinaryPrimitives.WriteInt64LittleEndian(d[24..], e.SourceSequence);
        BinaryPrimitives.WriteInt64LittleEndian(d[32..], e.Price.Raw);
        BinaryPrimitives.WriteInt64LittleEndian(d[40..], e.Quantity.Raw);
        BinaryPrimitives.WriteInt64LittleEndian(d[48..], e.BidPrice.Raw);
        BinaryPrimitives.WriteInt64LittleEndian(d[56..], e.BidQuantity.Raw);
        BinaryPrimitives.WriteInt64LittleEndian(d[64..], e.AskPrice.Raw);
        BinaryPrimitives.WriteInt64LittleEndian(d[72..], e.AskQuantity.Raw);
        BinaryPrimitives.WriteInt64LittleEndian(d[80..], e.Aux0);
        BinaryPrimitives.WriteInt64LittleEndian(d[88..], e.Aux1);
        BinaryPrimitives.WriteInt64LittleEndian(d[96..], e.Aux2);
        BinaryPrimitives.WriteInt64LittleEndian(d[104..], e.Aux3);
        d[112] = e.Valid ? (byte)1 : (byte)0;
        d[113] = e.RejectReason;
        BinaryPrimitives.WriteUInt16LittleEndian(d[114..], e.ClientOrderId.InstanceId);
        d[116..120].Clear();
        BinaryPrimitives.WriteInt64LittleEndian(d[120..], e.ClientOrderId.Sequence);
        BinaryPrimitives.WriteInt64LittleEndian(d[128..], e.ClientOrderId.Run);
    }

    /// <summary>Decodes into the input section of <paramref name="e"/> (other sections untouched); false when malformed or of a newer version.</summary>
    public static bool TryRead(ReadOnlySpan<byte> s, ushort version, ref InputEvent e)
    {
        if (version is < 1 or > Version || s.Length < (version == 1 ? SizeV1 : Size))
        {
            return false;
        }

        e.Kind = (InputKind)s[0];
        e.Venue = (Venue)s[1];
        e.SymbolId = BinaryPrimitives.ReadUInt16LittleEndian(s[2..]);
        e.Flags = BinaryPrimitives.ReadUInt16LittleEndian(s[4..]);
        e.Code = BinaryPrimitives.ReadUInt16LittleEndian(s[6..]);
        e.ExchangeTimeNs = BinaryPrimitives.ReadInt64LittleEndian(s[8..]);
        e.ReceiveTimeNs = BinaryPrimitives.ReadInt64LittleEndian(s[16..]);
        e.SourceSequence = BinaryPrimitives.ReadInt64LittleEndian(s[24..]);
        e.Price = new Price(BinaryPrimitives.ReadInt64LittleEndian(s[32..]));
        e.Quantity = new Quantity(BinaryPrimitives.ReadInt64LittleEndian(s[40..]));
        e.BidPrice = new Price(BinaryPrimitives.ReadInt64LittleEndian(s[48..]));
        e.BidQuantity = new Quantity(BinaryPrimitives.ReadInt64LittleEndian(s[56..]));
        e.AskPrice = new Price(BinaryPrimitives.ReadInt64LittleEndian(s[64..]));
        e.AskQuantity = new Quantity(BinaryPrimitives.ReadInt64LittleEndian(s[72..]));
        e.Aux0 = BinaryPrimitives.ReadInt64LittleEndian(s[80..]);
        e.Aux1 = BinaryPrimitives.ReadInt64LittleEndian(s[88..]);
        e.Aux2 = BinaryPrimitives.ReadInt64LittleEndian(s[96..]);
        e.Aux3 = BinaryPrimitives.ReadInt64LittleEndian(s[104..]);
        e.Valid = s[112] != 0;
        e.RejectReason = s[113];
        e.ClientOrderId = version >= 2
            ? new Model.Orders.ClientOrderId(BinaryPrimitives.ReadUInt16LittleEndian(s[114..]), BinaryPrimitives.ReadInt64LittleEndian(s[120..]), BinaryPrimitives.ReadInt64LittleEndian(s[128..]))
            : default;
        return true;
    }
}
