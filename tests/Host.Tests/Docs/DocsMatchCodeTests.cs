using System.CommandLine;
using System.Text.RegularExpressions;
using QuantumTrader.Testing;

namespace QuantumTrader.Host.Tests.Docs;

/// <summary>
/// The documents name only what exists: every <c>quantumtrader …</c> command in a code block of README.md,
/// docs/*.md, models/README.md and data/binance/README.md parses against the real command line, every
/// environment variable they name is one the code reads, and every repository path they name exists.
/// </summary>
public sealed partial class DocsMatchCodeTests
{
    [Fact]
    public void Commands_InCodeBlocks_ParseAgainstTheRealCommandLine()
    {
        var commands = DocCommands.Extract(Documents());
        Assert.True(commands.Count >= 15, $"only {commands.Count} commands found: the extractor lost them");

        var problems = new List<string>();
        foreach (var c in commands)
        {
            if (DocCommands.Check(c) is { } problem)
            {
                problems.Add($"{c.Where}: quantumtrader {string.Join(' ', c.Args)}: {problem}");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Commands_Extractor_FindsEveryFormAndCatchesAnUnknownOption()
    {
        var text = string.Join('\n',
            "```sh",
            "dotnet run -c Release --project src/Host -- run --speed max   # a comment",
            "dotnet src/Host/bin/Release/net10.0/quantumtrader.dll journal verify DIR",
            "$ quantumtrader config check \\",
            "    config.toml",
            "Q=\"dotnet src/Host/bin/Release/net10.0/quantumtrader.dll\"",
            "$Q bench engine --seconds 2",
            "dotnet publish src/Host -c Release -o /opt/quantumtrader",
            "quantumtrader run: capture x.gz (output, not a command)",
            "```",
            "```ini",
            "ExecStart=/opt/quantumtrader/quantumtrader run --live --no-such-option",
            "```",
            "quantumtrader run --outside-a-code-block");

        var commands = DocCommands.Extract([("doc.md", text)]);

        Assert.Equal(
            ["run --speed max", "journal verify DIR", "config check config.toml", "bench engine --seconds 2", "run --live --no-such-option"],
            commands.Select(c => string.Join(' ', c.Args)));
        Assert.Null(DocCommands.Check(commands[0]));
        Assert.NotNull(DocCommands.Check(commands[^1]));
        Assert.NotNull(DocCommands.Check(new DocCommand("x", ["journal", "tail", "DIR", "[--no-such]"], Synopsis: true)));
        Assert.Null(DocCommands.Check(new DocCommand("x", ["journal", "tail", "DIR", "[--type", "T]", "[--follow]"], Synopsis: true)));
    }

    [Fact]
    public void Deploy_UnitExecStart_RunsLiveWithTheConfigItChecks()
    {
        var unit = DocCommands.Extract([.. Documents().Where(d => d.Name.EndsWith("DEPLOY.md", StringComparison.Ordinal))])
            .Where(c => c.Where.Contains("ExecStart", StringComparison.Ordinal)).ToList();

        var start = Assert.Single(unit, c => c.Where.Contains("ExecStart=", StringComparison.Ordinal));
        var check = Assert.Single(unit, c => c.Where.Contains("ExecStartPre=", StringComparison.Ordinal));
        Assert.Equal("run", start.Args[0]);
        Assert.Contains("--live", start.Args);
        Assert.Equal(["config", "check"], check.Args.Take(2));
        Assert.Equal(check.Args[2], start.Args[start.Args.IndexOf("--config") + 1]);
    }

    [Fact]
    public void EnvironmentVariables_NamedInTheDocs_AreReadByTheCode()
    {
        var literals = new HashSet<string>(StringComparer.Ordinal);
        // The product's code, and the test harness's (QT_UPDATE_GOLDEN regenerates the golden files); not this file,
        // which names variables only to check the scan.
        var sources = Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "src"), "*.cs", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(TestPaths.RepoRoot, "tests"), "*.cs", SearchOption.AllDirectories));
        foreach (var file in sources)
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                || file.EndsWith(nameof(DocsMatchCodeTests) + ".cs", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (Match m in Literal().Matches(File.ReadAllText(file)))
            {
                literals.Add(m.Groups[1].Value);
            }
        }

        Assert.Contains("QT_BINANCE_API_KEY", literals); // the scan itself works
        var problems = new List<string>();
        var named = 0;
        foreach (var (name, text) in Documents())
        {
            var lines = text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (Match m in EnvironmentName().Matches(lines[i]))
                {
                    named++;
                    if (!literals.Contains(m.Value))
                    {
                        problems.Add($"{name}:{i + 1}: {m.Value} is not an environment variable the code reads");
                    }
                }
            }
        }

