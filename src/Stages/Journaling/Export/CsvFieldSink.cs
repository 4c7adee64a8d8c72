using System.Globalization;

namespace QuantumTrader.Stages.Journaling.Export;

/// <summary>
/// Collects the fields of one record into the fixed columns of the CSV export (<see cref="Header"/>);
/// fields without a column are left out.
/// </summary>
// Design:
//   The sink only collects unquoted values; quoting (a comma, a quote, CR or LF in a field) is the CSV writer's
//   job, done by a maintained library in the host's exporter. Stages keeps no CSV dependency, and a value is
//   never half-escaped by hand.
public sealed class CsvFieldSink : IRecordFieldSink
{
    /// <summary>The CSV header line.</summary>
    public const string Header = "seq,ts_ns,type,version,stream,symbol,side,price,qty,confidence,decision,reason,plan_id,input_seq,timestamp";

    private static readonly string[] Columns = Header.Split(',');
    private readonly string[] _values = new string[Columns.Length];
    private bool _nested;

    /// <summary>Clears the row for the next record.</summary>
    public void Reset() => Array.Fill(_values, "");

    /// <summary>The column names of <see cref="Header"/>, in order.</summary>
    public static IReadOnlyList<string> ColumnNames => Columns;

    /// <summary>The row's unquoted values, one per column of <see cref="Header"/> ("" where the record has none);
    /// the writer quotes them (journal export writes them through CsvHelper).</summary>
    public IReadOnlyList<string> Values => _values;

    private void Set(string name, string value)
    {
        if (_nested)
        {
            return;
        }

        var column = name switch
        {
            "action" => "side",
            "mark_price" or "close" => "price",
            "volume" => "qty",
            _ => name,
        };
        var index = Array.IndexOf(Columns, column);
        if (index >= 0)
        {
            _values[index] = value;
        }
    }

    /// <inheritdoc />
    public void String(string name, string value) => Set(name, value);

    /// <inheritdoc />
    public void Integer(string name, long value) => Set(name, value.ToString(CultureInfo.InvariantCulture));

    /// <inheritdoc />
    public void Number(string name, decimal value) => Set(name, value.ToString(CultureInfo.InvariantCulture));

    /// <inheritdoc />
    public void Boolean(string name, bool value) => Set(name, value ? "true" : "false");

    /// <inheritdoc />
    public void BeginObject(string name) => _nested = true;

    /// <inheritdoc />
    public void EndObject() => _nested = false;
}
