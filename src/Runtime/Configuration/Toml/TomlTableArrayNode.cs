namespace QuantumTrader.Runtime.Configuration.Toml;

/// <summary>An array of tables: <c>[[name]]</c> headers, or an array whose items are all inline tables.</summary>
internal sealed class TomlTableArrayNode : TomlNode
{
    public TomlTableArrayNode(int line, int column)
        : base(line, column)
    {
    }

    public List<TomlTableNode> Items { get; } = new();

    public override string Describe() => "an array of tables";
}
