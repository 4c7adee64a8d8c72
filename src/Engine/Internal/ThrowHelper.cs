using System.Diagnostics.CodeAnalysis;

namespace QuantumTrader.Engine.Internal;

/// <summary>Throws from separate non-inlined methods so the hot callers stay small.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ArgumentOutOfRange(string name, string message) => throw new ArgumentOutOfRangeException(name, message);

    [DoesNotReturn]
    public static void InvalidOperation(string message) => throw new InvalidOperationException(message);

    [DoesNotReturn]
    public static void Alert() => throw Ring.AlertException.Instance;
}
