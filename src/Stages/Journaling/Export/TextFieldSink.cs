using System.Globalization;
using System.Text;

namespace QuantumTrader.Stages.Journaling.Export;

/// <summary>Collects fields as one human-readable line: <c>name=value</c> pairs separated by spaces.</summary>
public sealed class TextFieldSink : IRecordFieldSink
{
    private readonly StringBuilder _line = new();
    private string _prefix = "";

    /// <summary>Clears the line for the next record.</summary>
    public void Reset()
    {
        _line.Clear();
        _prefix = "";
    }

    /// <summary>The line so far.</summary>
    public override string ToString() => _line.ToString();

    private void Add(string name, string value)
    {
        if (_line.Length > 0)
        {
            _line.Append(' ');
        }

        _line.Append(_prefix).Append(name).Append('=').Append(value);
    }

    /// <inheritdoc />
    public void String(string name, string value) => Add(name, value);

    /// <inheritdoc />
    public void Integer(string name, long value) => Add(name, value.ToString(CultureInfo.InvariantCulture));

    /// <inheritdoc />
    public void Number(string name, decimal value) => Add(name, value.ToString(CultureInfo.InvariantCulture));

    /// <inheritdoc />
    public void Boolean(string name, bool value) => Add(name, value ? "true" : "false");

    /// <inheritdoc />
    public void BeginObject(string name) => _prefix = name + ".";

    /// <inheritdoc />
    public void EndObject() => _prefix = "";
}
