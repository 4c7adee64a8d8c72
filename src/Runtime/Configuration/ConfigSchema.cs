using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace QuantumTrader.Runtime.Configuration;

/// <summary>
/// Checks a <see cref="ConfigDocument"/> against the shape of <see cref="QuantumTraderConfig"/> before Tomlyn
/// binds it: a key the model does not have (with the closest known key as a hint), or a value of the wrong
/// TOML type, is an error at its position. The keys are the model's public properties in snake_case, the
/// naming Tomlyn binds with (<see cref="Naming"/>); a property marked [JsonIgnore] is no key.
/// </summary>
internal static class ConfigSchema
{
    /// <summary>The naming policy of the binding: C# <c>RingSize</c> is TOML <c>ring_size</c>.</summary>
    public static readonly JsonNamingPolicy Naming = JsonNamingPolicy.SnakeCaseLower;

    /// <summary>Records an error for every unknown key and wrong type; returns the paths refused (their
    /// content is not checked further and must be removed before binding).</summary>
    public static HashSet<string> Check(ConfigDocument document, List<ConfigError> errors)
    {
        var refused = new HashSet<string>(StringComparer.Ordinal);
        var types = new Dictionary<string, Type>(StringComparer.Ordinal) { [""] = typeof(QuantumTraderConfig) };
        foreach (var entry in document.Entries)
        {
            if (!types.TryGetValue(entry.Parent, out var parent))
            {
                continue; // inside a refused or scalar value
            }

            Type type;
            if (entry.Name is null)
            {
                type = ElementType(parent)!;
            }
            else if (Property(parent, entry.Name) is { } property)
            {
                type = property.PropertyType;
            }
            else
            {
                var section = entry.Kind is ConfigKind.Table or ConfigKind.TableArray;
                var (line, column) = section ? entry.Position : entry.Key;
                errors.Add(new ConfigError(entry.Path, line, column, $"unknown {(section ? "section" : "key")} `{entry.Path}`{Hint(parent, entry.Name)}"));
                refused.Add(entry.Path);
                continue;
            }

            var problem = Mismatch(type, entry);
            if (problem is not null)
            {
                errors.Add(new ConfigError(entry.Path, entry.Line, entry.Column, problem));
                // A bad item takes its array with it: an array is bound whole or not at all.
                refused.Add(entry.Name is null && document.Find(entry.Parent)?.Kind == ConfigKind.Array ? entry.Parent : entry.Path);
                refused.Add(entry.Path);
                continue;
            }

            if (entry.Kind is ConfigKind.Table or ConfigKind.Array or ConfigKind.TableArray)
            {
                types[entry.Path] = type;
            }
        }

        return refused;
    }

    /// <summary>Why <paramref name="entry"/> cannot bind to <paramref name="type"/>, or null when it can.</summary>
    private static string? Mismatch(Type type, ConfigEntry entry)
    {
        var kind = entry.Kind;
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(int))
        {
            return kind != ConfigKind.Integer ? $"expected an integer, found {entry.Describe()}"
                : (long)entry.Node is < int.MinValue or > int.MaxValue ? $"{entry.Raw} is out of range: expected {int.MinValue}..{int.MaxValue}"
                : null;
        }

        if (type == typeof(double))
        {
            return kind is ConfigKind.Integer or ConfigKind.Float ? null : $"expected a number, found {entry.Describe()}";
        }

        if (type == typeof(bool))
        {
            return kind == ConfigKind.Boolean ? null : $"expected a boolean (true or false), found {entry.Describe()}";
        }

        if (type == typeof(string))
        {
            return kind == ConfigKind.String ? null
                : kind is ConfigKind.Integer or ConfigKind.Float && ConfigValidator.NumberForText(entry.Name, entry.Raw) is { } text ? text
                : $"expected a string, found {entry.Describe()}";
        }

        var element = ElementType(type);
        if (element == typeof(string))
        {
            return kind == ConfigKind.Array ? null : $"expected an array of strings, found {entry.Describe()}";
        }

        if (element is not null)
        {
            return kind is ConfigKind.TableArray or ConfigKind.Array ? null : $"expected an array of tables [[{entry.Path}]], found {entry.Describe()}";
        }

        return kind == ConfigKind.Table ? null : entry.Name is null ? $"expected a table, found {entry.Describe()}" : $"expected a table [{entry.Path}], found {entry.Describe()}";
    }

    private static Type? ElementType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) ? type.GetGenericArguments()[0] : null;

    private static PropertyInfo? Property(Type type, string key)
    {
        foreach (var property in Keys(type))
        {
            if (Naming.ConvertName(property.Name) == key)
            {
                return property;
            }
        }

        return null;
    }

    /// <summary>The keys of a section type, in declaration order.</summary>
    private static List<PropertyInfo> Keys(Type type)
    {
        var keys = new List<PropertyInfo>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.CanWrite && property.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            {
                keys.Add(property);
            }
        }

        keys.Sort(static (a, b) => a.MetadataToken.CompareTo(b.MetadataToken));
        return keys;
    }

    private static string Hint(Type type, string key)
    {
        var names = Keys(type).ConvertAll(p => Naming.ConvertName(p.Name));
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var name in names)
        {
            var distance = Levenshtein(key, name);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (name, distance);
            }
        }

        return best is not null && bestDistance <= Math.Max(2, key.Length / 4)
            ? $"; did you mean `{best}`?"
            : $"; known keys here: {string.Join(", ", names)}";
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
}
