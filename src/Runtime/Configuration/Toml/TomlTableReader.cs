using System.Globalization;
using Tomlyn.Syntax;

namespace QuantumTrader.Runtime.Configuration.Toml;

/// <summary>
/// Reads typed keys out of one located table, records an error (key path, line, column, message) for every
/// wrong type or out-of-range value, and at the end reports every key nobody asked for, so that a typo
/// is an error instead of a silently ignored setting. An absent section reads as an empty table.
/// </summary>
internal sealed class TomlTableReader
{
    private readonly TomlTableNode _table;
    private readonly List<ConfigError> _errors;
    private readonly List<string> _known = new();

    public TomlTableReader(TomlTableNode table, string path, List<ConfigError> errors)
    {
        _table = table;
        Path = path;
        _errors = errors;
    }

    /// <summary>The key path of this table ("" for the root, "engine", "engine.groups[0]" ...).</summary>
    public string Path { get; }

    public int Line => _table.Line;

    public int Column => _table.Column;

    public string PathOf(string key) => Path.Length == 0 ? key : Path + "." + key;

    public bool Has(string key) => _table.Find(key) is not null;

    /// <summary>The node of <paramref name="key"/> (marking it known), or null.</summary>
    public TomlNode? Node(string key)
    {
        _known.Add(key);
        return _table.Find(key);
    }

    public void Error(string key, int line, int column, string message) => _errors.Add(new ConfigError(PathOf(key), line, column, message));

    public void Error(string key, TomlValueNode node, string message) => Error(key, node.ValueLine, node.ValueColumn, message);

    /// <summary>An integer in [min, max]; <paramref name="fallback"/> when absent or invalid (the error is recorded).</summary>
    public long Integer(string key, long fallback, long min, long max, Func<long, string?>? check = null)
    {
        var node = Scalar(key, "an integer");
        if (node is null)
        {
            return fallback;
        }

        if (node.Value is not IntegerValueSyntax integer)
        {
            Error(key, node, $"expected an integer, found {node.Describe()} `{Text(node)}`");
            return fallback;
        }

        var value = integer.Value;
        if (value < min || value > max)
        {
            Error(key, node, $"{value} is out of range: expected {Range(min, max)}");
            return fallback;
        }

        var problem = check?.Invoke(value);
        if (problem is not null)
        {
            Error(key, node, problem);
            return fallback;
        }

        return value;
    }

    public int Int(string key, int fallback, int min, int max, Func<long, string?>? check = null) =>
        (int)Integer(key, fallback, min, max, check);

    /// <summary>A finite number (TOML float or integer) that passes <paramref name="check"/>.</summary>
    public double Number(string key, double fallback, Func<double, string?> check)
    {
        var node = Scalar(key, "a number");
        if (node is null)
        {
            return fallback;
        }

        double value;
        switch (node.Value)
        {
            case FloatValueSyntax f:
                value = f.Value;
                break;
            case IntegerValueSyntax i:
                value = i.Value;
                break;
            default:
                Error(key, node, $"expected a number, found {node.Describe()} `{Text(node)}`");
                return fallback;
        }

        if (double.IsNaN(value))
        {
            Error(key, node, "NaN is not a valid value");
            return fallback;
        }

        if (double.IsInfinity(value))
        {
            Error(key, node, "an infinite value is not valid");
            return fallback;
        }

        var problem = check(value);
        if (problem is not null)
        {
            Error(key, node, problem);
            return fallback;
        }

        return value;
    }

    /// <summary>A TOML boolean; <paramref name="fallback"/> when absent or invalid (the error is recorded).</summary>
    public bool Bool(string key, bool fallback)
    {
        var node = Scalar(key, "a boolean");
        if (node is null)
        {
            return fallback;
        }

        if (node.Value is not BooleanValueSyntax b)
        {
            Error(key, node, $"expected a boolean (true or false), found {node.Describe()} `{Text(node)}`");
            return fallback;
        }

        return b.Value;
    }

    /// <summary>A string that passes <paramref name="check"/>.</summary>
    public string String(string key, string fallback, Func<string, string?>? check = null)
    {
        var node = Scalar(key, "a string");
        if (node is null)
        {
            return fallback;
        }

        if (node.Value is not StringValueSyntax s || s.Value is null)
        {
            Error(key, node, $"expected a string, found {node.Describe()} `{Text(node)}`");
            return fallback;
        }

        var problem = check?.Invoke(s.Value);
        if (problem is not null)
        {
            Error(key, node, problem);
            return fallback;
        }

        return s.Value;
    }

    /// <summary>One of <paramref name="choices"/> (exact, case-sensitive).</summary>
    public string Choice(string key, string fallback, IReadOnlyList<string> choices) =>
        String(key, fallback, v => Contains(choices, v) ? null : $"\"{v}\" is not one of {string.Join(" | ", choices)}");

