using System.Globalization;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Serialization;
using Tomlyn.Syntax;

namespace QuantumTrader.Runtime.Configuration;

// Design:
//   Tomlyn parses, validates the TOML and binds the model (TomlSerializer). Around it, this class keeps where
//   every key, value and array item is in the file, so that each error names key, line and column. It reads
//   Tomlyn's own token stream (TomlReader: logical keys with positions) and assembles Tomlyn's DOM from it,
//   which is then serialized back and bound. Two limits of Tomlyn 2.11 make this detour necessary rather
//   than handing the file straight to TomlSerializer.Deserialize<QuantumTraderConfig>:
//   - an array of tables whose [[entries]] are interleaved with another table ([[market.instruments]],
//     [strategy], [[market.instruments]]) keeps only the entries after the interruption, in the DOM as in the
//     typed binding: an instrument would be lost silently; here entries are appended to the existing array;
//   - type errors are collected in one pass, except that the first bad item of an array ends the pass: the
//     rest of the file would go unreported. The schema check (ConfigSchema) reports every one of them, and
//     what it refused is removed before binding, so the remaining keys still get their range checks.
//   Header positions ([x], [[x]]) come from Tomlyn's syntax tree, which the reader does not expose for a
//   second consecutive [[x]] entry.

/// <summary>A parsed config file: Tomlyn's DOM of it and the position of every key path in it.</summary>
internal sealed class ConfigDocument
{
    private readonly Dictionary<string, ConfigEntry> _byPath = new(StringComparer.Ordinal);

    private ConfigDocument()
    {
    }

    /// <summary>The document as Tomlyn's DOM, arrays of tables merged in file order.</summary>
    public TomlTable Root { get; } = new();

    /// <summary>Every key, table and array item, in file order (a re-opened table appears once, at its first definition).</summary>
    public List<ConfigEntry> Entries { get; } = new();

    /// <summary>Reads <paramref name="text"/>, already validated by Tomlyn's parser into <paramref name="syntax"/>.</summary>
    public static ConfigDocument Read(string text, DocumentSyntax syntax, TomlSerializerOptions options)
    {
        var document = new ConfigDocument();
        var headers = HeaderPositions(syntax);
        var reader = TomlReader.Create(text, options);
        var frames = new Stack<Frame>();
        string? name = null;
        (int Line, int Column) keyAt = default;
        while (reader.Read())
        {
            var at = (reader.Line, reader.Column);
            switch (reader.TokenType)
            {
                case TomlTokenType.PropertyName:
                    name = reader.PropertyName;
                    keyAt = at;
                    break;
                case TomlTokenType.StartTable when frames.Count == 0:
                    frames.Push(new Frame("", document.Root, null));
                    break;
                case TomlTokenType.StartTable:
                    frames.Push(document.OpenTable(frames.Peek(), name!, keyAt, at, headers));
                    break;
                case TomlTokenType.StartArray:
                    frames.Push(document.OpenArray(frames.Peek(), name!, keyAt, at, headers));
                    break;
                case TomlTokenType.EndTable or TomlTokenType.EndArray:
                    frames.Pop();
                    break;
                case TomlTokenType.String or TomlTokenType.Integer or TomlTokenType.Float or TomlTokenType.Boolean or TomlTokenType.DateTime:
                    document.AddValue(frames.Peek(), name!, keyAt, at, reader);
                    break;
            }
        }

        return document;
    }

    public bool Has(string path) => _byPath.ContainsKey(path);

    public ConfigEntry? Find(string path) => _byPath.GetValueOrDefault(path);

    /// <summary>Where an error about <paramref name="path"/> points: its value (or header), else that of the
    /// nearest enclosing key present; (0, 0) when none is.</summary>
    public (int Line, int Column) PositionFor(string path)
    {
        for (var p = path; p.Length > 0; p = ConfigEntry.ParentOf(p))
        {
            if (_byPath.TryGetValue(p, out var entry))
            {
                return (entry.Line, entry.Column);
            }
        }

        return (0, 0);
    }

    /// <summary>The position of every key path, for <see cref="QuantumTraderConfig.PositionOf"/>.</summary>
    public Dictionary<string, (int Line, int Column)> Positions()
    {
        var positions = new Dictionary<string, (int, int)>(_byPath.Count, StringComparer.Ordinal);
        foreach (var entry in Entries)
        {
            positions[entry.Path] = (entry.Line, entry.Column);
        }

        return positions;
    }

