using QuantumTrader.Model;
using QuantumTrader.Model.Ports;

namespace QuantumTrader.Gateway.Tests;

/// <summary>An input sink that keeps every published event (thread-safe), for assertions.</summary>
public sealed class RecordingSink : IInputSink
{
    private readonly List<InputEvent> _events = new();

    public void Publish(in InputEvent input)
    {
        lock (_events)
        {
            _events.Add(input);
        }
    }

    public List<InputEvent> Snapshot()
    {
        lock (_events)
        {
            return new List<InputEvent>(_events);
        }
    }

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
