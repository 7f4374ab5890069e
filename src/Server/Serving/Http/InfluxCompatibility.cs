namespace Engine.Server.Serving.Http;

/// <summary>What the HTTP API tells InfluxDB 1.x clients about itself.</summary>
internal static class InfluxCompatibility
{
    /// <summary>The InfluxDB version whose write API and headers this server follows (clients log it; some check the major version).</summary>
    public const string Version = "1.8.10";

    public const string Build = "OSS";

    public const string VersionHeader = "X-Influxdb-Version";

    public const string BuildHeader = "X-Influxdb-Build";
}
