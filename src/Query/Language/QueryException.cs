namespace Engine.Query.Language;

/// <summary>
/// A query that cannot be parsed or run, with where it went wrong:
/// <c>error at 1:42: expected duration after time(, found ')'</c>.
/// </summary>
public sealed class QueryException : Exception
{
    public QueryException(SourcePosition position, string reason)
        : base($"error at {position}: {reason}")
    {
        Position = position;
        Reason = reason;
    }

    public QueryException()
    {
        Reason = string.Empty;
    }

    public QueryException(string message)
        : base(message)
    {
        Reason = message;
    }

    public QueryException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    public SourcePosition Position { get; }

    /// <summary>The message without the position prefix, e.g. for a caret display.</summary>
    public string Reason { get; }
}