    /// <summary>Removes the value at <paramref name="path"/> from <see cref="Root"/> (kept in <see cref="Entries"/>).</summary>
    public void Remove(string path)
    {
        var entry = Find(path);
        var parent = entry is null ? null : entry.Parent.Length == 0 ? Root : Find(entry.Parent)?.Node;
        if (entry?.Name is not null && parent is TomlTable table)
        {
            table.Remove(entry.Name);
        }
    }

    private Frame OpenTable(Frame parent, string name, (int, int) keyAt, (int Line, int Column) at, Dictionary<string, Queue<(int, int)>> headers)
    {
        var path = parent.ChildPath(name);
        if (parent.Table is not null)
        {
            if (parent.Table.TryGetValue(name, out var existing) && existing is TomlTable reopened)
            {
                return new Frame(path, reopened, null);
            }

            var table = new TomlTable();
            parent.Table[name] = table;
            var header = at.Line == 0 && headers.TryGetValue(Dotted(path), out var queue) && queue.Count > 0 ? queue.Dequeue() : at.Line == 0 ? keyAt : at;
            Add(new ConfigEntry(path, parent.Path, name, ConfigKind.Table, header, keyAt, "", table));
            return new Frame(path, table, null);
        }

        var item = new TomlTable();
        var itemPath = parent.ItemPath();
        parent.AddItem(item);
        var position = at.Line == 0 && headers.TryGetValue(Dotted(parent.Path), out var items) && items.Count > 0 ? items.Dequeue() : at;
        Add(new ConfigEntry(itemPath, parent.Path, null, ConfigKind.Table, position, position, "", item));
        return new Frame(itemPath, item, null);
    }

    private Frame OpenArray(Frame parent, string name, (int, int) keyAt, (int Line, int Column) at, Dictionary<string, Queue<(int, int)>> headers)
    {
        if (parent.Table is null)
        {
            var nested = new TomlArray();
            var nestedPath = parent.ItemPath();
            parent.AddItem(nested);
            Add(new ConfigEntry(nestedPath, parent.Path, null, ConfigKind.Array, at, at, "", nested));
            return new Frame(nestedPath, null, nested);
        }

        var path = parent.ChildPath(name);
        if (at.Line == 0)
        {
            // [[name]] headers: a re-opened array of tables continues where it stopped.
            if (parent.Table.TryGetValue(name, out var existing) && existing is TomlTableArray reopened)
            {
                return new Frame(path, null, null, reopened);
            }

            var tables = new TomlTableArray();
            parent.Table[name] = tables;
            var first = headers.TryGetValue(Dotted(path), out var queue) && queue.Count > 0 ? queue.Peek() : keyAt;
            Add(new ConfigEntry(path, parent.Path, name, ConfigKind.TableArray, first, keyAt, "", tables));
            return new Frame(path, null, null, tables);
        }

        var array = new TomlArray();
        parent.Table[name] = array;
        Add(new ConfigEntry(path, parent.Path, name, ConfigKind.Array, at, keyAt, "", array));
        return new Frame(path, null, array);
    }

    private void AddValue(Frame parent, string name, (int, int) keyAt, (int, int) at, TomlReader reader)
    {
        var (kind, value) = reader.TokenType switch
        {
            TomlTokenType.String => (ConfigKind.String, (object)reader.GetString()),
            TomlTokenType.Integer => (ConfigKind.Integer, reader.GetInt64()),
            TomlTokenType.Float => (ConfigKind.Float, reader.GetDouble()),
            TomlTokenType.Boolean => (ConfigKind.Boolean, reader.GetBoolean()),
            _ => (ConfigKind.DateTime, reader.GetTomlDateTime()),
        };
        var raw = reader.GetRawText();
        if (parent.Table is not null)
        {
            parent.Table[name] = value;
            Add(new ConfigEntry(parent.ChildPath(name), parent.Path, name, kind, at, keyAt, raw, value));
        }
        else
        {
            var path = parent.ItemPath();
            parent.AddItem(value);
            Add(new ConfigEntry(path, parent.Path, null, kind, at, at, raw, value));
        }
    }

    private void Add(ConfigEntry entry)
    {
        if (_byPath.TryAdd(entry.Path, entry))
        {
            Entries.Add(entry);
        }
    }