        Assert.True(named > 0, "no environment variable found in the docs");
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void RepositoryPaths_NamedInTheDocs_Exist()
    {
        var root = TestPaths.RepoRoot;
        var problems = new List<string>();
        var named = 0;
        foreach (var (name, text) in Documents())
        {
            var lines = text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (Match m in RepoPath().Matches(lines[i]))
                {
                    named++;
                    if (!ExistsInRepo(root, m.Groups[1].Value))
                    {
                        problems.Add($"{name}:{i + 1}: {m.Groups[1].Value} does not exist");
                    }
                }

                foreach (Match m in Link().Matches(lines[i]))
                {
                    named++;
                    var target = Path.Combine(root, Path.GetDirectoryName(name)!, m.Groups[1].Value);
                    if (!File.Exists(target) && !Directory.Exists(target))
                    {
                        problems.Add($"{name}:{i + 1}: link {m.Groups[1].Value} does not exist");
                    }
                }
            }
        }

        Assert.True(named > 50, $"only {named} paths found");
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    /// <summary>A path exists as a file or directory, or names a source file without its extension (src/Host/Daemon/DaemonLifetime).</summary>
    private static bool ExistsInRepo(string root, string path)
    {
        var full = Path.Combine(root, path);
        if (File.Exists(full) || Directory.Exists(full))
        {
            return true;
        }

        var dir = Path.GetDirectoryName(full)!;
        return Directory.Exists(dir) && Directory.EnumerateFiles(dir, Path.GetFileName(full) + ".*").Any();
    }

    private static List<(string Name, string Text)> Documents()
    {
        var root = TestPaths.RepoRoot;
        var names = new List<string> { "README.md", Path.Combine("models", "README.md"), Path.Combine("data", "binance", "README.md") };
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md").Order(StringComparer.Ordinal))
        {
            names.Add(Path.GetRelativePath(root, file));
        }

        return names.Select(n => (n, File.ReadAllText(Path.Combine(root, n)))).ToList();
    }

    [GeneratedRegex("\"([A-Z][A-Z0-9_]+)\"")]
    private static partial Regex Literal();

    // QT_* variables, and anything that looks like an API key or secret variable (BINANCE_API_KEY).
    [GeneratedRegex(@"\b(?:QT_[A-Z0-9_]+|[A-Z][A-Z0-9_]*_API_(?:KEY|SECRET))\b")]
    private static partial Regex EnvironmentName();

    [GeneratedRegex(@"(?<![\w/.\-<])((?:src|tests|docs|models|data|bench|\.ci)/[A-Za-z0-9_.\-/]*[A-Za-z0-9_])(?![\w*<])")]
    private static partial Regex RepoPath();

    [GeneratedRegex(@"\]\((?!\w+:)([^)#\s]+)(?:#[^)]*)?\)")]
    private static partial Regex Link();
}

/// <summary>A <c>quantumtrader</c> command found in a document: where, its arguments, and whether it is a
/// usage synopsis (<c>[--json]</c>, <c>a|b</c>, placeholders) rather than a runnable line.</summary>
internal sealed record DocCommand(string Where, List<string> Args, bool Synopsis);

/// <summary>Finds <c>quantumtrader</c> command lines in fenced code blocks and checks them against <see cref="Program.BuildRoot"/>.</summary>
internal static class DocCommands
{
    /// <summary>Every command of fenced code blocks: <c>dotnet run … --project src/Host -- ARGS</c>,
    /// <c>dotnet …/quantumtrader.dll ARGS</c>, <c>…/quantumtrader ARGS</c> (also after <c>$ </c>, <c>sudo</c>,
    /// <c>ExecStart=</c>), and <c>$Q ARGS</c> where <c>Q="dotnet …quantumtrader.dll"</c>. Continued lines
    /// (<c>\</c>) are joined; comments (<c>#</c>) and what follows <c>&amp;&amp;</c>, <c>|</c> or <c>;</c> are cut.
    /// Output lines (<c>quantumtrader run: …</c>) are not commands.</summary>
    public static List<DocCommand> Extract(IEnumerable<(string Name, string Text)> documents)
    {
        var found = new List<DocCommand>();
        foreach (var (name, text) in documents)
        {
            var lines = text.Split('\n');
            var inBlock = false;
            var variables = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal))
                {
                    inBlock = !inBlock;
                    variables.Clear();
                    continue;
                }

                if (!inBlock)
                {
                    continue;
                }

                var start = i;
                var line = lines[i].TrimEnd('\r');
                while (line.EndsWith('\\') && i + 1 < lines.Length)
                {
                    line = line[..^1] + " " + lines[++i].TrimEnd('\r').Trim();
                }

                var tokens = Tokenize(line);
                if (tokens.Count == 1 && AssignedCommand(tokens[0]) is { } variable)
                {
                    variables.Add(variable);
                    continue;
                }

