namespace QuantumTrader.Runtime.Configuration;

/// <summary>The outcome of loading a config file: either a validated config or every error found.</summary>
public sealed class ConfigLoadResult
{
    private ConfigLoadResult(string source, QuantumTraderConfig? config, IReadOnlyList<ConfigError> errors)
    {
        Source = source;
        Config = config;
        Errors = errors;
    }

    /// <summary>The file (or source name) that was loaded.</summary>
    public string Source { get; }

    /// <summary>The validated config; null when <see cref="Errors"/> is not empty.</summary>
    public QuantumTraderConfig? Config { get; }

    /// <summary>Every error found, in file order (syntax errors alone when the file does not parse).</summary>
    public IReadOnlyList<ConfigError> Errors { get; }

    /// <summary>True when the file is valid and <see cref="Config"/> is set.</summary>
    public bool IsValid => Config is not null;

    /// <summary>The config, or an <see cref="InvalidOperationException"/> listing every error.</summary>
    public QuantumTraderConfig GetConfigOrThrow()
    {
        if (Config is not null)
        {
            return Config;
        }

        var lines = new System.Text.StringBuilder();
        lines.Append("invalid config ").Append(Source).Append(':');
        foreach (var error in Errors)
        {
            lines.AppendLine().Append("  ").Append(error.Format(Source));
        }

        throw new InvalidOperationException(lines.ToString());
    }

    internal static ConfigLoadResult Success(string source, QuantumTraderConfig config) => new(source, config, Array.Empty<ConfigError>());

    internal static ConfigLoadResult Failure(string source, IReadOnlyList<ConfigError> errors) => new(source, null, errors);
}
