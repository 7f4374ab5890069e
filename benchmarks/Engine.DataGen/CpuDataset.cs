using System.Text;

namespace Engine.DataGen;

/// <summary>
/// The TSBS-like "cpu" dataset: per host one line every 10 s with ten usage_* float fields, each
/// a random walk with N(0, 1) steps clamped to [0, 100], written with exactly two decimals.
/// Lines go out time-major (every host at t, then every host at t + 10 s), as agents would send them.
/// One day of 100 hosts is 864,000 lines and 8.64 M float samples.
/// </summary>
public sealed class CpuDataset
{
    public const long IntervalNanoseconds = 10_000_000_000;
    public const string Measurement = "cpu";

    public static readonly string[] FieldNames =
    [
        "usage_user", "usage_system", "usage_idle", "usage_nice", "usage_iowait",
        "usage_irq", "usage_softirq", "usage_steal", "usage_guest", "usage_guest_nice",
    ];

    private static readonly (string Region, string[] Datacenters)[] Regions =
    [
        ("us-east-1", ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1e"]),
        ("us-west-1", ["us-west-1a", "us-west-1b"]),
        ("us-west-2", ["us-west-2a", "us-west-2b", "us-west-2c"]),
        ("eu-west-1", ["eu-west-1a", "eu-west-1b", "eu-west-1c"]),
        ("eu-central-1", ["eu-central-1a", "eu-central-1b"]),
        ("ap-southeast-1", ["ap-southeast-1a", "ap-southeast-1b"]),
        ("ap-southeast-2", ["ap-southeast-2a", "ap-southeast-2b"]),
        ("ap-northeast-1", ["ap-northeast-1a", "ap-northeast-1c"]),
        ("sa-east-1", ["sa-east-1a", "sa-east-1b", "sa-east-1c"]),
    ];

    private static readonly string[] OperatingSystems = ["Ubuntu16.10", "Ubuntu16.04LTS", "Ubuntu15.10"];
    private static readonly string[] Architectures = ["x64", "x86"];
    private static readonly string[] Teams = ["SF", "NYC", "LON", "CHI"];
    private static readonly string[] Environments = ["production", "staging", "test"];

    private readonly DatasetOptions _options;

    public CpuDataset(DatasetOptions options)
    {
        _options = options;
        SeriesKeys = new string[options.Sources];
        for (var host = 0; host < options.Sources; host++)
            SeriesKeys[host] = HostSeriesKey(host, new DeterministicRandom(options.Seed, (ulong)host + 1));
    }

    /// <summary>Per host, "cpu,hostname=host_N,region=...,service_environment=..." (tags in TSBS order).</summary>
    public string[] SeriesKeys { get; }

    public int SamplesPerSeries => (int)(_options.DurationNanoseconds / IntervalNanoseconds);

    /// <summary>Writes the dataset as line protocol (ns timestamps) to <paramref name="output"/>.</summary>
    public void WriteLines(Stream output)
    {
        using var writer = new LineWriter(output);
        var prefixes = SeriesKeys.Select(k => Encoding.UTF8.GetBytes(k + " ")).ToArray();
        var fieldPrefixes = FieldNames.Select((f, i) => Encoding.UTF8.GetBytes((i == 0 ? "" : ",") + f + "=")).ToArray();
        var walk = new Walk(_options);
        for (var step = 0; step < SamplesPerSeries; step++)
        {
            var timestamp = _options.StartNanoseconds + (step * IntervalNanoseconds);
            for (var host = 0; host < SeriesKeys.Length; host++)
            {
                writer.Write(prefixes[host]);
                for (var field = 0; field < FieldNames.Length; field++)
                {
                    writer.Write(fieldPrefixes[field]);
                    writer.WriteFixed(walk.Hundredths[(host * FieldNames.Length) + field], 2);
                }

                writer.Write(" "u8);
                writer.Write(timestamp);
                writer.EndLine();
            }

            walk.Step();
        }
    }

    /// <summary>
    /// The same data as <see cref="WriteLines"/>, as columns: one timestamp array shared by all
    /// series, and per series (index host * 10 + field) the values exactly as a parser reads them.
    /// </summary>
    public (long[] Timestamps, double[][] Values) GenerateColumns()
    {
        var count = SamplesPerSeries;
        var timestamps = new long[count];
        var values = new double[SeriesKeys.Length * FieldNames.Length][];
        for (var s = 0; s < values.Length; s++)
            values[s] = new double[count];
        var walk = new Walk(_options);
        for (var step = 0; step < count; step++)
        {
            timestamps[step] = _options.StartNanoseconds + (step * IntervalNanoseconds);
            for (var s = 0; s < values.Length; s++)
                values[s][step] = walk.Hundredths[s] / 100.0; // the double nearest to the written text
            walk.Step();
        }

        return (timestamps, values);
    }

    private static string HostSeriesKey(int host, DeterministicRandom random)
    {
        var (region, datacenters) = Regions[random.NextInt(Regions.Length)];
        return $"{Measurement},hostname=host_{host},region={region},datacenter={datacenters[random.NextInt(datacenters.Length)]}" +
            $",rack={random.NextInt(100)},os={OperatingSystems[random.NextInt(OperatingSystems.Length)]}" +
            $",arch={Architectures[random.NextInt(Architectures.Length)]},team={Teams[random.NextInt(Teams.Length)]}" +
            $",service={random.NextInt(20)},service_version={random.NextInt(2)}" +
            $",service_environment={Environments[random.NextInt(Environments.Length)]}";
    }

    /// <summary>Every host's ten random walks, advanced one interval at a time.</summary>
    private sealed class Walk
    {
        private readonly double[] _state;
        private readonly DeterministicRandom _steps;

        public Walk(DatasetOptions options)
        {
            var series = options.Sources * FieldNames.Length;
            _state = new double[series];
            Hundredths = new long[series];
            for (var host = 0; host < options.Sources; host++)
            {
                // Start values come from a stream of their own, apart from the tag choices.
                var random = new DeterministicRandom(options.Seed, (ulong)(options.Sources + host + 1));
                for (var field = 0; field < FieldNames.Length; field++)
                    _state[(host * FieldNames.Length) + field] = random.NextDouble() * 100;
            }

            _steps = new DeterministicRandom(options.Seed, 0);
            Round();
        }

        /// <summary>Current values in hundredths, as written (58.12 is 5812).</summary>
        public long[] Hundredths { get; }

        public void Step()
        {
            for (var s = 0; s < _state.Length; s++)
                _state[s] = Math.Clamp(_state[s] + _steps.NextGaussian(), 0, 100);
            Round();
        }

        private void Round()
        {
            for (var s = 0; s < _state.Length; s++)
                Hundredths[s] = (long)Math.Round(_state[s] * 100);
        }
    }
}
