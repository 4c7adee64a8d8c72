namespace QuantumTrader.Gateway.Binance.Common;

/// <summary>Formats raw fixed-point values (10^-8) as exact ASCII decimals into caller buffers.</summary>
public static class DecimalFormatter
{
    /// <summary>
    /// Writes <paramref name="raw"/> / 10^8 with trailing fractional zeros removed (<c>0.00100000</c> → <c>0.001</c>,
    /// <c>100</c> → <c>100</c>). Returns false when <paramref name="destination"/> is too small.
    /// </summary>
    public static bool TryFormatFixed(long raw, Span<byte> destination, out int written)
    {
        written = 0;
        Span<byte> tmp = stackalloc byte[24];
        var negative = raw < 0;
        // long.MinValue has no positive counterpart; no price or quantity comes near it.
        var value = negative ? (ulong)(-(raw + 1)) + 1 : (ulong)raw;
        var pos = tmp.Length;
        var fracDigits = 0;
        var trimming = true;
        for (var k = 0; k < 8; k++)
        {
            var d = (byte)(value % 10);
            value /= 10;
            if (trimming && d == 0)
            {
                continue;
            }

            trimming = false;
            tmp[--pos] = (byte)('0' + d);
            fracDigits++;
        }

        if (fracDigits > 0)
        {
            tmp[--pos] = (byte)'.';
        }

        do
        {
            tmp[--pos] = (byte)('0' + (value % 10));
            value /= 10;
        }
        while (value != 0);

        if (negative)
        {
            tmp[--pos] = (byte)'-';
        }

        var len = tmp.Length - pos;
        if (len > destination.Length)
        {
            return false;
        }

        tmp[pos..].CopyTo(destination);
        written = len;
        return true;
    }

    /// <summary>Formats to a string (REST bodies of the fake server, diagnostics; allocates).</summary>
    public static string ToString(long raw)
    {
        Span<byte> buffer = stackalloc byte[24];
        TryFormatFixed(raw, buffer, out var n);
        return System.Text.Encoding.ASCII.GetString(buffer[..n]);
    }

    /// <summary>Formats with exactly <paramref name="decimals"/> places, padding or truncating toward zero
    /// (Binance formats responses at the symbol precision).</summary>
    public static string ToString(long raw, int decimals)
    {
        if (decimals is >= 0 and < 8)
        {
            var unit = 1L;
            for (var i = decimals; i < 8; i++)
            {
                unit *= 10;
            }

            raw -= raw % unit;
        }

        var s = ToString(raw);
        var dot = s.IndexOf('.', StringComparison.Ordinal);
        var have = dot < 0 ? 0 : s.Length - dot - 1;
        if (have >= decimals)
        {
            return s;
        }

        return (dot < 0 ? s + (decimals > 0 ? "." : string.Empty) : s) + new string('0', decimals - have);
    }
}
