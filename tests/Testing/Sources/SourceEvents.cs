using QuantumTrader.Model;
using QuantumTrader.Model.Ports;

namespace QuantumTrader.Testing.Sources;

/// <summary>Runs an <see cref="IEventSource"/> to its end and keeps what it published.</summary>
public static class SourceEvents
{
    /// <summary>Every event <paramref name="source"/> publishes, in order; throws if the source failed.</summary>
    public static List<InputEvent> Collect(IEventSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var sink = new CollectingSink();
        source.Run(sink, () => false);
        if (source.Failure != SourceFailure.None)
        {
            throw new InvalidOperationException($"{source.Description}: {source.FailureReason}");
        }

        return sink.Events;
    }

    private sealed class CollectingSink : IInputSink
    {
        public List<InputEvent> Events { get; } = new();

        public void Publish(in InputEvent input) => Events.Add(input);
    }
}
