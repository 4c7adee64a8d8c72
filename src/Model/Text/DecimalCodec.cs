using System.Numerics;

namespace QuantumTrader.Model.Text;

/// <summary>Why <see cref="DecimalCodec"/> rejected a decimal text (or <see cref="Ok"/>).</summary>
public enum DecimalStatus
{
    /// <summary>Parsed exactly.</summary>
    Ok = 0,

    /// <summary>The text is empty.</summary>
    Empty,

    /// <summary>Not digits, an optional point and digits (exponent, <c>+</c>, spaces, a leading or trailing point, a second point, ...).</summary>
    Malformed,

    /// <summary>A leading minus sign where none is allowed.</summary>
    SignNotAllowed,

    /// <summary>A non-zero digit beyond the scale (and truncation was not asked for).</summary>
    TooManyPlaces,

    /// <summary>The scaled value does not fit a <see cref="long"/>.</summary>
    Overflow,

    /// <summary>The requested scale is outside 0 to <see cref="DecimalCodec.MaxScale"/>.</summary>
    BadScale,
}

/// <summary>
/// The one decimal text codec: exact conversion between decimal text (<c>"61800.30"</c>, <c>"-0.00003936"</c>)
/// in UTF-8 or UTF-16 and fixed-point integers (a mantissa at a decimal scale), without <see cref="double"/>,
/// <see cref="decimal"/> or allocation. Venue messages, REST queries, captures, configuration and instruments
/// all go through it, so a price reads and writes the same everywhere.
/// </summary>
/// <remarks>
/// Accepted grammar: an optional <c>-</c> (only when allowed), one or more digits, then optionally a <c>.</c>
/// followed by one or more digits. No exponent, no <c>+</c>, no spaces, no leading or trailing dot. Digits beyond
/// the scale are accepted only when they are zeros (Spot pads to 8 places), unless truncation is asked for
/// (timestamps). Any overflow of <see cref="long"/> is a failure.
/// </remarks>
// Design: hand-written rather than Utf8Parser/decimal.TryParse: those accept exponents, signs and whitespace
// we must reject, round where we must fail, and decimal's 96-bit path is slower than this loop on every tick.
// One generic core serves UTF-8 (byte) and UTF-16 (char); the JIT specialises it per code unit type.
public static class DecimalCodec
{
    /// <summary>The largest supported scale (10^18 still fits a <see cref="long"/>).</summary>
    public const int MaxScale = 18;

    /// <summary>Longest text <see cref="TryFormatFixed(long, Span{byte}, out int)"/> writes: sign, 20 digits, point, 8 places.</summary>
    public const int MaxFixedLength = 30;

    private static readonly long[] Pow10 =
    [
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
        10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L, 100_000_000_000_000L,
        1_000_000_000_000_000L, 10_000_000_000_000_000L, 100_000_000_000_000_000L, 1_000_000_000_000_000_000L,
    ];

    /// <summary>Parses a UTF-8 price or quantity to raw <see cref="FixedPoint"/> units (10^-8).</summary>
    public static bool TryParseFixed(ReadOnlySpan<byte> text, out long raw, bool allowNegative = false)
        => Parse(text, FixedPoint.Decimals, allowNegative, truncateExcess: false, out raw) == DecimalStatus.Ok;

    /// <summary>Parses a UTF-16 price or quantity to raw <see cref="FixedPoint"/> units (10^-8).</summary>
    public static bool TryParseFixed(ReadOnlySpan<char> text, out long raw, bool allowNegative = false)
        => Parse(text, FixedPoint.Decimals, allowNegative, truncateExcess: false, out raw) == DecimalStatus.Ok;

    /// <summary>
    /// Parses a non-negative decimal string (configuration: <c>"0.10"</c>, <c>"100"</c>) to raw <see cref="FixedPoint"/>
    /// units; on failure <paramref name="error"/> says why (see <see cref="Describe"/>). Allocates only on failure.
    /// </summary>
    public static bool TryParseFixed(string text, out long raw, out string error)
    {
        var status = Parse(text.AsSpan(), FixedPoint.Decimals, allowNegative: false, truncateExcess: false, out raw);
        error = status == DecimalStatus.Ok ? string.Empty : Describe(status, text, FixedPoint.Decimals);
        return status == DecimalStatus.Ok;
    }

    /// <summary>Parses UTF-8 <paramref name="text"/> to an integer scaled by 10^<paramref name="scale"/>.</summary>
    /// <param name="text">Decimal text.</param>
    /// <param name="scale">Scale, 0 to <see cref="MaxScale"/>.</param>
    /// <param name="allowNegative">Accept a leading minus sign.</param>
    /// <param name="truncateExcess">Drop non-zero digits beyond the scale instead of failing.</param>
    /// <param name="value">The scaled value (0 on failure).</param>
    public static bool TryParseScaled(ReadOnlySpan<byte> text, int scale, bool allowNegative, bool truncateExcess, out long value)
        => Parse(text, scale, allowNegative, truncateExcess, out value) == DecimalStatus.Ok;

