using System.Globalization;
using QuantumTrader.Stages.Journaling.Export;
using Xunit;

namespace QuantumTrader.Testing.Contracts;

/// <summary>
/// What every <see cref="IRecordFieldSink"/> must do: a top-level field reads back with its value in invariant
/// form (whatever the thread's culture), a field inside a nested object does not replace the top-level field of the
/// same name, fields after the object are top-level again, and text values keep every character. The field names are
/// columns every format carries (CSV has fixed columns). One subclass per implementation.
/// </summary>
public abstract class RecordFieldSinkContract
{
    /// <summary>A text column.</summary>
    protected const string StringField = "symbol";

    /// <summary>An integer column.</summary>
    protected const string IntegerField = "seq";

    /// <summary>A decimal column.</summary>
    protected const string NumberField = "price";

    /// <summary>A column written as a boolean.</summary>
    protected const string BooleanField = "decision";

    /// <summary>Creates the sink under test, ready for one record.</summary>
    protected abstract IRecordFieldSink Create();

    /// <summary>The values of the record written to <paramref name="sink"/>: top-level field name to its text as the
    /// format's reader sees it (strings unquoted, numbers and booleans as written).</summary>
    protected abstract IReadOnlyDictionary<string, string> Read(IRecordFieldSink sink);

    /// <summary>True when the format keeps any text value intact (quoting or escaping what it must).</summary>
    protected virtual bool KeepsAnyText => true;

    private IReadOnlyDictionary<string, string> Write(Action<IRecordFieldSink> fields)
    {
        var sink = Create();
        fields(sink);
        return Read(sink);
    }

    [Fact]
    public void Fields_EachKind_ReadBackInInvariantForm()
    {
        var culture = CultureInfo.CurrentCulture;
        // A culture with a decimal comma and another minus sign (cultures by name are not available in
        // globalization-invariant mode, so it is built from the invariant one).
        var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        comma.NumberFormat.NegativeSign = "~";
        CultureInfo.CurrentCulture = comma;
        try
        {
            var values = Write(s =>
            {
                s.String(StringField, "BTCUSDT");
                s.Integer(IntegerField, -1_234_567_890_123);
                s.Number(NumberField, 60000.123456m);
                s.Boolean(BooleanField, true);
            });
            Assert.Equal("BTCUSDT", values[StringField]);
            Assert.Equal("-1234567890123", values[IntegerField]);
            Assert.Equal("60000.123456", values[NumberField]);
            Assert.Equal("true", values[BooleanField]);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void Boolean_False_ReadsFalse()
    {
        Assert.Equal("false", Write(s => s.Boolean(BooleanField, false))[BooleanField]);
    }

    [Fact]
    public void NestedObject_SameFieldName_TopLevelValueKept()
    {
        var values = Write(s =>
        {
            s.Integer(IntegerField, 7);
            s.BeginObject("detail");
            s.Integer(IntegerField, 99);
            s.EndObject();
        });
        Assert.Equal("7", values[IntegerField]);
    }

    [Fact]
    public void FieldAfterNestedObject_TopLevel()
    {
        var values = Write(s =>
        {
            s.BeginObject("detail");
            s.Integer("inner", 1);
            s.EndObject();
            s.String(StringField, "ETHUSDT");
        });
        Assert.Equal("ETHUSDT", values[StringField]);
    }

    [Theory]
    [InlineData("a,b")]
    [InlineData("say \"hi\"")]
    [InlineData("line\nbreak")]
    [InlineData("carriage\r\nreturn")]
    [InlineData("two words")]
    [InlineData("name=value")]
    public void String_AnyText_ReadsBackIntact(string text)
    {
        var values = Write(s =>
        {
            s.String(StringField, text);
            s.Integer(IntegerField, 1);
        });
        if (KeepsAnyText)
        {
            Assert.Equal(text, values[StringField]);
        }

        Assert.Equal("1", values[IntegerField]);
    }
}
