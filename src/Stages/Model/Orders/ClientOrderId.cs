namespace QuantumTrader.Stages.Model.Orders;

/// <summary>
/// A client order id derived from the engine instance id and the journal sequence of the decision, so
/// that a retry after a crash is provably the same order. Rendered as <c>qt{instance}-{sequence}</c>,
/// which fits Binance's pattern <c>^[\.A-Z\:/a-z0-9_-]{1,36}$</c>.
/// </summary>
/// <param name="InstanceId">Engine instance id.</param>
/// <param name="Sequence">Journal sequence of the decision that caused the order.</param>
public readonly record struct ClientOrderId(ushort InstanceId, long Sequence)
{
    /// <summary>Writes the id as ASCII into <paramref name="destination"/> without allocating.</summary>
    public bool TryFormat(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < 2)
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
        if (pos >= destination.Length)
        {
            return false;
        }

        destination[pos++] = (byte)'-';
        if (!System.Buffers.Text.Utf8Formatter.TryFormat(Sequence, destination[pos..], out var b))
        {
            return false;
        }

        written = pos + b;
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"qt{InstanceId}-{Sequence}";

    /// <summary>Parses an id written by <see cref="TryFormat"/>; false for ids that are not ours.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ClientOrderId id)
    {
        id = default;
        if (text.Length < 4 || text[0] != 'q' || text[1] != 't')
        {
            return false;
        }

        var dash = text.IndexOf('-');
        if (dash < 3
            || !ushort.TryParse(text[2..dash], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var instance)
            || !long.TryParse(text[(dash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seq))
        {
            return false;
        }

        id = new ClientOrderId(instance, seq);
        return true;
    }
}
