using System.Text;

namespace Engine.DataGen;

/// <summary>
/// The "app" dataset: request latencies reported by agents at irregular times. Per agent one
/// series key "request_latency,agent=agent_N,region=...,service=..." with fields latency_ms
/// (log-normal, three decimals: microsecond resolution), status (integer HTTP status) and bytes
/// (integer, log-normal). Gaps between an agent's requests are uniform in (0, 20 s] at microsecond
/// granularity, about 8,640 requests per agent per day; lines go out in global time order.
/// </summary>
public sealed class AppDataset
{
    public const string Measurement = "request_latency";
    private const long MaxGapMicroseconds = 20_000_000;

    private static readonly string[] RegionNames = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1"];

    // Median latency in ms per service: the log-normal is median * e^(0.5 N(0,1)).
    private static readonly (string Name, double MedianMs)[] Services =
    [
        ("api", 12), ("auth", 4), ("billing", 45), ("search", 80), ("checkout", 120), ("catalog", 25), ("profile", 8), ("media", 60),
    ];

    private readonly DatasetOptions _options;

    public AppDataset(DatasetOptions options)
    {
        _options = options;
        SeriesKeys = new string[options.Sources];
        for (var agent = 0; agent < options.Sources; agent++)
            SeriesKeys[agent] = new Agent(options, agent).SeriesKey;
    }

    /// <summary>Per agent, "request_latency,agent=agent_N,region=...,service=...".</summary>
    public string[] SeriesKeys { get; }

    /// <summary>Writes the dataset as line protocol (ns timestamps) to <paramref name="output"/>.</summary>
    public void WriteLines(Stream output)
    {
        using var writer = new LineWriter(output);
        var agents = new Agent[SeriesKeys.Length];
        var prefixes = new byte[agents.Length][];
        var due = new PriorityQueue<int, (long Time, int Agent)>();
        for (var a = 0; a < agents.Length; a++)
        {
            agents[a] = new Agent(_options, a);
            prefixes[a] = Encoding.UTF8.GetBytes(agents[a].SeriesKey + " latency_ms=");
            if (agents[a].Next())
                due.Enqueue(a, (agents[a].Timestamp, a));
        }

        while (due.TryDequeue(out var a, out _))
        {
            var agent = agents[a];
            writer.Write(prefixes[a]);
            writer.WriteFixed(agent.LatencyMicroseconds, 3);
            writer.Write(",status="u8);
            writer.Write(agent.Status);
            writer.Write("i,bytes="u8);
            writer.Write(agent.Bytes);
            writer.Write("i "u8);
            writer.Write(agent.Timestamp);
            writer.EndLine();
            if (agent.Next())
                due.Enqueue(a, (agent.Timestamp, a));
        }
    }

    /// <summary>One agent's samples as columns, exactly as a parser reads them from the lines.</summary>
    public AppSeries GenerateSeries(int agentIndex)
    {
        var agent = new Agent(_options, agentIndex);
        var timestamps = new List<long>();
        var latencies = new List<double>();
        var statuses = new List<long>();
        var bytes = new List<long>();
        while (agent.Next())
        {
            timestamps.Add(agent.Timestamp);
            latencies.Add(agent.LatencyMicroseconds / 1000.0);
            statuses.Add(agent.Status);
            bytes.Add(agent.Bytes);
        }

        return new AppSeries(agent.SeriesKey, [.. timestamps], [.. latencies], [.. statuses], [.. bytes]);
    }

    /// <summary>One agent's request stream, from its own random stream so agents are independent.</summary>
    private sealed class Agent
    {
        private readonly DeterministicRandom _random;
        private readonly double _medianMs;
        private readonly long _end;

        public Agent(DatasetOptions options, int index)
        {
            _random = new DeterministicRandom(options.Seed ^ 0xA99, (ulong)index + 1);
            var region = RegionNames[_random.NextInt(RegionNames.Length)];
            var (service, medianMs) = Services[_random.NextInt(Services.Length)];
            _medianMs = medianMs;
            SeriesKey = $"{Measurement},agent=agent_{index},region={region},service={service}";
            Timestamp = options.StartNanoseconds;
            _end = options.StartNanoseconds + options.DurationNanoseconds;
        }

        public string SeriesKey { get; }
        public long Timestamp { get; private set; }
        public long LatencyMicroseconds { get; private set; }
        public long Status { get; private set; }
        public long Bytes { get; private set; }

        /// <summary>Advances to the next request; false once past the dataset's end.</summary>
        public bool Next()
        {
            Timestamp += (1 + _random.NextInt((int)MaxGapMicroseconds)) * 1000L;
            LatencyMicroseconds = (long)Math.Round(_medianMs * 1000 * DeterministicMath.Exp(0.5 * _random.NextGaussian()));
            var roll = _random.NextInt(100);
            Status = roll < 94 ? 200 : roll < 97 ? 404 : roll < 99 ? 500 : 503;
            Bytes = (long)Math.Round(1500 * DeterministicMath.Exp(0.8 * _random.NextGaussian()));
            return Timestamp < _end;
        }
    }
}

/// <summary>One app agent's series: timestamps (ns) and the three fields, sample by sample.</summary>
public sealed record AppSeries(string SeriesKey, long[] Timestamps, double[] LatencyMs, long[] Status, long[] Bytes);
