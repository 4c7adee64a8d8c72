using Tomlyn.Syntax;

namespace QuantumTrader.Runtime.Configuration.Toml;

/// <summary>
/// Turns Tomlyn's full-fidelity syntax tree into a located tree: tables resolved from headers, dotted keys
/// and inline tables, every node knowing the line and column that defined it. Only called on a document
/// Tomlyn validated (no redefinitions), so conflicting paths cannot occur; they are skipped defensively.
/// </summary>
internal static class TomlTreeBuilder
{
    public static TomlTableNode Build(DocumentSyntax document)
    {
        var root = new TomlTableNode(1, 1);
        foreach (var keyValue in document.KeyValues)
        {
            Insert(root, keyValue);
        }

        foreach (var table in document.Tables)
        {
            if (table.Name is null)
            {
                continue;
            }

            var parts = KeyParts(table.Name);
            var line = table.Span.Start.Line + 1;
            var column = table.Span.Start.Column + 1;
            TomlTableNode? target;
            if (table is TableArraySyntax)
            {
                var parent = Navigate(root, parts, parts.Count - 1, line, column);
                if (parent is null)
                {
                    continue;
                }

                var last = parts[^1];
                if (parent.Find(last) is not TomlTableArrayNode array)
                {
                    if (parent.Find(last) is not null)
                    {
                        continue;
                    }

                    array = new TomlTableArrayNode(line, column);
                    parent.Add(last, array);
                }

                target = new TomlTableNode(line, column);
                array.Items.Add(target);
            }
            else
            {
                target = Navigate(root, parts, parts.Count, line, column);
            }

            if (target is null)
            {
                continue;
            }

            foreach (var keyValue in table.Items)
            {
                Insert(target, keyValue);
            }
        }

        return root;
    }

    private static void Insert(TomlTableNode table, KeyValueSyntax keyValue)
    {
        if (keyValue.Key is null || keyValue.Value is null)
        {
            return;
        }

        var parts = KeyParts(keyValue.Key);
        var line = keyValue.Key.Span.Start.Line + 1;
        var column = keyValue.Key.Span.Start.Column + 1;
        var parent = Navigate(table, parts, parts.Count - 1, line, column);
        if (parent is null || parent.Find(parts[^1]) is not null)
        {
            return;
        }

        parent.Add(parts[^1], ToNode(keyValue.Value, line, column));
    }

    private static TomlNode ToNode(ValueSyntax value, int line, int column)
    {
        if (value is InlineTableSyntax inline)
        {
            var table = new TomlTableNode(line, column);
            foreach (var item in inline.Items)
            {
                if (item.KeyValue is not null)
                {
                    Insert(table, item.KeyValue);
                }
            }

            return table;
        }

        if (value is ArraySyntax array && array.Items.ChildrenCount > 0 && AllInlineTables(array))
        {
            var tables = new TomlTableArrayNode(line, column);
            foreach (var item in array.Items)
            {
                var itemLine = item.Value!.Span.Start.Line + 1;
                var itemColumn = item.Value.Span.Start.Column + 1;
                tables.Items.Add((TomlTableNode)ToNode(item.Value, itemLine, itemColumn));
            }

            return tables;
        }

        return new TomlValueNode(line, column, value);
    }

    private static bool AllInlineTables(ArraySyntax array)
    {
        foreach (var item in array.Items)
        {
            if (item.Value is not InlineTableSyntax)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Walks (creating tables as needed) the first <paramref name="count"/> parts; an array of tables leads to its last item.</summary>
    private static TomlTableNode? Navigate(TomlTableNode start, List<string> parts, int count, int line, int column)
    {
        var current = start;
        for (var i = 0; i < count; i++)
        {
            switch (current.Find(parts[i]))
            {
                case TomlTableNode table:
                    current = table;
                    break;
                case TomlTableArrayNode array when array.Items.Count > 0:
                    current = array.Items[^1];
                    break;
                case null:
                    var created = new TomlTableNode(line, column);
                    current.Add(parts[i], created);
                    current = created;
                    break;
                default:
                    return null;
            }
        }

        return current;
    }

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
}
