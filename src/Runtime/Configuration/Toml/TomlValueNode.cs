using Tomlyn.Syntax;

namespace QuantumTrader.Runtime.Configuration.Toml;

/// <summary>A TOML value (scalar or array) with the position of its key and of the value itself.</summary>
internal sealed class TomlValueNode : TomlNode
{
    public TomlValueNode(int line, int column, ValueSyntax value)
        : base(line, column)
    {
        Value = value;
        ValueLine = value.Span.Start.Line + 1;
        ValueColumn = value.Span.Start.Column + 1;
    }

    public ValueSyntax Value { get; }

    /// <summary>1-based line of the value (where type and range errors point).</summary>
    public int ValueLine { get; }

    /// <summary>1-based column of the value.</summary>
    public int ValueColumn { get; }

    public override string Describe() => DescribeValue(Value);

    public static string DescribeValue(ValueSyntax value) => value switch
    {
        StringValueSyntax => "a string",
        IntegerValueSyntax => "an integer",
        FloatValueSyntax => "a float",
        BooleanValueSyntax => "a boolean",
        DateTimeValueSyntax => "a date-time",
        ArraySyntax => "an array",
        InlineTableSyntax => "a table",
        _ => "a value",
    };
}
