namespace Engine.Server.Tests;

/// <summary>The checkout these tests were built from: docs and third-party clients live there.</summary>
internal static class RepositoryFolder
{
    public static string Root { get; } = Find();

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Find()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Engine.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException($"no Engine.sln above {AppContext.BaseDirectory}");
    }
}