                if (Arguments(tokens, variables) is { } args && args.Count > 0 && !args[0].EndsWith(':'))
                {
                    var synopsis = args.Exists(a => a.Contains('[', StringComparison.Ordinal) || a.Contains('|', StringComparison.Ordinal) || a.Contains('…', StringComparison.Ordinal));
                    found.Add(new DocCommand($"{name}:{start + 1}: {lines[start].Trim()}", args, synopsis));
                }
            }
        }

        return found;
    }

    /// <summary>Null when the command parses (a synopsis: when its subcommand and every option exist); else why not.</summary>
    public static string? Check(DocCommand command)
    {
        // `train` and `bench` are run by the host as companion executables: check them against those tools' command lines.
        var root = command.Args.Count > 0 && command.Args[0] == "train" ? QuantumTrader.Training.Program.BuildRoot()
            : command.Args.Count > 0 && command.Args[0] == "bench" ? QuantumTrader.Bench.Program.BuildRoot()
            : Program.BuildRoot();
        if (!command.Synopsis)
        {
            var result = root.Parse(command.Args);
            return result.Errors.Count == 0 ? null : string.Join("; ", result.Errors.Select(e => e.Message));
        }

        Command current = root;
        var i = 0;
        for (; i < command.Args.Count; i++)
        {
            var next = current.Subcommands.FirstOrDefault(s => s.Name == command.Args[i] || s.Aliases.Contains(command.Args[i]));
            if (next is null)
            {
                break;
            }

            current = next;
        }

        if (current == root)
        {
            return $"no command {command.Args[0]}";
        }

        foreach (var token in command.Args.Skip(i))
        {
            foreach (var part in token.Trim('[', ']').Split('|'))
            {
                if (part.StartsWith('-') && !HasOption(root, current, part))
                {
                    return $"{current.Name} has no option {part}";
                }
            }
        }

        return null;
    }

    private static bool HasOption(Command root, Command command, string name)
    {
        for (Command? c = command; c is not null; c = c == root ? null : Parent(root, c))
        {
            if (c.Options.Any(o => (o.Name == name || o.Aliases.Contains(name)) && (c == command || o.Recursive)))
            {
                return true;
            }
        }

        return false;
    }

    private static Command? Parent(Command root, Command child)
    {
        if (root.Subcommands.Contains(child))
        {
            return root;
        }

        foreach (var s in root.Subcommands)
        {
            if (Parent(s, child) is { } p)
            {
                return p;
            }
        }

        return null;
    }

    /// <summary>The quantumtrader arguments of a command line, or null when it does not run quantumtrader.</summary>
    private static List<string>? Arguments(List<string> tokens, HashSet<string> variables)
    {
        var t = tokens;
        var i = 0;
        while (i < t.Count && (t[i] is "$" or "sudo" || (t[i].Contains('=', StringComparison.Ordinal) && !t[i].StartsWith("Exec", StringComparison.Ordinal) && !t[i].StartsWith('-'))))
        {
            i++;
        }

        if (i >= t.Count)
        {
            return null;
        }

        var first = t[i];
        if (first.StartsWith("ExecStart", StringComparison.Ordinal) && first.Contains('=', StringComparison.Ordinal))
        {
            first = first[(first.IndexOf('=', StringComparison.Ordinal) + 1)..];
        }

        if (first.StartsWith('$') && variables.Contains(first[1..]))
        {
            return t.Skip(i + 1).ToList();
        }

        if (first == "quantumtrader" || first.EndsWith("/quantumtrader", StringComparison.Ordinal))
        {
            return t.Skip(i + 1).ToList();
        }

        if (first != "dotnet" || i + 1 >= t.Count)
        {
            return null;
        }

        if (t[i + 1].EndsWith("quantumtrader.dll", StringComparison.Ordinal))
        {
            return t.Skip(i + 2).ToList();
        }

        if (t[i + 1] == "run")
        {
            var project = t.IndexOf("--project");
            var separator = t.IndexOf("--");
            if (project > 0 && project + 1 < t.Count && t[project + 1].TrimEnd('/') == "src/Host" && separator > project)
            {
                return t.Skip(separator + 1).ToList();
            }
        }

        return null;
    }

    /// <summary>The variable of an assignment whose value runs quantumtrader (<c>Q="dotnet …quantumtrader.dll"</c>), or null.</summary>
    private static string? AssignedCommand(string token)
    {
        var eq = token.IndexOf('=', StringComparison.Ordinal);
        return eq > 0 && Arguments(Tokenize(token[(eq + 1)..]), []) is { Count: 0 } ? token[..eq] : null;
    }

    /// <summary>Splits a shell line into words: quotes group (and are removed), an unquoted # starts a comment,
    /// and &amp;&amp;, ||, |, ; end the first command.</summary>
    private static List<string> Tokenize(string line)
    {
        var tokens = new List<string>();
        var current = new System.Text.StringBuilder();
        char quote = '\0';
        var inToken = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else
                {
                    current.Append(c);
                }

                continue;
            }

            if (c is '"' or '\'')
            {
                quote = c;
                inToken = true;
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                if (inToken)
                {
                    tokens.Add(current.ToString());
                    current.Clear();
                    inToken = false;
                }

                continue;
            }

            if (!inToken && c == '#')
            {
                break;
            }

            if (c == ';' || (c == '&' && i + 1 < line.Length && line[i + 1] == '&') || (c == '|' && !inToken && i + 1 < line.Length && char.IsWhiteSpace(line[i + 1])))
            {
                break;
            }

            current.Append(c);
            inToken = true;
        }

        if (inToken)
        {
            tokens.Add(current.ToString());
        }

        return tokens;
    }
}
