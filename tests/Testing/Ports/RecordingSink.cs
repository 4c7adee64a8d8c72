using QuantumTrader.Model;
using QuantumTrader.Model.Ports;

namespace QuantumTrader.Testing.Ports;

/// <summary>An input sink that keeps every published event (thread-safe), for assertions.</summary>
/// <remarks>Allocates when its list grows: not for zero-allocation measurements.</remarks>
public sealed class RecordingSink : IInputSink
{
    private readonly List<InputEvent> _events = new();

    /// <summary>Events published so far.</summary>
    public int Count
    {
        get
        {
            lock (_events)
            {
                return _events.Count;
            }
        }
    }

    /// <inheritdoc />
    public void Publish(in InputEvent input)
    {
        lock (_events)
        {
            _events.Add(input);
        }
    }

    /// <summary>A copy of the events published so far, in publication order.</summary>
    public List<InputEvent> Snapshot()
    {
        lock (_events)
        {
            return new List<InputEvent>(_events);
        }
    }

    /// <summary>The events of one kind, in publication order.</summary>
    public List<InputEvent> OfKind(InputKind kind) => Snapshot().FindAll(e => e.Kind == kind);

    /// <summary>Polls until <paramref name="predicate"/> holds for some event or the timeout passes.</summary>
    public InputEvent? WaitFor(Func<InputEvent, bool> predicate, int timeoutMs = 10_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (Environment.TickCount64 < deadline)
        {
            foreach (var e in Snapshot())
            {
                if (predicate(e))
                {
                    return e;
                }
            }

            Thread.Sleep(5);
        }

        return null;
    }
}
