namespace QuantumTrader.Model.Orders;

// Design:
//   Unique for the account across runs and restarts: the sequence (the gate's decision id) continues the
//   journal's sequence, so it never repeats within one journal; the run identity (the creation time of the
//   journal's first segment, from its header) tells two journals apart. Both are in the journal, so a replay
//   derives the same ids. Binance allows 36 characters of [.A-Z:/a-z0-9_-]: the run and the sequence are written
//   in base 36 (at most 13 characters each for a non-negative long), so `qt` + instance (at most 5) + two dashes
//   fit in 35 whatever the values. Run 0 (no journal: tests, the synthetic skeleton) keeps the older form
//   `qt{instance}-{sequence}` in decimal, which is also how ids of older builds parse.

/// <summary>
/// A client order id: the engine instance id, the journal's run identity and the decision id (the gate's
/// journal-based sequence of the decision), so that a retry after a crash is provably the same order and no two
/// runs on the account send the same id. Rendered as <c>qt{instance}-{run base 36}-{sequence base 36}</c> (or
/// <c>qt{instance}-{sequence}</c> when <see cref="Run"/> is 0), within Binance's pattern <c>^[\.A-Z\:/a-z0-9_-]{1,36}$</c>.
/// </summary>
/// <param name="InstanceId">Engine instance id.</param>
/// <param name="Sequence">Decision id of the decision that caused the order (non-negative).</param>
/// <param name="Run">Run identity of the journal (non-negative; 0 without a journal).</param>
public readonly record struct ClientOrderId(ushort InstanceId, long Sequence, long Run = 0)
{
    /// <summary>The longest id this type writes.</summary>
    public const int MaxLength = 36;

    private const string Digits = "0123456789abcdefghijklmnopqrstuvwxyz";

    /// <summary>Writes the id as ASCII into <paramref name="destination"/> without allocating.</summary>
    public bool TryFormat(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < 2 || Sequence < 0 || Run < 0)
        {
            return false;
        }

        destination[0] = (byte)'q';
        destination[1] = (byte)'t';
        if (!System.Buffers.Text.Utf8Formatter.TryFormat(InstanceId, destination[2..], out var a))
        {
            return false;
        }

        var pos = 2 + a;
        if (Run == 0)
        {
            if (pos >= destination.Length || !System.Buffers.Text.Utf8Formatter.TryFormat(Sequence, destination[(pos + 1)..], out var b))
            {
                return false;
            }

            destination[pos] = (byte)'-';
            written = pos + 1 + b;
            return true;
        }

        if (!TryBase36(Run, destination, ref pos) || !TryBase36(Sequence, destination, ref pos))
        {
            return false;
        }

        written = pos;
        return true;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        Span<byte> buffer = stackalloc byte[MaxLength];
        return TryFormat(buffer, out var n) ? System.Text.Encoding.ASCII.GetString(buffer[..n]) : $"qt{InstanceId}-?{Run}-{Sequence}";
    }

    /// <summary>Parses an id written by <see cref="TryFormat"/>; false for ids that are not ours.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ClientOrderId id)
    {
        id = default;
        if (text.Length < 4 || text.Length > MaxLength || text[0] != 'q' || text[1] != 't')
        {
            return false;
        }

        var dash = text.IndexOf('-');
        if (dash < 3
            || !ushort.TryParse(text[2..dash], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var instance))
        {
            return false;
        }

        var rest = text[(dash + 1)..];
        var second = rest.IndexOf('-');
        if (second < 0)
        {
            if (!long.TryParse(rest, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var legacy))
            {
                return false;
            }

            id = new ClientOrderId(instance, legacy);
            return true;
        }

        if (!TryParseBase36(rest[..second], out var run) || run == 0 || !TryParseBase36(rest[(second + 1)..], out var seq))
        {
            return false;
        }

        id = new ClientOrderId(instance, seq, run);
        return true;
    }

    private static bool TryBase36(long value, Span<byte> destination, ref int pos)
    {
        var digits = 1;
        for (var v = value / 36; v > 0; v /= 36)
        {
            digits++;
        }

        if (pos + 1 + digits > destination.Length)
        {
            return false;
        }

        destination[pos] = (byte)'-';
        for (int i = pos + digits; i > pos; i--)
        {
            destination[i] = (byte)Digits[(int)(value % 36)];
            value /= 36;
        }

        pos += 1 + digits;
        return true;
    }

    private static bool TryParseBase36(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        if (text.Length is 0 or > 13)
        {
            return false;
        }

        foreach (var c in text)
        {
            var d = c is >= '0' and <= '9' ? c - '0' : c is >= 'a' and <= 'z' ? c - 'a' + 10 : -1;
            if (d < 0 || value > (long.MaxValue - d) / 36)
            {
                return false;
            }

            value = (value * 36) + d;
        }

        return true;
    }
}
