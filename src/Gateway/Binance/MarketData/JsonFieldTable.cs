using System.Buffers.Text;
using System.Text.Json;
using QuantumTrader.Gateway.Binance.Common;
using QuantumTrader.Model.Text;

namespace QuantumTrader.Gateway.Binance.MarketData;

/// <summary>
/// Where each known field of one JSON object lies in the frame: a pre-allocated table indexed by a small
/// key id, so one pass over the object records every field in any order, and the typed reads that follow
/// slice the original bytes. A generation stamp invalidates the table between frames without clearing it.
/// </summary>
internal sealed class JsonFieldTable
{
    /// <summary>Key id of <c>pu</c>.</summary>
    public const int KeyPu = 128;

    /// <summary>Key id of <c>lastUpdateId</c>.</summary>
    public const int KeyLastUpdateId = 129;

    /// <summary>Key id of <c>bids</c>.</summary>
    public const int KeyBids = 130;

    /// <summary>Key id of <c>asks</c>.</summary>
    public const int KeyAsks = 131;

    /// <summary>Key id of <c>result</c>.</summary>
    public const int KeyResult = 132;

    /// <summary>Key id of <c>id</c>.</summary>
    public const int KeyId = 133;

    /// <summary>Key id of <c>code</c>.</summary>
    public const int KeyCode = 134;

    /// <summary>Key id of <c>msg</c>.</summary>
    public const int KeyMsg = 135;

    /// <summary>Key id of <c>data</c> (the combined-stream payload).</summary>
    public const int KeyData = 136;

    private const int Size = 137;

    private readonly Slot[] _slots = new Slot[Size];
    private int _generation;

    private struct Slot
    {
        public int Generation;
        public int Start;
        public int Length;
        public JsonTokenType Type;
    }

    /// <summary>Forgets every recorded field (O(1)).</summary>
    public void Reset()
    {
        if (++_generation == int.MaxValue)
        {
            Array.Clear(_slots);
            _generation = 1;
        }
    }

    /// <summary>The key id of the property name the reader is on; -1 for a key we do not read.</summary>
    public static int KeyOf(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped)
        {
            return -1;
        }

        var name = reader.ValueSpan;
        if (name.Length == 1)
        {
            return name[0] < 128 ? name[0] : -1;
        }

        return name.Length switch
        {
            2 when name.SequenceEqual("pu"u8) => KeyPu,
            2 when name.SequenceEqual("id"u8) => KeyId,
            3 when name.SequenceEqual("msg"u8) => KeyMsg,
            4 when name.SequenceEqual("bids"u8) => KeyBids,
            4 when name.SequenceEqual("asks"u8) => KeyAsks,
            4 when name.SequenceEqual("code"u8) => KeyCode,
            4 when name.SequenceEqual("data"u8) => KeyData,
            6 when name.SequenceEqual("result"u8) => KeyResult,
            12 when name.SequenceEqual("lastUpdateId"u8) => KeyLastUpdateId,
            _ => -1,
        };
    }

    /// <summary>Records the value the reader is on under <paramref name="key"/>; containers are skipped over
    /// and recorded whole. Unknown keys are skipped.</summary>
    public void Record(ref Utf8JsonReader reader, int key)
    {
        var type = reader.TokenType;
        if (key < 0)
        {
            reader.Skip();
            return;
        }

        ref var slot = ref _slots[key];
        switch (type)
        {
            case JsonTokenType.StartObject:
            case JsonTokenType.StartArray:
                slot.Start = (int)reader.TokenStartIndex;
                reader.Skip();
                slot.Length = (int)reader.BytesConsumed - slot.Start;
                break;
            case JsonTokenType.String:
                if (reader.ValueIsEscaped)
                {
                    // Binance never escapes the fields we read; an escaped one is treated as absent (fail closed).
                    return;
                }

                slot.Start = (int)reader.TokenStartIndex + 1;
                slot.Length = reader.ValueSpan.Length;
                break;
            default:
                slot.Start = (int)reader.TokenStartIndex;
                slot.Length = reader.ValueSpan.Length;
                break;
        }

        slot.Type = type;
        slot.Generation = _generation;
    }

    /// <summary>True when the key was present in the current object.</summary>
    public bool Has(int key) => _slots[key].Generation == _generation;

    /// <summary>The raw bytes of a recorded field (string contents without quotes; containers whole).</summary>
    public bool TryGetRaw(ReadOnlySpan<byte> frame, int key, JsonTokenType expected, out ReadOnlySpan<byte> value)
    {
        ref readonly var slot = ref _slots[key];
        if (slot.Generation != _generation || slot.Type != expected)
        {
            value = default;
            return false;
        }

        value = frame.Slice(slot.Start, slot.Length);
        return true;
    }

    /// <summary>Reads an integer field.</summary>
    public FrameError GetLong(ReadOnlySpan<byte> frame, int key, out long value)
    {
        value = 0;
        if (!TryGetRaw(frame, key, JsonTokenType.Number, out var raw))
        {
            return FrameError.MissingField;
        }

        return Utf8Parser.TryParse(raw, out value, out var consumed) && consumed == raw.Length ? FrameError.None : FrameError.BadNumber;
    }

    /// <summary>Reads a millisecond timestamp as ns since the epoch.</summary>
    public FrameError GetTimeNs(ReadOnlySpan<byte> frame, int key, out long nanos)
    {
        nanos = 0;
        var error = GetLong(frame, key, out var ms);
        if (error != FrameError.None)
        {
            return error;
        }

        // Anything past year ~2262 would overflow ns in a long; a negative time is nonsense.
        if (ms < 0 || ms > 9_000_000_000_000L)
        {
            return FrameError.BadNumber;
        }

        nanos = ms * 1_000_000;
        return FrameError.None;
    }

    /// <summary>Reads a decimal-string field as raw fixed point.</summary>
    public FrameError GetFixed(ReadOnlySpan<byte> frame, int key, out long raw, bool allowNegative = false)
    {
        raw = 0;
        if (!TryGetRaw(frame, key, JsonTokenType.String, out var text))
        {
            return FrameError.MissingField;
        }

        return DecimalCodec.TryParseFixed(text, out raw, allowNegative) ? FrameError.None : FrameError.BadNumber;
    }

    /// <summary>Reads a boolean field.</summary>
    public FrameError GetBool(int key, out bool value)
    {
        ref readonly var slot = ref _slots[key];
        value = false;
        if (slot.Generation != _generation)
        {
            return FrameError.MissingField;
        }

        switch (slot.Type)
        {
            case JsonTokenType.True:
                value = true;
                return FrameError.None;
            case JsonTokenType.False:
                return FrameError.None;
            default:
                return FrameError.MissingField;
        }
    }
}
