using System.CommandLine;
using System.Net;

namespace Engine.LoadTool;

/// <summary>
/// <c>loadtool tcp|http</c>: streams a line-protocol file to a running server and reports samples/s as
/// committed by the server, its CPU seconds and its peak RSS. See benchmarks/README.md.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var file = new Option<string>("--file") { Description = "line-protocol file (e.g. from Engine.DataGen), held in memory", Required = true };
        var pid = new Option<int>("--server-pid") { Description = "process id of the server, for its CPU time and peak RSS from /proc", Required = true };
        var metrics = new Option<string>("--metrics") { Description = "the server's Prometheus endpoint", DefaultValueFactory = _ => "http://127.0.0.1:8086/metrics" };
        var metric = new Option<string>("--committed-metric") { Description = "counter of committed samples, summed over its labels", DefaultValueFactory = _ => "engine_samples_committed_total" };
        var flush = new Option<string?>("--flush-url") { Description = "fetched once the count is reached, inside the timed run (VictoriaMetrics: /internal/force_flush)" };
        var timeout = new Option<int>("--timeout-seconds") { Description = "give up waiting for the count after this long", DefaultValueFactory = _ => 600 };
        var connections = new Option<int>("--connections", "-n") { Description = "TCP connections, or concurrent HTTP requests", DefaultValueFactory = _ => 4 };

        var tcpAddress = new Option<string>("--tcp") { Description = "line-protocol listener HOST:PORT", DefaultValueFactory = _ => "127.0.0.1:9009" };
        var tcp = new Command("tcp", "Split the file into runs of whole lines, one per connection, and stream them") { tcpAddress };

        var writeUrl = new Option<string>("--write-url") { Description = "write endpoint", DefaultValueFactory = _ => "http://127.0.0.1:8086/write?precision=ns" };
        var batchLines = new Option<int>("--batch-lines") { Description = "lines per request", DefaultValueFactory = _ => 5_000 };
        var http = new Command("http", "POST the file in batches of lines; every answer must be 204") { writeUrl, batchLines };

        foreach (var command in new[] { tcp, http })
        {
            command.Options.Add(file);
            command.Options.Add(pid);
            command.Options.Add(metrics);
            command.Options.Add(metric);
            command.Options.Add(flush);
            command.Options.Add(timeout);
            command.Options.Add(connections);
        }

        LoadTarget Target(ParseResult parse) => new(parse.GetValue(pid), new Uri(parse.GetValue(metrics)!), parse.GetValue(metric)!,
            parse.GetValue(flush) is { } url ? new Uri(url) : null, TimeSpan.FromSeconds(parse.GetValue(timeout)));

        tcp.SetAction(parse => Run(parse.GetValue(file)!, Target(parse), parse.GetValue(connections), $"over {parse.GetValue(connections)} TCP connections to {parse.GetValue(tcpAddress)}",
            dataset => cancellation => TcpLoad.SendAsync(IPEndPoint.Parse(parse.GetValue(tcpAddress)!), dataset.Split(parse.GetValue(connections)), cancellation)));
        http.SetAction(parse => Run(parse.GetValue(file)!, Target(parse), parse.GetValue(connections),
            $"as {parse.GetValue(batchLines)}-line POSTs to {parse.GetValue(writeUrl)}, {parse.GetValue(connections)} at a time",
            dataset => cancellation => SendHttpAsync(new Uri(parse.GetValue(writeUrl)!), dataset.Batches(parse.GetValue(batchLines)), parse.GetValue(connections), cancellation)));

        var root = new RootCommand("Streams a line-protocol file to a server and reports samples/s as committed by it") { tcp, http };
        return root.Parse(args).Invoke();
    }

    private static int Run(string path, LoadTarget target, int connections, string how, Func<LineProtocolDataset, Func<CancellationToken, Task>> sender)
    {
        if (connections < 1)
        {
            Console.Error.WriteLine("loadtool: --connections must be at least 1");
            return 2;
        }

        var dataset = LineProtocolDataset.Load(path);
        Console.WriteLine($"{path}: {dataset.Lines:N0} lines, {dataset.Samples:N0} samples, {dataset.Bytes.Length / 1e6:0.0} MB; sending {how}");
        var result = LoadRun.MeasureAsync(dataset, target, sender(dataset)).GetAwaiter().GetResult();
        result.Print(Console.Out);
        return 0;
    }

    private static async Task SendHttpAsync(Uri writeUrl, List<ReadOnlyMemory<byte>> batches, int concurrency, CancellationToken cancellation)
    {
        using var client = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        await HttpLoad.SendAsync(client, writeUrl, batches, concurrency, cancellation).ConfigureAwait(false);
    }
}
