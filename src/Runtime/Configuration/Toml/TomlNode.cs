namespace QuantumTrader.Runtime.Configuration.Toml;

/// <summary>A node of the located TOML tree: a table, an array of tables or a value, with where it was defined.</summary>
internal abstract class TomlNode
{
    protected TomlNode(int line, int column)
    {
        Line = line;
        Column = column;
    }

    /// <summary>1-based line of the key (or table header) that defined this node.</summary>
    public int Line { get; }

    /// <summary>1-based column of the key (or table header) that defined this node.</summary>
    public int Column { get; }

    /// <summary>What the node is, in the words an error message uses ("a table", "an integer" ...).</summary>
    public abstract string Describe();
}
