using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace QuantumTrader.Runtime.Output;

/// <summary>
/// Writes one JSON document (the <c>--json</c> output of a command) with <see cref="Utf8JsonWriter"/>:
/// compact (indentation off), one document per line, UTF-8, non-ASCII text left readable.
/// </summary>
public static class JsonOut
{
    /// <summary>The writer options every command uses.</summary>
    public static JsonWriterOptions Options { get; } = new()
    {
        Indented = false,
        // Output goes to terminals and pipes, never into HTML: keep '+', '<' and non-ASCII readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes the document <paramref name="write"/> produces to standard output, followed by a newline.</summary>
    public static void Write(Action<Utf8JsonWriter> write) => Write(Console.Out, write);

    /// <summary>Writes the document <paramref name="write"/> produces to <paramref name="output"/>, followed by a newline.</summary>
    public static void Write(TextWriter output, Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(ToString(write));
        output.Flush();
    }

    /// <summary>The document <paramref name="write"/> produces, as a string (no trailing newline).</summary>
    public static string ToString(Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            write(writer);
            writer.Flush();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
