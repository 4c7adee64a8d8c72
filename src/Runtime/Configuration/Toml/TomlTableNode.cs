namespace QuantumTrader.Runtime.Configuration.Toml;

/// <summary>A TOML table (from a header, a dotted key or an inline table) whose entries keep file order.</summary>
internal sealed class TomlTableNode : TomlNode
{
    private readonly List<KeyValuePair<string, TomlNode>> _entries = new();

    public TomlTableNode(int line, int column)
        : base(line, column)
    {
    }

    /// <summary>The entries in the order they appear in the file (deterministic, unlike a dictionary).</summary>
    public IReadOnlyList<KeyValuePair<string, TomlNode>> Entries => _entries;

    public TomlNode? Find(string key)
    {
        for (var i = 0; i < _entries.Count; i++)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.Ordinal))
            {
                return _entries[i].Value;
            }
        }

        return null;
    }

    public void Add(string key, TomlNode node) => _entries.Add(new KeyValuePair<string, TomlNode>(key, node));

    public override string Describe() => "a table";
}
