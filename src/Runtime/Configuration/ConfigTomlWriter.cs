using Tomlyn;
using Tomlyn.Model;

namespace QuantumTrader.Runtime.Configuration;

/// <summary>
/// Writes a config as TOML with every key present (defaults filled in), through Tomlyn's serializer with the
/// naming the loader binds with, so that the output loads back into an equal config.
/// </summary>
public static class ConfigTomlWriter
{
    private static readonly TomlSerializerOptions Options = new()
    {
        PropertyNamingPolicy = ConfigSchema.Naming,
        DefaultIgnoreCondition = TomlIgnoreCondition.WhenWritingNull, // an unpinned group has no `core`
        BlankLineBeforeTableHeaders = true,
        NewLine = TomlNewLineKind.Lf,
    };

    /// <summary>The TOML text of <paramref name="config"/>.</summary>
    public static string ToToml(QuantumTraderConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var text = TomlSerializer.Serialize(config, Options);
        if (config.Inference.Models.Count > 0)
        {
            return text;
        }

        // An empty model list is written as no [inference] section at all: a present section must list models.
        var table = TomlSerializer.Deserialize<TomlTable>(text, Options)!;
        table.Remove("inference");
        return TomlSerializer.Serialize(table, Options);
    }
}
