using System.Text.Json;

namespace Engine.Server.Serving.Config;

/// <summary>
/// Reads the JSON config file of <c>engine serve</c> over a set of options. Every key is optional;
/// an unknown key or a value of the wrong kind is an error that names the file and the key, so a typo
/// never silently falls back to a default. Comments and trailing commas are allowed.
/// </summary>
internal static class ServeConfigFile
{
    /// <summary>The keys a config file may hold, in the order they are documented.</summary>
    public static readonly string[] Keys =
    [
        "data", "tcp", "http", "tcpMaxConnections", "tcpIdleTimeoutSeconds", "maxLineBytes",
        "httpMaxBodyBytes", "commitIntervalMs", "shutdownTimeoutSeconds", "token", "insecure",
        "retention", "rollupLatenessSeconds",
    ];

    private static readonly JsonDocumentOptions s_json = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static ServeOptions Load(string path, ServeOptions defaults)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ServeConfigException($"config file {path}: {e.Message}", e);
        }

        return Parse(text, path, defaults);
    }

    public static ServeOptions Parse(string json, string source, ServeOptions defaults)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, s_json);
        }
        catch (JsonException e)
        {
            throw new ServeConfigException($"config file {source}: not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ServeConfigException($"config file {source}: expected a JSON object {{ \"key\": value, ... }}");
            }

            var options = defaults;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                options = Apply(options, property, $"config file {source}, key \"{property.Name}\"");
            }

            return options;
        }
    }

    private static ServeOptions Apply(ServeOptions options, JsonProperty property, string where) => property.Name switch
    {
        "data" => options with { DataFolder = String(property.Value, where) },
        "tcp" => options with { TcpEndpoint = EndpointParser.Parse(String(property.Value, where), where) },
        "http" => options with { HttpEndpoint = EndpointParser.Parse(String(property.Value, where), where) },
        "tcpMaxConnections" => options with { TcpMaxConnections = (int)Positive(property.Value, where, int.MaxValue) },
        "tcpIdleTimeoutSeconds" => options with { TcpIdleTimeout = TimeSpan.FromSeconds(PositiveNumber(property.Value, where)) },
        "maxLineBytes" => options with { MaxLineBytes = (int)Positive(property.Value, where, int.MaxValue - 2) },
        "httpMaxBodyBytes" => options with { HttpMaxBodyBytes = Positive(property.Value, where, long.MaxValue) },
        "commitIntervalMs" => options with { CommitInterval = TimeSpan.FromMilliseconds(PositiveNumber(property.Value, where)) },
        "shutdownTimeoutSeconds" => options with { ShutdownTimeout = TimeSpan.FromSeconds(PositiveNumber(property.Value, where)) },
        "token" => options with { Token = String(property.Value, where) is { Length: > 0 } token ? token : throw new ServeConfigException($"{where}: expected a non-empty string") },
        "insecure" => options with { Insecure = property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False ? property.Value.GetBoolean() : throw new ServeConfigException($"{where}: expected true or false") },
        "retention" => options with { Retention = RetentionConfig.Parse(property.Value, where) },
        "rollupLatenessSeconds" => options with { RollupLateness = TimeSpan.FromSeconds(PositiveNumber(property.Value, where)) },
        _ => throw new ServeConfigException($"{where}: unknown key (known keys: {string.Join(", ", Keys)})"),
    };

    private static string String(JsonElement value, string where) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new ServeConfigException($"{where}: expected a string");

    private static long Positive(JsonElement value, string where, long max) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) && n >= 1 && n <= max
            ? n
            : throw new ServeConfigException($"{where}: expected a whole number from 1 to {max}");

    private static double PositiveNumber(JsonElement value, string where) =>
        value.ValueKind == JsonValueKind.Number && value.GetDouble() is var n && n > 0 && n < TimeSpan.MaxValue.TotalSeconds
            ? n
            : throw new ServeConfigException($"{where}: expected a number greater than 0");
}
