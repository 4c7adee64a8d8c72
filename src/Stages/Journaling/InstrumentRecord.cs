using System.Buffers.Binary;
using QuantumTrader.Model;

namespace QuantumTrader.Stages.Journaling;

/// <summary>
/// <see cref="JournalRecordType.Instrument"/>: an instrument definition, so a journal names its own symbols.
/// <code>
/// 0        2      3            4                  36          44          52             60
/// | symbol | venue| symbolLen  | symbol ASCII (32) | tickSize  | stepSize  | minNotional  |
/// </code>
/// </summary>
public static class InstrumentRecord
{
    /// <summary>Current version.</summary>
    public const ushort Version = 1;

    /// <summary>Payload size.</summary>
    public const int Size = 60;

    private const int MaxSymbol = 32;

    /// <summary>Encodes an instrument (start-up only).</summary>
    public static void Write(Span<byte> d, Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        if (d.Length < Size)
        {
            ThrowHelper.ThrowTooShort();
        }

        if (instrument.Symbol.Length > MaxSymbol)
        {
            throw new ArgumentException($"symbol {instrument.Symbol} is longer than {MaxSymbol} characters", nameof(instrument));
        }

        d[..Size].Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(d, instrument.Id);
        d[2] = (byte)instrument.Venue;
        d[3] = (byte)instrument.Symbol.Length;
        for (var i = 0; i < instrument.Symbol.Length; i++)
        {
            d[4 + i] = (byte)instrument.Symbol[i];
        }

        BinaryPrimitives.WriteInt64LittleEndian(d[36..], instrument.TickSize.Raw);
        BinaryPrimitives.WriteInt64LittleEndian(d[44..], instrument.StepSize.Raw);
        BinaryPrimitives.WriteInt64LittleEndian(d[52..], instrument.MinNotional);
    }

    /// <summary>Decodes (allocates the symbol string: tools only).</summary>
    public static bool TryRead(ReadOnlySpan<byte> s, ushort version, out Instrument? instrument)
    {
        instrument = null;
        if (version != Version || s.Length < Size || s[3] > MaxSymbol)
        {
            return false;
        }

        var symbol = System.Text.Encoding.ASCII.GetString(s.Slice(4, s[3]));
        instrument = new Instrument(BinaryPrimitives.ReadUInt16LittleEndian(s), (Venue)s[2], symbol,
            new Price(BinaryPrimitives.ReadInt64LittleEndian(s[36..])), new Quantity(BinaryPrimitives.ReadInt64LittleEndian(s[44..])),
            BinaryPrimitives.ReadInt64LittleEndian(s[52..]));
        return true;
    }
}
