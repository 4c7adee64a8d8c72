using System.Buffers.Binary;
using QuantumTrader.Model;
using QuantumTrader.Model.Orders;

namespace QuantumTrader.Stages.Journaling;

/// <summary>
/// <see cref="JournalRecordType.OrderRequest"/>: the order the route stage will send, journaled before it is sent.
/// <code>
/// 0               8                 16         18       20   21   22  23     24         32      40         48               56               64               72      73        74            76         80
/// | inputSequence | clientOrderSeq  | instance | symbol |side|type|tif|flags | quantity | price | stopPrice | decisionTimeNs | referencePrice | clientOrderRun | purpose | triggerOn | callbackBps | reserved |
/// flags: bit 0 reduce-only, bit 1 close-position
/// </code>
/// Version 3 added the order's purpose (entry or which exit), the trigger price source and the trailing callback.
/// Version 2 added the reference price the gateway's local filter checks use (so they replay) and the client
/// order id's run identity (unique ids across runs). Versions 1 (56 bytes, without both) and 2 (72 bytes) are still
/// read, with a reference price of 0 and run 0 for version 1 and no purpose (entry) for both.
/// </summary>
public static class OrderRequestRecord
{
    /// <summary>Current version.</summary>
    public const ushort Version = 3;

    /// <summary>Payload size of the current version.</summary>
    public const int Size = 80;

    private const int SizeV1 = 56;

    private const int SizeV2 = 72;

    /// <summary>
    /// The one builder of the order a slot's approved decision asks for: what the journal writes and what the
    /// route stage sends are this value. The client order id is (instance id, the gate's decision id, the
    /// journal's run identity).
    /// </summary>
    public static OrderRequest FromSlot(in InputEvent e, ushort instanceId, long run = 0) => new()
    {
        ClientOrderId = new ClientOrderId(instanceId, e.DecisionId, run),
        SymbolId = e.OrderSymbolId,
        Side = e.OrderSide,
        Type = TypeOf(in e),
        TimeInForce = TypeOf(in e) == OrderType.Limit ? TimeInForce.Gtc : TimeInForce.None,
        ReduceOnly = e.ReduceOnly,
        ClosePosition = e.ClosePosition,
        Quantity = e.OrderQuantity,
        Price = e.OrderPrice,
        StopPrice = e.OrderStopPrice,
        TriggerOn = e.OrderTriggerOn,
        CallbackRateBasisPoints = e.OrderCallbackBps,
        Purpose = e.Purpose,
        ReferencePrice = e.OrderReferencePrice,

        // Event time of the slot that decided ("now" for the simulated exchange), its receive time when it has none.
        DecisionTimeNs = e.ExchangeTimeNs != 0 ? e.ExchangeTimeNs : e.ReceiveTimeNs,
    };

    /// <summary>The slot's order type: as set, else market, or limit when a limit price is set.</summary>
    public static OrderType TypeOf(in InputEvent e) =>
        e.OrderType != 0 ? e.OrderType : e.OrderPrice.Raw == 0 ? OrderType.Market : OrderType.Limit;

    /// <summary>Encodes an order request and the input sequence that caused it.</summary>
    public static void Write(Span<byte> d, in OrderRequest r, long inputSequence)
    {
        if (d.Length < Size)
        {
            ThrowHelper.ThrowTooShort();
        }

        BinaryPrimitives.WriteInt64LittleEndian(d, inputSequence);
        BinaryPrimitives.WriteInt64LittleEndian(d[8..], r.ClientOrderId.Sequence);
        BinaryPrimitives.WriteUInt16LittleEndian(d[16..], r.ClientOrderId.InstanceId);
        BinaryPrimitives.WriteUInt16LittleEndian(d[18..], r.SymbolId);
        d[20] = (byte)r.Side;
        d[21] = (byte)r.Type;
        d[22] = (byte)r.TimeInForce;
        d[23] = (byte)((r.ReduceOnly ? 1 : 0) | (r.ClosePosition ? 2 : 0));
        BinaryPrimitives.WriteInt64LittleEndian(d[24..], r.Quantity.Raw);
        BinaryPrimitives.WriteInt64LittleEndian(d[32..], r.Price.Raw);
        BinaryPrimitives.WriteInt64LittleEndian(d[40..], r.StopPrice.Raw);
        BinaryPrimitives.WriteInt64LittleEndian(d[48..], r.DecisionTimeNs);
        BinaryPrimitives.WriteInt64LittleEndian(d[56..], r.ReferencePrice.Raw);
        BinaryPrimitives.WriteInt64LittleEndian(d[64..], r.ClientOrderId.Run);
        d[72] = (byte)r.Purpose;
        d[73] = (byte)r.TriggerOn;
        BinaryPrimitives.WriteUInt16LittleEndian(d[74..], r.CallbackRateBasisPoints);
        d[76..80].Clear();
    }

    /// <summary>Decodes; false when malformed or of a newer version.</summary>
    public static bool TryRead(ReadOnlySpan<byte> s, ushort version, out OrderRequest r, out long inputSequence)
    {
        r = default;
        inputSequence = 0;
        if (version is < 1 or > Version || s.Length < (version == 1 ? SizeV1 : version == 2 ? SizeV2 : Size))
        {
            return false;
        }

        inputSequence = BinaryPrimitives.ReadInt64LittleEndian(s);
        var run = version >= 2 ? BinaryPrimitives.ReadInt64LittleEndian(s[64..]) : 0;
        r.ClientOrderId = new ClientOrderId(BinaryPrimitives.ReadUInt16LittleEndian(s[16..]), BinaryPrimitives.ReadInt64LittleEndian(s[8..]), run);
        r.SymbolId = BinaryPrimitives.ReadUInt16LittleEndian(s[18..]);
        r.Side = (Side)s[20];
        r.Type = (OrderType)s[21];
        r.TimeInForce = (TimeInForce)s[22];
        r.ReduceOnly = (s[23] & 1) != 0;
        r.ClosePosition = (s[23] & 2) != 0;
        r.Quantity = new Quantity(BinaryPrimitives.ReadInt64LittleEndian(s[24..]));
        r.Price = new Price(BinaryPrimitives.ReadInt64LittleEndian(s[32..]));
        r.StopPrice = new Price(BinaryPrimitives.ReadInt64LittleEndian(s[40..]));
        r.DecisionTimeNs = BinaryPrimitives.ReadInt64LittleEndian(s[48..]);
        r.ReferencePrice = version >= 2 ? new Price(BinaryPrimitives.ReadInt64LittleEndian(s[56..])) : default;
        if (version >= 3)
        {
            r.Purpose = (OrderPurpose)s[72];
            r.TriggerOn = (TriggerPrice)s[73];
            r.CallbackRateBasisPoints = BinaryPrimitives.ReadUInt16LittleEndian(s[74..]);
        }
        else
        {
            r.Purpose = OrderPurpose.Entry;
        }

        return true;
    }
}
