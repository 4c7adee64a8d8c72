using System.Globalization;
using Tomlyn;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace QuantumTrader.Runtime.Configuration;

/// <summary>
/// Loads config.toml into a validated <see cref="QuantumTraderConfig"/>. Every problem (TOML syntax, unknown
/// key, wrong type, value out of range, inconsistent stage groups, duplicate symbols ...) becomes a
/// <see cref="ConfigError"/> naming the key path, line and column; all of them are collected, not just the
/// first. Absent keys keep the defaults of <see cref="QuantumTraderConfig"/>.
/// </summary>
public static class ConfigLoader
{
    /// <summary>The file name of the default config, copied beside the executable at build time.</summary>
    public const string DefaultFileName = "config.toml";

    /// <summary>The path of the default config beside the executable.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, DefaultFileName);

    /// <summary>Loads the copy of the repository's config.toml that the build places beside the executable.</summary>
    public static ConfigLoadResult LoadDefault(ConfigLoadOptions? options = null) => Load(DefaultPath, options);

    /// <summary>Loads and validates the file at <paramref name="path"/>.</summary>
    public static ConfigLoadResult Load(string path, ConfigLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return ConfigLoadResult.Failure(path, [new ConfigError("(file)", 0, 0, $"cannot read the config file: {e.Message}")]);
        }

        var result = LoadText(text, path, options);
        if (result.Config is not null)
        {
            result.Config.BaseDirectory = Path.GetDirectoryName(Path.GetFullPath(path));
        }

        return result;
    }

    /// <summary>Validates TOML <paramref name="text"/>; <paramref name="sourceName"/> names it in errors.</summary>
    public static ConfigLoadResult LoadText(string text, string sourceName, ConfigLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sourceName);
        options ??= ConfigLoadOptions.Current;

        var syntax = SyntaxParser.Parse(text, sourceName, true);
        if (syntax.HasErrors)
        {
            return ConfigLoadResult.Failure(sourceName, SyntaxErrors(syntax));
        }

        var errors = new List<ConfigError>();
        var tomlOptions = new TomlSerializerOptions { PropertyNamingPolicy = ConfigSchema.Naming, SourceName = sourceName };
        QuantumTraderConfig config;
        ConfigDocument document;
        try
        {
            document = ConfigDocument.Read(text, syntax, tomlOptions);
            var refused = ConfigSchema.Check(document, errors);
            foreach (var path in refused)
            {
                document.Remove(path);
            }

            // The DOM written back is the file with its arrays of tables merged and what was refused removed.
            config = TomlSerializer.Deserialize<QuantumTraderConfig>(TomlSerializer.Serialize(document.Root, tomlOptions), tomlOptions)!;
            new ConfigValidator(document, refused, options, errors).Validate(config);
        }
        catch (TomlException e)
        {
            // Not expected after the schema check; still an error with a position rather than an exception.
            errors.Add(new ConfigError("(config)", Math.Max(1, e.Line ?? 1), Math.Max(1, e.Column ?? 1), "cannot bind: " + e.Message));
            return ConfigLoadResult.Failure(sourceName, errors);
        }

        if (errors.Count > 0)
        {
            errors.Sort(static (a, b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : a.Column.CompareTo(b.Column));
            return ConfigLoadResult.Failure(sourceName, errors);
        }

        config.Positions = document.Positions();
        return ConfigLoadResult.Success(sourceName, config);
    }

    private static List<ConfigError> SyntaxErrors(DocumentSyntax document)
    {
        var errors = new List<ConfigError>();
        foreach (var diagnostic in document.Diagnostics)
        {
            if (diagnostic.Kind != DiagnosticMessageKind.Error)
            {
                continue;
            }

            var line = diagnostic.Span.Start.Line + 1;
            var column = diagnostic.Span.Start.Column + 1;
            var message = diagnostic.Message.Length > 0
                ? char.ToLower(diagnostic.Message[0], CultureInfo.InvariantCulture) + diagnostic.Message[1..]
                : "TOML syntax error";
            errors.Add(new ConfigError(KeyAt(document, diagnostic.Span.Start.Line), line, column, "TOML syntax error: " + message));
        }

        return errors;
    }

    /// <summary>Best-effort key path of a 0-based line: the key defined on it, else the table header on it.</summary>
    private static string KeyAt(DocumentSyntax document, int line)
    {
        foreach (var keyValue in document.KeyValues)
        {
            if (keyValue.Key is not null && keyValue.Span.Start.Line <= line && line <= keyValue.Span.End.Line)
            {
                return string.Join('.', ConfigDocument.KeyParts(keyValue.Key));
            }
        }

        foreach (var table in document.Tables)
        {
            var name = table.Name is null ? "" : string.Join('.', ConfigDocument.KeyParts(table.Name));
            if (table.Span.Start.Line == line && name.Length > 0)
            {
                return name;
            }

            foreach (var keyValue in table.Items)
            {
                if (keyValue.Key is not null && keyValue.Span.Start.Line <= line && line <= keyValue.Span.End.Line)
                {
                    var key = string.Join('.', ConfigDocument.KeyParts(keyValue.Key));
                    return name.Length == 0 ? key : name + "." + key;
                }
            }
        }

        return "(syntax)";
    }
}
