namespace QuantumTrader.Model;

/// <summary>
/// The one snake_case name of each value of a journaled byte-sized enum (<c>OrderPurpose.BreakEvenStop</c> →
/// <c>break_even_stop</c>), as the journal export and the backtest report print them. Built once per enum type; a
/// lookup allocates nothing. A value the enum does not define is <c>unknown</c>.
/// </summary>
/// <typeparam name="T">A byte- or ushort-sized enum (names for values 0..255).</typeparam>
public static class EnumNames<T>
    where T : struct, Enum
{
    private static readonly string[] Names = Build();

    /// <summary>The snake_case name of <paramref name="value"/>.</summary>
    public static string Of(T value)
    {
        var i = Index(value);
        return (uint)i < (uint)Names.Length && Names[i] is { } name ? name : "unknown";
    }

    // The underlying value without boxing (byte- and ushort-sized enums; wider ones map to "unknown").
    private static int Index(T value) => System.Runtime.CompilerServices.Unsafe.SizeOf<T>() switch
    {
        1 => System.Runtime.CompilerServices.Unsafe.As<T, byte>(ref value),
        2 => System.Runtime.CompilerServices.Unsafe.As<T, ushort>(ref value),
        _ => -1,
    };

    private static string[] Build()
    {
        var names = new string[256];
        foreach (var value in Enum.GetValues<T>())
        {
            var i = Index(value);
            if ((uint)i < (uint)names.Length)
            {
                names[i] = System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString()); // as ModeCause is exported
            }
        }

        return names;
    }
}
