using Engine.Query.Execution;

namespace Engine.Server.Cli.Querying;

/// <summary>Where `engine query` and `engine repl` send statements: a data folder in-process, or a running server.</summary>
internal interface IQueryTarget : IDisposable
{
    /// <summary>Describes the target for the REPL's first screen.</summary>
    string Description { get; }

    /// <summary>Runs the statements; a query that does not parse throws <see cref="QueryFailedException"/>.</summary>
    IReadOnlyList<StatementResult> Execute(string text);
}

/// <summary>A query that did not run at all (parse error, server refused); the message may carry "error at L:C".</summary>
internal sealed class QueryFailedException(string message) : Exception(message)
{
    public QueryFailedException()
        : this("query failed")
    {
    }

    public QueryFailedException(string message, Exception innerException)
        : this(message + ": " + innerException.Message)
    {
    }
}
