using Engine.Query;
using Engine.Query.Execution;
using Engine.Query.Language;
using Engine.Storage;

namespace Engine.Server.Cli.Querying;

/// <summary>Queries a data folder in this process, opened read-only; fails clearly while a server holds the folder.</summary>
internal sealed class LocalQueryTarget : IQueryTarget
{
    private readonly StorageEngine _storage;
    private readonly QueryEngine _engine;

    public LocalQueryTarget(string data)
    {
        _storage = StorageEngine.Open(data, new StorageOptions { ReadOnly = true });
        _engine = new QueryEngine(_storage);
        Description = $"data folder {Path.GetFullPath(data)} (read-only)";
    }

    public string Description { get; }

    public IReadOnlyList<StatementResult> Execute(string text)
    {
        try
        {
            return _engine.Execute(text);
        }
        catch (QueryException e)
        {
            throw new QueryFailedException(e.Message);
        }
    }

    public void Dispose() => _storage.Dispose();
}
