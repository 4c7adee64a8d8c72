using QuantumTrader.Runtime.Composition;
using System.CommandLine;
using QuantumTrader.Runtime.Configuration;
using QuantumTrader.Runtime.Output;

namespace QuantumTrader.Host.Commands;

/// <summary>`quantumtrader config check|show [FILE]`: validates a config file or prints the effective config.</summary>
internal static class ConfigCommand
{
    /// <summary>Exit code of a valid file.</summary>
    public const int ExitValid = 0;

    /// <summary>Exit code of an invalid or unreadable file.</summary>
    public const int ExitInvalid = 1;

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("config", "Checks a config file or shows the effective config (defaults filled in)");
        command.Subcommands.Add(CreateCheck());
        command.Subcommands.Add(CreateShow());
        return command;
    }

    private static Argument<string?> FileArgument() => new("FILE")
    {
        Description = $"The config file (default: the {ConfigLoader.DefaultFileName} beside the executable)",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static Option<bool> JsonOption(string description) => new("--json") { Description = description };

    private static Command CreateCheck()
    {
        var file = FileArgument();
        var json = JsonOption("Print {\"valid\":bool,\"errors\":[{\"key\",\"line\",\"column\",\"message\"}]} on stdout");
        var check = new Command(
            "check",
            "Validates a config file and what run would serve with it (every model loads and was trained with the [features] settings): exit 0 when valid; otherwise exit 1 with one line per error, FILE:LINE:COL: key: message, on stderr");
        check.Arguments.Add(file);
        check.Options.Add(json);
        check.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var path = parseResult.GetValue(file) ?? ConfigLoader.DefaultPath;
            var result = ConfigLoader.Load(path);
            var errors = result.Config is { } config ? ServingCheck.Check(config) : result.Errors;
            var valid = errors.Count == 0;
            if (parseResult.GetValue(json))
            {
                JsonOut.Write(output, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("file", path);
                    w.WriteBoolean("valid", valid);
                    w.WriteStartArray("errors");
                    foreach (var e in errors)
                    {
                        w.WriteStartObject();
                        w.WriteString("key", e.Key);
                        w.WriteNumber("line", e.Line);
                        w.WriteNumber("column", e.Column);
                        w.WriteString("message", e.Message);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                });
            }
            else if (valid)
            {
                output.WriteLine($"{path}: valid");
            }
            else
            {
                WriteErrors(error, path, errors);
            }

            return valid ? ExitValid : ExitInvalid;
        });
        return check;
    }

    private static Command CreateShow()
    {
        var file = FileArgument();
        var json = JsonOption("Print the effective config as one JSON object on stdout instead of TOML");
        var show = new Command("show", "Prints the effective config (every key, defaults filled in) as TOML or JSON; exit 1 with the errors when invalid");
        show.Arguments.Add(file);
        show.Options.Add(json);
        show.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var path = parseResult.GetValue(file) ?? ConfigLoader.DefaultPath;
            var result = ConfigLoader.Load(path);
            if (result.Config is null)
            {
                WriteErrors(parseResult.InvocationConfiguration.Error, path, result.Errors);
                return ExitInvalid;
            }

            if (parseResult.GetValue(json))
            {
                JsonOut.Write(output, w => ConfigJsonWriter.Write(w, result.Config));
            }
            else
            {
                output.Write($"# effective config of {path}\n");
                output.Write(ConfigTomlWriter.ToToml(result.Config));
            }

            output.Flush();
            return ExitValid;
        });
        return show;
    }

    private static void WriteErrors(TextWriter error, string path, IReadOnlyList<ConfigError> errors)
    {
        foreach (var e in errors)
        {
            error.WriteLine(e.Format(path));
        }

        error.Flush();
    }
}
