using System.Text;

namespace QuantumTrader.Stages.Features;

/// <summary>
/// A versioned feature schema: the names and order of the features in a vector. Models declare the schema
/// they were trained on (name, version, names, fingerprint); a model whose schema differs from the serving
/// schema is refused at load, never fed zeros for what it expects.
/// </summary>
public sealed class FeatureSchema
{
    private readonly string[] _names;

    /// <summary>Creates a schema.</summary>
    public FeatureSchema(string name, int version, IReadOnlyList<string> names)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count == 0 || names.Count > Model.FeatureBuffer.Capacity)
        {
            throw new ArgumentException($"a schema has 1..{Model.FeatureBuffer.Capacity} features, not {names.Count}", nameof(names));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        _names = new string[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(names[i]) || !seen.Add(names[i]))
            {
                throw new ArgumentException($"feature name '{names[i]}' is empty or repeated", nameof(names));
            }

            _names[i] = names[i];
        }

        Name = name;
        Version = version;
        Fingerprint = ComputeFingerprint(name, version, _names);
    }

    /// <summary>Schema family name.</summary>
    public string Name { get; }

    /// <summary>Schema version; bumped on any change of names, order or definition.</summary>
    public int Version { get; }

    /// <summary>Feature names in vector order.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>Number of features.</summary>
    public int Count => _names.Length;

    /// <summary>FNV-1a 64 of the canonical text <c>name/version:n1,n2,…</c>, as 16 hex digits.</summary>
    public string Fingerprint { get; }

    /// <summary>The index of a feature by name, or −1.</summary>
    public int IndexOf(string featureName) => Array.IndexOf(_names, featureName);

    /// <summary>
    /// Compares a declared schema with this one. Returns null when they match, otherwise a reason naming
    /// the first difference.
    /// </summary>
    public string? Mismatch(string name, int version, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (!string.Equals(name, Name, StringComparison.Ordinal) || version != Version)
        {
            return $"schema {name} v{version} is not the serving schema {Name} v{Version}";
        }

        if (names.Count != _names.Length)
        {
            return $"schema declares {names.Count} features, serving has {_names.Length}";
        }

        for (var i = 0; i < _names.Length; i++)
        {
            if (!string.Equals(names[i], _names[i], StringComparison.Ordinal))
            {
                return $"feature {i} is '{names[i]}', serving has '{_names[i]}'";
            }
        }

        return null;
    }

    private static string ComputeFingerprint(string name, int version, string[] names)
    {
        var text = new StringBuilder().Append(name).Append('/').Append(version).Append(':').AppendJoin(',', names).ToString();
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }

        return hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }
}
