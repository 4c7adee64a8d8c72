namespace QuantumTrader.Gateway.Binance.Common;

/// <summary>
/// Exact parsing of ASCII decimal strings (<c>"61800.30"</c>, <c>"-0.00003936"</c>) into scaled integers,
/// without <see cref="double"/>, <see cref="decimal"/> or allocation.
/// </summary>
/// <remarks>
/// Accepted grammar: an optional <c>-</c> (only when allowed), one or more digits, then optionally a
/// <c>.</c> followed by one or more digits. No exponent, no <c>+</c>, no spaces, no leading dot. Digits
/// beyond the requested scale are accepted only when they are zeros (Spot pads to 8 places), unless
/// truncation is asked for (timestamps). Any overflow of <see cref="long"/> is a failure.
/// </remarks>
public static class DecimalParser
{
    private static readonly long[] Pow10 =
    [
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
        10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L,
    ];

    /// <summary>Parses a price or quantity to raw 10^-8 units (see <c>FixedPoint</c>).</summary>
    public static bool TryParseFixed(ReadOnlySpan<byte> text, out long raw, bool allowNegative = false)
        => TryParseScaled(text, 8, allowNegative, truncateExcess: false, out raw);

    /// <summary>Parses <paramref name="text"/> to an integer scaled by 10^<paramref name="decimals"/>.</summary>
    /// <param name="text">ASCII decimal.</param>
    /// <param name="decimals">Scale, 0 to 12.</param>
    /// <param name="allowNegative">Accept a leading minus sign.</param>
    /// <param name="truncateExcess">Drop non-zero digits beyond the scale instead of failing.</param>
    /// <param name="value">The scaled value.</param>
    public static bool TryParseScaled(ReadOnlySpan<byte> text, int decimals, bool allowNegative, bool truncateExcess, out long value)
    {
        value = 0;
        if ((uint)decimals >= (uint)Pow10.Length || text.IsEmpty)
        {
            return false;
        }

        var negative = false;
        var i = 0;
        if (text[0] == (byte)'-')
        {
            if (!allowNegative)
            {
                return false;
            }

            negative = true;
            i = 1;
        }

        long integer = 0;
        var intDigits = 0;
        for (; i < text.Length; i++)
        {
            var d = (uint)(text[i] - '0');
            if (d > 9)
            {
                break;
            }

            // integer * 10 + d must stay below long.MaxValue / 10^decimals once scaled; checked below.
            if (integer > (long.MaxValue - d) / 10)
            {
                return false;
            }

            integer = (integer * 10) + d;
            intDigits++;
        }

        if (intDigits == 0)
        {
            return false;
        }

        long fraction = 0;
        if (i < text.Length)
        {
            if (text[i] != (byte)'.')
            {
                return false;
            }

            i++;
            var fracDigits = 0;
            var start = i;
            for (; i < text.Length; i++)
            {
                var d = (uint)(text[i] - '0');
                if (d > 9)
                {
                    return false;
                }

                if (fracDigits < decimals)
                {
                    fraction = (fraction * 10) + d;
                    fracDigits++;
                }
                else if (d != 0 && !truncateExcess)
                {
                    return false;
                }
            }

            if (i == start)
            {
                return false;
            }

            fraction *= Pow10[decimals - fracDigits];
        }

        var scale = Pow10[decimals];
        if (integer > (long.MaxValue - fraction) / scale)
        {
            return false;
        }

        value = (integer * scale) + fraction;
        if (negative)
        {
            value = -value;
        }

        return true;
    }
}
