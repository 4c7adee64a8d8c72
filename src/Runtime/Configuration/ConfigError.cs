namespace QuantumTrader.Runtime.Configuration;

/// <summary>
/// One problem found in a config file: the key path it concerns (e.g. <c>engine.groups[1].wait</c>), the
/// 1-based line and column in the file (0 when the problem concerns the file as a whole), and a message
/// that says what is wrong and what would be right.
/// </summary>
/// <param name="Key">Key path, snake_case as in the file; array entries are indexed from 0.</param>
/// <param name="Line">1-based line, or 0 for the whole file.</param>
/// <param name="Column">1-based column, or 0 for the whole file.</param>
/// <param name="Message">What is wrong.</param>
public sealed record ConfigError(string Key, int Line, int Column, string Message)
{
    /// <summary>The compiler-style line <c>FILE:LINE:COL: key: message</c> printed by <c>config check</c>.</summary>
    public string Format(string file) => $"{file}:{Line}:{Column}: {Key}: {Message}";
}
