using System.Diagnostics;
using System.Globalization;
using System.Text;
using Engine.Storage;
using Engine.Storage.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Engine.Server.Serving.Http;

/// <summary><c>GET /metrics</c>: the server's and the data folder's figures in Prometheus text format 0.0.4.</summary>
internal sealed class MetricsEndpoint(StorageEngine storage, ServerMetrics metrics, CommittedSamples committed)
{
    public async Task HandleAsync(HttpContext http)
    {
        var text = new PrometheusText();
        WriteIngest(text);
        WriteStorage(text, storage.CollectStats());
        WriteWrites(text);
        WriteRollups(text);
        WriteProcess(text);
        http.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        await http.Response.WriteAsync(text.ToString(), http.RequestAborted).ConfigureAwait(false);
    }

    private void WriteIngest(PrometheusText text)
    {
        ProtocolCounters[] protocols = [metrics.Tcp, metrics.Http];
        text.Family("engine_points_accepted_total", "counter", "Points (lines) accepted, by protocol.");
        foreach (var p in protocols)
        {
            text.Sample("engine_points_accepted_total", p.PointsAccepted, "protocol", p.Protocol);
        }

        text.Family("engine_samples_accepted_total", "counter", "Samples (field values) accepted, by protocol.");
        foreach (var p in protocols)
        {
            text.Sample("engine_samples_accepted_total", p.SamplesAccepted, "protocol", p.Protocol);
        }

        text.Counter("engine_samples_committed_total", committed.Count,
            "Samples accepted over TCP and HTTP and committed to the WAL; trails engine_samples_accepted_total by about one commit interval.");

        text.Family("engine_lines_rejected_total", "counter", "Lines rejected (syntax, type conflict, too long, series limit), by protocol.");
        foreach (var p in protocols)
        {
            text.Sample("engine_lines_rejected_total", p.LinesRejected, "protocol", p.Protocol);
        }

        text.Family("engine_bytes_received_total", "counter", "Line protocol bytes received (HTTP: after gzip decompression), by protocol.");
        foreach (var p in protocols)
        {
            text.Sample("engine_bytes_received_total", p.BytesReceived, "protocol", p.Protocol);
        }

        text.Gauge("engine_tcp_connections_open", metrics.TcpConnectionsOpen, "Open TCP line protocol connections.");
        text.Counter("engine_tcp_connections_total", metrics.TcpConnectionsTotal, "TCP connections accepted.");
        text.Counter("engine_tcp_connections_refused_total", metrics.TcpConnectionsRefused, "TCP connections refused at the connection limit.");
        text.Counter("engine_http_write_requests_total", metrics.HttpWriteRequests, "HTTP write requests.");
    }

    private static void WriteStorage(PrometheusText text, StorageStats stats)
    {
        text.Gauge("engine_series", stats.Series, "Series in the catalog.");
        text.Gauge("engine_samples_stored", stats.Samples, "Samples stored: in segment files, sealed chunks and heads.");
        text.Gauge("engine_segment_files", stats.Shards.Sum(s => s.SegmentFiles), "Segment files.");
        text.Gauge("engine_segment_bytes", stats.Shards.Sum(s => s.SegmentBytes), "Bytes of segment files.");
        text.Gauge("engine_wal_bytes", stats.Shards.Sum(s => s.WalBytes), "Bytes of WAL files.");
        text.Gauge("engine_catalog_bytes", stats.CatalogBytes, "Bytes of the series catalog.");
    }

