using QuantumTrader.Model;

namespace QuantumTrader.Runtime.Configuration;

/// <summary>
/// Parses the decimal strings config.toml uses for money ("0.10", "100") into exact raw fixed-point units
/// of <see cref="FixedPoint"/> (10^-8). Plain digits with an optional fractional part only: no sign, no
/// exponent, no thousands separators, nothing a binary float could have rounded.
/// </summary>
public static class DecimalText
{
    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says why.</summary>
    /// <returns>True with <paramref name="raw"/> set when the text is an exact non-negative decimal of at most 8 places.</returns>
    public static bool TryParseRaw(string text, out long raw, out string error)
    {
        raw = 0;
        error = "";
        if (text.Length == 0)
        {
            error = "is empty; expected a decimal such as \"0.10\"";
            return false;
        }

        var point = text.IndexOf('.', StringComparison.Ordinal);
        var whole = point < 0 ? text : text[..point];
        var fraction = point < 0 ? "" : text[(point + 1)..];
        if (whole.Length == 0 || !AllDigits(whole) || (point >= 0 && (fraction.Length == 0 || !AllDigits(fraction))))
        {
            error = $"\"{text}\" is not a plain decimal such as \"0.10\" (digits, an optional point and digits; no sign or exponent)";
            return false;
        }

        for (var i = FixedPoint.Decimals; i < fraction.Length; i++)
        {
            if (fraction[i] != '0')
            {
                error = $"\"{text}\" has more than {FixedPoint.Decimals} decimal places, the engine's fixed-point precision";
                return false;
            }
        }

        long value = 0;
        try
        {
            checked
            {
                foreach (var c in whole)
                {
                    value = (value * 10) + (c - '0');
                }

                for (var i = 0; i < FixedPoint.Decimals; i++)
                {
                    value = (value * 10) + (i < fraction.Length ? fraction[i] - '0' : 0);
                }
            }
        }
        catch (OverflowException)
        {
            error = $"\"{text}\" is too large for the engine's fixed-point range";
            return false;
        }

        raw = value;
        return true;
    }

    private static bool AllDigits(string s)
    {
        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
