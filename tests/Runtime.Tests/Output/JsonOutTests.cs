using QuantumTrader.Runtime.Output;

namespace QuantumTrader.Runtime.Tests.Output;

public sealed class JsonOutTests
{
    [Fact]
    public void Write_Document_IsOneCompactLine()
    {
        using var output = new StringWriter();

        JsonOut.Write(output, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("a", 1);
            w.WriteStartArray("b");
            w.WriteStringValue("x");
            w.WriteEndArray();
            w.WriteEndObject();
        });

        Assert.Equal("{\"a\":1,\"b\":[\"x\"]}" + Environment.NewLine, output.ToString());
    }

    [Fact]
    public void ToString_NonAsciiAndPlus_StayReadable()
    {
        var text = JsonOut.ToString(w =>
        {
            w.WriteStartObject();
            w.WriteString("name", "USDⓈ-M +1 <ok>");
            w.WriteEndObject();
        });

        Assert.Equal("{\"name\":\"USDⓈ-M +1 <ok>\"}", text);
    }
}