    private void WriteRollups(PrometheusText text)
    {
        text.Counter("engine_rollup_hours_built_total", storage.HoursRolledUp, "Hourly rollup buckets built (per shard and hour, rebuilds included).");
        text.Counter("engine_rollup_days_built_total", storage.DaysRolledUp, "Daily rollups merged anew from their hours (per shard and day).");
        text.Counter("engine_rollup_late_rebuilds_total", storage.LateRebuilds, "Hours rolled up again because late points landed in them.");
        text.Counter("engine_rollup_samples_total", storage.SamplesRolledUp, "Raw samples read into rollups.");
        text.Gauge("engine_rollup_lag_seconds", storage.RollupLag.TotalSeconds, "How long the earliest closed hour has waited for its rollup; 0 when current.");
        var (raw, hourly, daily) = storage.PartitionsDropped;
        text.Family("engine_retention_partitions_dropped_total", "counter", "Partitions dropped past retention, by tier (raw: shard-days; hourly: days; daily: months).");
        text.Sample("engine_retention_partitions_dropped_total", raw, "tier", "raw");
        text.Sample("engine_retention_partitions_dropped_total", hourly, "tier", "hourly");
        text.Sample("engine_retention_partitions_dropped_total", daily, "tier", "daily");
    }

    private void WriteWrites(PrometheusText text)
    {
        text.Gauge("engine_head_samples", storage.HeadSamples(), "Samples in heads, not yet encoded into chunks.");
        text.Family("engine_shard_samples_written_total", "counter", "Samples written into each shard since start; its rate is the shard's write rate.");
        var perShard = storage.SamplesWrittenPerShard();
        for (var shard = 0; shard < perShard.Length; shard++)
        {
            text.Sample("engine_shard_samples_written_total", perShard[shard], "shard", shard.ToString(CultureInfo.InvariantCulture));
        }

        const string Wait = "engine_wal_commit_wait_seconds";
        var (cumulative, sum) = storage.DurableCommitWait.Read();
        text.Family(Wait, "histogram", "How long durable writes (HTTP /write) wait for their WAL commit.");
        for (var i = 0; i < LatencyHistogram.BoundsSeconds.Length; i++)
        {
            text.Sample(Wait + "_bucket", cumulative[i], "le", LatencyHistogram.BoundsSeconds[i].ToString("R", CultureInfo.InvariantCulture));
        }

        text.Sample(Wait + "_bucket", cumulative[^1], "le", "+Inf");
        text.Sample(Wait + "_sum", sum);
        text.Sample(Wait + "_count", cumulative[^1]);
    }

    private static void WriteProcess(PrometheusText text)
    {
        using var process = Process.GetCurrentProcess();
        text.Counter("process_cpu_seconds_total", process.TotalProcessorTime.TotalSeconds, "User and system CPU time in seconds.");
        text.Gauge("process_resident_memory_bytes", process.WorkingSet64, "Resident memory in bytes.");
        text.Gauge("process_start_time_seconds", (process.StartTime.ToUniversalTime() - DateTime.UnixEpoch).TotalSeconds, "Start time since the Unix epoch in seconds.");
        text.Gauge("dotnet_gc_heap_bytes", GC.GetGCMemoryInfo().HeapSizeBytes, "GC heap size in bytes after the last collection.");
        text.Counter("dotnet_gc_allocated_bytes_total", GC.GetTotalAllocatedBytes(), "Bytes allocated since start.");
        text.Family("dotnet_gc_collections_total", "counter", "Garbage collections, by generation.");
        for (var generation = 0; generation <= GC.MaxGeneration; generation++)
        {
            text.Sample("dotnet_gc_collections_total", GC.CollectionCount(generation), "generation", generation.ToString(CultureInfo.InvariantCulture));
        }

        text.Gauge("dotnet_threadpool_threads", ThreadPool.ThreadCount, "Thread pool threads.");
    }

    /// <summary>Builds the exposition text; numbers in the invariant culture, as the format requires.</summary>
    private sealed class PrometheusText
    {
        private readonly StringBuilder _text = new();

        public void Family(string name, string type, string help) =>
            _text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
                 .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

        public void Sample(string name, double value, string? label = null, string? labelValue = null)
        {
            _text.Append(name);
            if (label is not null)
            {
                _text.Append('{').Append(label).Append("=\"").Append(labelValue).Append("\"}");
            }

            _text.Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }

        public void Gauge(string name, double value, string help)
        {
            Family(name, "gauge", help);
            Sample(name, value);
        }

        public void Counter(string name, double value, string help)
        {
            Family(name, "counter", help);
            Sample(name, value);
        }

        public override string ToString() => _text.ToString();
    }
}
