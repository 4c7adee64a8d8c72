using QuantumTrader.Engine.Ring;

namespace QuantumTrader.Engine.Threading;

/// <summary>
/// A dedicated, named thread that runs one processor, pinned to a core when one is given. The name
/// (<c>qt-NAME</c>, at most 15 characters) is what <c>top -H</c> and <c>/proc/PID/task/*/comm</c> show.
/// </summary>
public sealed class StageThread
{
    private readonly IEventProcessor _processor;
    private readonly Thread _thread;
    private Exception? _startError;

    /// <summary>Creates the thread (not started). Validates the core now, so a bad config fails before anything runs.</summary>
    public StageThread(IEventProcessor processor, int? core)
    {
        ArgumentNullException.ThrowIfNull(processor);
        if (core is { } c)
        {
            ThreadAffinity.ValidateCore(c);
        }

        _processor = processor;
        Core = core;
        var name = "qt-" + processor.Name;
        ThreadName = name.Length > 15 ? name[..15] : name;
        _thread = new Thread(Body) { IsBackground = true, Name = ThreadName };
    }

    /// <summary>The core this thread is pinned to, or null.</summary>
    public int? Core { get; }

    /// <summary>The thread's name.</summary>
    public string ThreadName { get; }

    /// <summary>The processor run by this thread.</summary>
    public IEventProcessor Processor => _processor;

    /// <summary>An error that stopped the thread before its processor ran (pinning failed), if any.</summary>
    public Exception? StartError => Volatile.Read(ref _startError);

    /// <summary>Starts the thread.</summary>
    public void Start() => _thread.Start();

    /// <summary>True while the thread was started and has not ended.</summary>
    public bool IsAlive => _thread.IsAlive;

    /// <summary>Waits for the thread to end.</summary>
    public bool Join(TimeSpan timeout) => _thread.Join(timeout);

    private void Body()
    {
        if (Core is { } core)
        {
            try
            {
                ThreadAffinity.PinCurrentThread(core);
            }
#pragma warning disable CA1031 // Recorded and surfaced by the pipeline; the thread must not die unseen.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Volatile.Write(ref _startError, ex);
                return;
            }
        }

        _processor.Run();
    }
}
