using System.Buffers.Binary;
using QuantumTrader.Model;

namespace QuantumTrader.Stages.Journaling;

/// <summary>
/// <see cref="JournalRecordType.Sizing"/>: the sizing stage's decision (quantity 0: no order, see
/// <see cref="Reason"/>) and every input it was made from. Fractions and leverages are raw fixed point (10^-8 = 1).
/// <code>
/// 0               8        10     11       12      13    16           24                32
/// | inputSequence | symbol | side | reason | flags | rsv | quantity   | price (0=mkt)   |   ← version 1 ends here
/// 32 reference price | 40 stop-loss price | 48 take-profit price | 56 leverage | 64 Kelly leverage
/// 72 ATR leverage | 80 equity | 88 margin fraction | 96 margin | 104 ATR% | 112 SL distance
/// 120 TP distance | 128 unrounded quantity | 136 notional | 144 confidence (float32) | 148 rsv | 152
/// </code>
/// flags bit 0: cold start. Version 1 (32 bytes: sequence, symbol, side, quantity, price) is still read; its
/// other fields read as 0.
/// </summary>
public struct SizingRecord
{
    /// <summary>Current version.</summary>
    public const ushort Version = 2;

    /// <summary>Payload size.</summary>
    public const int Size = 152;

    private const int SizeV1 = 32;

    /// <summary>Journal sequence of the input record this decision was made on.</summary>
    public long InputSequence;

    /// <summary>Instrument id.</summary>
    public ushort SymbolId;

    /// <summary>Side.</summary>
    public Side Side;

    /// <summary>Why no order was sized (a <c>SizingReason</c>; 0 = sized).</summary>
    public byte Reason;

    /// <summary>The cold-start rule chose the leverage.</summary>
    public bool ColdStart;

    /// <summary>Order quantity (0: no order).</summary>
    public Quantity Quantity;

    /// <summary>Limit price, or 0 for a market order.</summary>
    public Price Price;

    /// <summary>The tick-rounded reference price the order was sized at.</summary>
    public Price ReferencePrice;

    /// <summary>Stop-loss price.</summary>
    public Price StopLossPrice;

    /// <summary>Take-profit price.</summary>
    public Price TakeProfitPrice;

    /// <summary>The leverage chosen.</summary>
    public Leverage Leverage;

    /// <summary>The decision's inputs and intermediate results.</summary>
    public SizingTrace Trace;

    /// <summary>The signal's confidence.</summary>
    public float Confidence;

    /// <summary>The sizing decision of a slot.</summary>
    public static SizingRecord FromSlot(in InputEvent e, long inputSequence) => new()
    {
        InputSequence = inputSequence,
        SymbolId = e.SignalSymbolId,
        Side = e.SignalSide,
        Reason = e.Sizing.Reason,
        ColdStart = e.Sizing.ColdStart,
        Quantity = e.OrderQuantity,
        Price = e.OrderPrice,
        ReferencePrice = e.OrderReferencePrice,
        StopLossPrice = e.StopLossPrice,
        TakeProfitPrice = e.TakeProfitPrice,
        Leverage = e.OrderLeverage,
        Trace = e.Sizing,
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
        d[11] = Reason;
        d[12] = ColdStart ? (byte)1 : (byte)0;
        d[13..16].Clear();
        BinaryPrimitives.WriteInt64LittleEndian(d[16..], Quantity.Raw);
        BinaryPrimitives.WriteInt64LittleEndian(d[24..], Price.Raw);
        BinaryPrimitives.WriteInt64LittleEndian(d[32..], ReferencePrice.Raw);
        BinaryPrimitives.WriteInt64LittleEndian(d[40..], StopLossPrice.Raw);
        BinaryPrimitives.WriteInt64LittleEndian(d[48..], TakeProfitPrice.Raw);
        BinaryPrimitives.WriteInt64LittleEndian(d[56..], Leverage.Raw);
        BinaryPrimitives.WriteInt64LittleEndian(d[64..], Trace.KellyLeverage.Raw);
        BinaryPrimitives.WriteInt64LittleEndian(d[72..], Trace.AtrLeverage.Raw);
        BinaryPrimitives.WriteInt64LittleEndian(d[80..], Trace.EquityRaw);
        BinaryPrimitives.WriteInt64LittleEndian(d[88..], Trace.MarginFractionRaw);
        BinaryPrimitives.WriteInt64LittleEndian(d[96..], Trace.Margin.Raw);
        BinaryPrimitives.WriteInt64LittleEndian(d[104..], Trace.AtrPctRaw);
        BinaryPrimitives.WriteInt64LittleEndian(d[112..], Trace.StopDistanceRaw);
        BinaryPrimitives.WriteInt64LittleEndian(d[120..], Trace.TakeProfitDistanceRaw);
        BinaryPrimitives.WriteInt64LittleEndian(d[128..], Trace.UnroundedQuantity.Raw);
        BinaryPrimitives.WriteInt64LittleEndian(d[136..], Trace.Notional.Raw);
        BinaryPrimitives.WriteSingleLittleEndian(d[144..], Confidence);
        d[148..Size].Clear();
    }

