using System.Buffers.Binary;
using QuantumTrader.Model;
using QuantumTrader.Model.Orders;

namespace QuantumTrader.Stages.Journaling;

/// <summary>
/// <see cref="JournalRecordType.CancelRequest"/>: a cancel of one of our resting orders the route stage will send,
/// journaled before it is sent (the exit owner's replaced stop, a flatten's resting orders).
/// <code>
/// 0               8                 16         18       20        21    24               32
/// | inputSequence | clientOrderSeq  | instance | symbol | purpose | rsv | clientOrderRun |
/// </code>
/// </summary>
public static class CancelRequestRecord
{
    /// <summary>Current version.</summary>
    public const ushort Version = 1;

    /// <summary>Payload size.</summary>
    public const int Size = 32;

    /// <summary>The client order id a slot's cancel names: (instance id, <see cref="InputEvent.CancelDecisionId"/>, run).</summary>
    public static ClientOrderId FromSlot(in InputEvent e, ushort instanceId, long run = 0) =>
        new(instanceId, e.CancelDecisionId, run);

    /// <summary>Encodes a cancel of <paramref name="id"/> on <paramref name="symbolId"/>.</summary>
    public static void Write(Span<byte> d, ClientOrderId id, ushort symbolId, OrderPurpose purpose, long inputSequence)
    {
        if (d.Length < Size)
        {
            ThrowHelper.ThrowTooShort();
        }

        BinaryPrimitives.WriteInt64LittleEndian(d, inputSequence);
        BinaryPrimitives.WriteInt64LittleEndian(d[8..], id.Sequence);
        BinaryPrimitives.WriteUInt16LittleEndian(d[16..], id.InstanceId);
        BinaryPrimitives.WriteUInt16LittleEndian(d[18..], symbolId);
        d[20] = (byte)purpose;
        d[21..24].Clear();
        BinaryPrimitives.WriteInt64LittleEndian(d[24..], id.Run);
    }

    /// <summary>Decodes; false when malformed or of a newer version.</summary>
    public static bool TryRead(ReadOnlySpan<byte> s, ushort version, out ClientOrderId id, out ushort symbolId, out OrderPurpose purpose, out long inputSequence)
    {
        id = default;
        symbolId = 0;
        purpose = OrderPurpose.None;
        inputSequence = 0;
        if (version != Version || s.Length < Size)
        {
            return false;
        }

        inputSequence = BinaryPrimitives.ReadInt64LittleEndian(s);
        id = new ClientOrderId(BinaryPrimitives.ReadUInt16LittleEndian(s[16..]), BinaryPrimitives.ReadInt64LittleEndian(s[8..]), BinaryPrimitives.ReadInt64LittleEndian(s[24..]));
        symbolId = BinaryPrimitives.ReadUInt16LittleEndian(s[18..]);
        purpose = (OrderPurpose)s[20];
        return true;
    }
}