    /// <summary>A positive exact decimal string (see <see cref="DecimalText"/>).</summary>
    public string Decimal(string key, string fallback, bool allowZero)
    {
        var node = Node(key);
        if (node is TomlValueNode { Value: FloatValueSyntax or IntegerValueSyntax } number)
        {
            Error(key, number, $"expected a decimal string such as \"0.10\", found the number `{Text(number)}` (quote it: TOML numbers are binary floats or integers, and sizes must be exact)");
            return fallback;
        }

        return String(key, fallback, v =>
        {
            if (!DecimalText.TryParseRaw(v, out var raw, out var error))
            {
                return error;
            }

            if (raw == 0 && !allowZero)
            {
                return $"\"{v}\" must be positive";
            }

            return null;
        });
    }

    /// <summary>An array of strings with each item's position; null when absent or invalid.</summary>
    public List<(string Value, int Line, int Column)>? StringArray(string key)
    {
        var node = Scalar(key, "an array of strings");
        if (node is null)
        {
            return null;
        }

        if (node.Value is not ArraySyntax array)
        {
            Error(key, node, $"expected an array of strings, found {node.Describe()} `{Text(node)}`");
            return null;
        }

        var items = new List<(string, int, int)>();
        var ok = true;
        var index = 0;
        foreach (var item in array.Items)
        {
            var value = item.Value!;
            var line = value.Span.Start.Line + 1;
            var column = value.Span.Start.Column + 1;
            if (value is StringValueSyntax { Value: not null } s)
            {
                items.Add((s.Value, line, column));
            }
            else
            {
                Error($"{key}[{index}]", line, column, $"expected a string, found {TomlValueNode.DescribeValue(value)}");
                ok = false;
            }

            index++;
        }

        return ok ? items : null;
    }

    /// <summary>A sub-table; an empty reader when absent; null (error recorded) when the key holds something else.</summary>
    public TomlTableReader? Table(string key)
    {
        var node = Node(key);
        switch (node)
        {
            case null:
                return new TomlTableReader(new TomlTableNode(0, 0), PathOf(key), _errors);
            case TomlTableNode table:
                return new TomlTableReader(table, PathOf(key), _errors);
            default:
                Error(key, node.Line, node.Column, $"expected a table [{PathOf(key)}], found {node.Describe()}");
                return null;
        }
    }

    /// <summary>The tables of an array of tables; null when absent or invalid (error recorded).</summary>
    public List<TomlTableReader>? TableArray(string key)
    {
        var node = Node(key);
        switch (node)
        {
            case null:
                return null;
            case TomlTableArrayNode array:
                var readers = new List<TomlTableReader>(array.Items.Count);
                for (var i = 0; i < array.Items.Count; i++)
                {
                    readers.Add(new TomlTableReader(array.Items[i], $"{PathOf(key)}[{i}]", _errors));
                }

                return readers;
            case TomlValueNode { Value: ArraySyntax array } when array.Items.ChildrenCount == 0:
                return new List<TomlTableReader>();
            default:
                Error(key, node.Line, node.Column, $"expected an array of tables [[{PathOf(key)}]], found {node.Describe()}");
                return null;
        }
    }

    /// <summary>Records an error for every key of this table that was never read.</summary>
    public void ReportUnknownKeys()
    {
        foreach (var entry in _table.Entries)
        {
            if (Contains(_known, entry.Key))
            {
                continue;
            }

            var what = entry.Value is TomlValueNode ? "key" : "section";
            var suggestion = Closest(entry.Key);
            var hint = suggestion is null ? $"; known keys here: {string.Join(", ", Distinct(_known))}" : $"; did you mean `{suggestion}`?";
            Error(entry.Key, entry.Value.Line, entry.Value.Column, $"unknown {what} `{PathOf(entry.Key)}`{hint}");
        }
    }

    private TomlValueNode? Scalar(string key, string expected)
    {
        var node = Node(key);
        switch (node)
        {
            case null:
                return null;
            case TomlValueNode value:
                return value;
            default:
                Error(key, node.Line, node.Column, $"expected {expected}, found {node.Describe()}");
                return null;
        }
    }

    private string? Closest(string key)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var known in _known)
        {
            var distance = Levenshtein(key, known);
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = known;
            }
        }

        return bestDistance <= Math.Max(2, key.Length / 4) ? best : null;
    }

    private static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private static List<string> Distinct(List<string> keys)
    {
        var distinct = new List<string>(keys.Count);
        foreach (var key in keys)
        {
            if (!Contains(distinct, key))
            {
                distinct.Add(key);
            }
        }

        return distinct;
    }

    private static bool Contains(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string Range(long min, long max) => max == long.MaxValue
        ? $">= {min.ToString(CultureInfo.InvariantCulture)}"
        : $"{min.ToString(CultureInfo.InvariantCulture)}..{max.ToString(CultureInfo.InvariantCulture)}";

    public static string Text(TomlValueNode node)
    {
        var text = node.Value.ToString()?.Trim() ?? "";
        return text.Length > 40 ? text[..40] + "..." : text;
    }
}
