using System.Text.Json;

namespace QuantumTrader.Runtime.Configuration;

/// <summary>Writes a config as a JSON object with the same snake_case keys as config.toml.</summary>
public static class ConfigJsonWriter
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = ConfigSchema.Naming };

    /// <summary>Writes <paramref name="config"/> as one JSON object (sizes stay decimal strings: they are exact;
    /// an unpinned group's <c>core</c> is null).</summary>
    public static void Write(Utf8JsonWriter writer, QuantumTraderConfig config)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(config);
        JsonSerializer.Serialize(writer, config, Options);
    }
}