    /// <summary>The positions of the [x] and [[x]] headers by dotted name, in file order (1-based, at the bracket).</summary>
    private static Dictionary<string, Queue<(int, int)>> HeaderPositions(DocumentSyntax syntax)
    {
        var headers = new Dictionary<string, Queue<(int, int)>>(StringComparer.Ordinal);
        foreach (var table in syntax.Tables)
        {
            if (table.Name is null)
            {
                continue;
            }

            var name = string.Join('.', KeyParts(table.Name));
            if (!headers.TryGetValue(name, out var queue))
            {
                headers[name] = queue = new Queue<(int, int)>();
            }

            queue.Enqueue((table.Span.Start.Line + 1, table.Span.Start.Column + 1));
        }

        return headers;
    }

    /// <summary>A key path without its array indexes ("engine.groups[1].core" → "engine.groups.core").</summary>
    private static string Dotted(string path) => System.Text.RegularExpressions.Regex.Replace(path, @"\[[0-9]+\]", "");

    /// <summary>The parts of a (possibly dotted or quoted) key of Tomlyn's syntax tree.</summary>
    public static List<string> KeyParts(KeySyntax key)
    {
        var parts = new List<string> { KeyText(key.Key) };
        foreach (var dotted in key.DotKeys)
        {
            parts.Add(KeyText(dotted.Key));
        }

        return parts;
    }

    private static string KeyText(BareKeyOrStringValueSyntax? key) => key switch
    {
        BareKeySyntax bare => bare.Key?.Text ?? "",
        StringValueSyntax quoted => quoted.Value ?? "",
        _ => "",
    };

    /// <summary>An open table, inline array or array of tables while reading.</summary>
    private sealed class Frame(string path, TomlTable? table, TomlArray? array, TomlTableArray? tables = null)
    {
        public string Path { get; } = path;

        public TomlTable? Table { get; } = table;

        public bool IsTableArray => tables is not null;

        public string ChildPath(string name) => Path.Length == 0 ? name : Path + "." + name;

        public string ItemPath() => Path + "[" + (array?.Count ?? tables!.Count).ToString(CultureInfo.InvariantCulture) + "]";

        public void AddItem(object item)
        {
            if (tables is not null)
            {
                tables.Add((TomlTable)item);
            }
            else
            {
                array!.Add(item);
            }
        }
    }
}

/// <summary>What a TOML value is, in the words of error messages.</summary>
internal enum ConfigKind
{
    String,
    Integer,
    Float,
    Boolean,
    DateTime,
    Array,
    Table,
    TableArray,
}

/// <summary>One key, table or array item of the file.</summary>
/// <param name="Path">Key path, e.g. <c>engine.groups[1].stages[0]</c>.</param>
/// <param name="Parent">Path of the enclosing table or array ("" for the root).</param>
/// <param name="Name">The key; null for an array item.</param>
/// <param name="Kind">What the value is.</param>
/// <param name="Position">1-based line and column of the value, or of the header of a table.</param>
/// <param name="Key">1-based line and column of the key.</param>
/// <param name="Raw">The value's text for a scalar, else "".</param>
/// <param name="Node">The value in the DOM.</param>
internal sealed record ConfigEntry(string Path, string Parent, string? Name, ConfigKind Kind, (int Line, int Column) Position, (int Line, int Column) Key, string Raw, object Node)
{
    public int Line => Position.Line;

    public int Column => Position.Column;

    /// <summary>The enclosing path: "a.b[2].c" → "a.b[2]" → "a.b" → "a" → "".</summary>
    public static string ParentOf(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut < 0 ? "" : path[..cut];
    }

    /// <summary>The value in the words of error messages ("a string `\"x\"`", "an array").</summary>
    public string Describe()
    {
        var what = Kind switch
        {
            ConfigKind.String => "a string",
            ConfigKind.Integer => "an integer",
            ConfigKind.Float => "a float",
            ConfigKind.Boolean => "a boolean",
            ConfigKind.DateTime => "a date-time",
            ConfigKind.Array => "an array",
            ConfigKind.TableArray => "an array of tables",
            _ => "a table",
        };
        var raw = Raw.Length > 40 ? Raw[..40] + "..." : Raw;
        return raw.Length == 0 ? what : $"{what} `{raw}`";
    }
}
