namespace Engine.Server.Cli.Querying;

/// <summary>Statements entered in earlier sessions and this one, kept in a file (newest last, one per line).</summary>
internal sealed class ReplHistory
{
    private const int Kept = 1000;
    private readonly List<string> _entries;
    private readonly string? _path;

    public ReplHistory(string? path)
    {
        _path = path;
        _entries = path is not null && File.Exists(path) ? [.. File.ReadAllLines(path).Where(l => l.Length > 0).TakeLast(Kept)] : [];
    }

    /// <summary>~/.engine_history, or none when there is no home folder.</summary>
    public static string? DefaultPath =>
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) is { Length: > 0 } home ? Path.Combine(home, ".engine_history") : null;

    public int Count => _entries.Count;

    public string this[int index] => _entries[index];

    /// <summary>Remembers a statement (as one line) unless it repeats the last one; failures to save are not fatal.</summary>
    public void Add(string statement)
    {
        var line = string.Join(' ', statement.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (line.Length == 0 || (_entries.Count > 0 && _entries[^1] == line))
        {
            return;
        }

        _entries.Add(line);
        if (_path is null)
        {
            return;
        }

        try
        {
            File.AppendAllLines(_path, [line]);
        }
        catch (IOException)
        {
            // History is a convenience: a read-only home must not stop the session.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