    /// <summary>Parses UTF-8 <paramref name="text"/>; the status says why it failed.</summary>
    /// <inheritdoc cref="TryParseScaled(ReadOnlySpan{byte}, int, bool, bool, out long)" />
    public static DecimalStatus Parse(ReadOnlySpan<byte> text, int scale, bool allowNegative, bool truncateExcess, out long value)
        => ParseCore(text, scale, allowNegative, truncateExcess, out value);

    /// <summary>Parses UTF-16 <paramref name="text"/>; the status says why it failed.</summary>
    /// <inheritdoc cref="TryParseScaled(ReadOnlySpan{byte}, int, bool, bool, out long)" />
    public static DecimalStatus Parse(ReadOnlySpan<char> text, int scale, bool allowNegative, bool truncateExcess, out long value)
        => ParseCore(text, scale, allowNegative, truncateExcess, out value);

    /// <summary>
    /// A sentence fragment for a failed parse of <paramref name="text"/> at <paramref name="scale"/>, worded for
    /// configuration errors (<c>"-1" is not a plain decimal ...</c>). Allocates; never on the hot path.
    /// </summary>
    public static string Describe(DecimalStatus status, string text, int scale) => status switch
    {
        DecimalStatus.Ok => $"\"{text}\" is a valid decimal",
        DecimalStatus.Empty => "is empty; expected a decimal such as \"0.10\"",
        DecimalStatus.TooManyPlaces => $"\"{text}\" has more than {scale} decimal places, the engine's fixed-point precision",
        DecimalStatus.Overflow => $"\"{text}\" is too large for the engine's fixed-point range",
        DecimalStatus.BadScale => $"scale {scale} is outside 0 to {MaxScale}",
        _ => $"\"{text}\" is not a plain decimal such as \"0.10\" (digits, an optional point and digits; no sign or exponent)",
    };

    /// <summary>
    /// Writes raw <see cref="FixedPoint"/> units as UTF-8 with trailing fractional zeros removed
    /// (<c>0.00100000</c> → <c>0.001</c>, <c>100</c> → <c>100</c>). False when <paramref name="destination"/> is too small.
    /// </summary>
    public static bool TryFormatFixed(long raw, Span<byte> destination, out int written)
        => TryFormat(raw, FixedPoint.Decimals, 0, FixedPoint.Decimals, destination, out written);

    /// <summary>Writes raw <see cref="FixedPoint"/> units as UTF-16, shortest exact form.</summary>
    public static bool TryFormatFixed(long raw, Span<char> destination, out int written)
        => TryFormat(raw, FixedPoint.Decimals, 0, FixedPoint.Decimals, destination, out written);

    /// <summary>
    /// Writes <paramref name="value"/> / 10^<paramref name="scale"/> with between <paramref name="minPlaces"/> and
    /// <paramref name="maxPlaces"/> fractional digits: digits past <paramref name="maxPlaces"/> are truncated toward
    /// zero, trailing zeros are trimmed down to <paramref name="minPlaces"/> and padded up to it.
    /// </summary>
    /// <returns>False when the scale or places are out of range or <paramref name="destination"/> is too small.</returns>
    public static bool TryFormat(long value, int scale, int minPlaces, int maxPlaces, Span<byte> destination, out int written)
        => FormatCore(value, scale, minPlaces, maxPlaces, destination, out written);

    /// <inheritdoc cref="TryFormat(long, int, int, int, Span{byte}, out int)" />
    public static bool TryFormat(long value, int scale, int minPlaces, int maxPlaces, Span<char> destination, out int written)
        => FormatCore(value, scale, minPlaces, maxPlaces, destination, out written);

    /// <summary>Formats raw units to a string, shortest exact form (REST bodies of the fake server, diagnostics; allocates).</summary>
    public static string ToString(long raw) => ToString(raw, 0, FixedPoint.Decimals);

    /// <summary>Formats raw units with exactly <paramref name="decimals"/> places, padding or truncating toward zero
    /// (Binance formats responses at the symbol precision). Allocates.</summary>
    public static string ToString(long raw, int decimals) => ToString(raw, decimals, decimals);

    private static string ToString(long raw, int minPlaces, int maxPlaces)
    {
        Span<char> buffer = stackalloc char[64];
        return TryFormat(raw, FixedPoint.Decimals, minPlaces, maxPlaces, buffer, out var n)
            ? new string(buffer[..n])
            : throw new ArgumentOutOfRangeException(nameof(minPlaces), minPlaces, "places must be 0 to 32");
    }

