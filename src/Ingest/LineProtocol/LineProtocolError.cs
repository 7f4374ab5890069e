namespace Engine.Ingest.LineProtocol;

/// <summary>
/// A rejected line: 1-based line number and 1-based byte column (both counted in physical lines, so a
/// newline inside a quoted string starts a new line) and what the parser expected there.
/// </summary>
public readonly record struct LineProtocolError(long LineNumber, int Column, string Message)
{
    public override string ToString() => $"line {LineNumber}, column {Column}: {Message}";
}
