namespace Engine.Server.Cli.Querying;

/// <summary>How query results are printed: aligned tables for people, JSON (the HTTP /query shape) or CSV for programs.</summary>
internal enum ResultFormat
{
    Table,
    Json,
    Csv,
}