    private static DecimalStatus ParseCore<TChar>(ReadOnlySpan<TChar> text, int scale, bool allowNegative, bool truncateExcess, out long value)
        where TChar : unmanaged, IBinaryInteger<TChar>
    {
        value = 0;
        if ((uint)scale > MaxScale)
        {
            return DecimalStatus.BadScale;
        }

        if (text.IsEmpty)
        {
            return DecimalStatus.Empty;
        }

        var negative = false;
        var i = 0;
        if (uint.CreateTruncating(text[0]) == '-')
        {
            if (!allowNegative)
            {
                return DecimalStatus.SignNotAllowed;
            }

            negative = true;
            i = 1;
        }

        long integer = 0;
        var intDigits = 0;
        var overflow = false;
        for (; i < text.Length; i++)
        {
            var d = uint.CreateTruncating(text[i]) - '0';
            if (d > 9)
            {
                break;
            }

            if (integer > (long.MaxValue - d) / 10)
            {
                // Keep scanning so malformed text is reported as malformed, not as too large.
                overflow = true;
            }
            else
            {
                integer = (integer * 10) + d;
            }

            intDigits++;
        }

        if (intDigits == 0)
        {
            return DecimalStatus.Malformed;
        }

        long fraction = 0;
        var excess = false;
        if (i < text.Length)
        {
            if (uint.CreateTruncating(text[i]) != '.')
            {
                return DecimalStatus.Malformed;
            }

            i++;
            var fracDigits = 0;
            var start = i;
            for (; i < text.Length; i++)
            {
                var d = uint.CreateTruncating(text[i]) - '0';
                if (d > 9)
                {
                    return DecimalStatus.Malformed;
                }

                if (fracDigits < scale)
                {
                    fraction = (fraction * 10) + d;
                    fracDigits++;
                }
                else if (d != 0 && !truncateExcess)
                {
                    excess = true;
                }
            }

            if (i == start)
            {
                return DecimalStatus.Malformed;
            }

            fraction *= Pow10[scale - fracDigits];
        }

        if (excess)
        {
            return DecimalStatus.TooManyPlaces;
        }

        var unit = Pow10[scale];
        if (overflow || integer > (long.MaxValue - fraction) / unit)
        {
            return DecimalStatus.Overflow;
        }

        value = (integer * unit) + fraction;
        if (negative)
        {
            value = -value;
        }

        return DecimalStatus.Ok;
    }

    private static bool FormatCore<TChar>(long value, int scale, int minPlaces, int maxPlaces, Span<TChar> destination, out int written)
        where TChar : unmanaged, IBinaryInteger<TChar>
    {
        written = 0;
        if ((uint)scale > MaxScale || (uint)minPlaces > 32 || maxPlaces < minPlaces || (uint)maxPlaces > 32)
        {
            return false;
        }

        // long.MinValue has no positive counterpart; the unsigned negation below handles it.
        var magnitude = value < 0 ? (ulong)(-(value + 1)) + 1 : (ulong)value;
        var unit = (ulong)Pow10[scale];
        var integer = magnitude / unit;
        var fraction = magnitude % unit;

        // Fraction digits, most significant first, truncated at maxPlaces, then padded with zeros.
        Span<byte> frac = stackalloc byte[32];
        var places = 0;
        for (var k = scale - 1; k >= 0 && places < maxPlaces; k--)
        {
            frac[places++] = (byte)(fraction / (ulong)Pow10[k] % 10);
        }

        while (places > minPlaces && frac[places - 1] == 0)
        {
            places--;
        }

        for (; places < minPlaces; places++)
        {
            frac[places] = 0;
        }

        var nonZero = integer != 0;
        for (var k = 0; k < places && !nonZero; k++)
        {
            nonZero = frac[k] != 0;
        }

        // The sign only when a printed digit is non-zero ("-0.00" would read as a value).
        var negative = value < 0 && nonZero;
        var intDigits = 1;
        for (var rest = integer / 10; rest != 0; rest /= 10)
        {
            intDigits++;
        }

        var length = (negative ? 1 : 0) + intDigits + (places > 0 ? 1 + places : 0);
        if (length > destination.Length)
        {
            return false;
        }

        var pos = 0;
        if (negative)
        {
            destination[pos++] = TChar.CreateTruncating('-');
        }

        for (var k = intDigits - 1; k >= 0; k--)
        {
            destination[pos + k] = TChar.CreateTruncating('0' + (int)(integer % 10));
            integer /= 10;
        }

        pos += intDigits;
        if (places > 0)
        {
            destination[pos++] = TChar.CreateTruncating('.');
            for (var k = 0; k < places; k++)
            {
                destination[pos++] = TChar.CreateTruncating('0' + frac[k]);
            }
        }

        written = length;
        return true;
    }
}
