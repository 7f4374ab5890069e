namespace Engine.LoadTool;

/// <summary>
/// The server under load and how to tell that it has stored everything: a counter of committed
/// samples on its Prometheus endpoint (Engine: <c>engine_samples_committed_total</c>; VictoriaMetrics:
/// <c>vm_rows_added_to_storage_total</c>) and, for servers that buffer rows in memory after counting
/// them, a URL to fetch once the count is reached that makes them durable.
/// </summary>
internal sealed record LoadTarget(int ServerPid, Uri MetricsUrl, string CommittedMetric, Uri? FlushUrl, TimeSpan Timeout);