    /// <summary>Decodes version 1 or 2; false when malformed or of a newer version.</summary>
    public static bool TryRead(ReadOnlySpan<byte> s, ushort version, out SizingRecord r)
    {
        r = default;
        if (version is < 1 or > Version || s.Length < (version == 1 ? SizeV1 : Size))
        {
            return false;
        }

        r.InputSequence = BinaryPrimitives.ReadInt64LittleEndian(s);
        r.SymbolId = BinaryPrimitives.ReadUInt16LittleEndian(s[8..]);
        r.Side = (Side)s[10];
        r.Quantity = new Quantity(BinaryPrimitives.ReadInt64LittleEndian(s[16..]));
        r.Price = new Price(BinaryPrimitives.ReadInt64LittleEndian(s[24..]));
        if (version == 1)
        {
            return true;
        }

        r.Reason = s[11];
        r.ColdStart = (s[12] & 1) != 0;
        r.ReferencePrice = new Price(BinaryPrimitives.ReadInt64LittleEndian(s[32..]));
        r.StopLossPrice = new Price(BinaryPrimitives.ReadInt64LittleEndian(s[40..]));
        r.TakeProfitPrice = new Price(BinaryPrimitives.ReadInt64LittleEndian(s[48..]));
        r.Leverage = new Leverage(BinaryPrimitives.ReadInt64LittleEndian(s[56..]));
        r.Trace.Reason = r.Reason;
        r.Trace.ColdStart = r.ColdStart;
        r.Trace.KellyLeverage = new Leverage(BinaryPrimitives.ReadInt64LittleEndian(s[64..]));
        r.Trace.AtrLeverage = new Leverage(BinaryPrimitives.ReadInt64LittleEndian(s[72..]));
        r.Trace.EquityRaw = BinaryPrimitives.ReadInt64LittleEndian(s[80..]);
        r.Trace.MarginFractionRaw = BinaryPrimitives.ReadInt64LittleEndian(s[88..]);
        r.Trace.Margin = new Margin(BinaryPrimitives.ReadInt64LittleEndian(s[96..]));
        r.Trace.AtrPctRaw = BinaryPrimitives.ReadInt64LittleEndian(s[104..]);
        r.Trace.StopDistanceRaw = BinaryPrimitives.ReadInt64LittleEndian(s[112..]);
        r.Trace.TakeProfitDistanceRaw = BinaryPrimitives.ReadInt64LittleEndian(s[120..]);
        r.Trace.UnroundedQuantity = new Quantity(BinaryPrimitives.ReadInt64LittleEndian(s[128..]));
        r.Trace.Notional = new Notional(BinaryPrimitives.ReadInt64LittleEndian(s[136..]));
        r.Confidence = BinaryPrimitives.ReadSingleLittleEndian(s[144..]);
        return true;
    }
}
