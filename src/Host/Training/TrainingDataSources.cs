namespace QuantumTrader.Host.Training;

/// <summary>
/// Where <c>train --data CAPTURE</c> gets its events. The capture reader lives in the gateway (parsers and
/// normalization); the composition root registers it here with <see cref="CaptureReader"/>. Until then
/// <c>--data</c> is refused with a clear message and <c>--synthetic-seconds</c> must be used.
/// </summary>
public static class TrainingDataSources
{
    /// <summary>Opens a recorded capture file as a normalized event source, or null when no reader is registered.</summary>
    public static Func<string, IInputEventSource>? CaptureReader { get; set; }
}
