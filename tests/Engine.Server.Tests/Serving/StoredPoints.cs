namespace Engine.Server.Tests.Serving;

/// <summary>What a stopped server left in its data folder, read back with <c>engine export</c>.</summary>
internal static class StoredPoints
{
    public static async Task<List<string>> ExportAsync(string data)
    {
        var export = await EngineProcess.RunAsync(["export", "--data", data]);
        Assert.True(export.ExitCode == 0, export.Error);
        return [.. export.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)];
    }
}
