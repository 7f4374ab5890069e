using System.Diagnostics;
using Engine.DataGen;
using Engine.Storage;
using Engine.Storage.Catalog;
using Engine.Storage.Model;
using Engine.Storage.Rollups;

namespace Engine.Benchmarks;

/// <summary>
/// A year of history, as an import of it leaves a data folder: <c>cpu usage</c> of N hosts
/// (tag <c>hostname</c>), one sample a minute for the 365 days of 2025 (the generated day's cpu
/// values, shifted a little each day), written through the embedded API with the clock an hour
/// past the year's end; then every tier built (<see cref="StorageEngine.BuildRollups"/>) and the
/// retention applied, so raw samples remain for the last 30 days, hourly rollups for 90 and daily
/// ones for the whole year.
/// </summary>
internal sealed class YearOfCpu : IDisposable
{
    public const int Days = 365;
    public const string From = "2025-01-01T00:00:00Z";
    public const string Until = "2026-01-01T00:00:00Z";
    private const long Minute = 60_000_000_000;
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly bool _keep;

    private YearOfCpu(string folder, StorageEngine storage, int hosts, bool keep)
    {
        Folder = folder;
        Storage = storage;
        Hosts = hosts;
        _keep = keep;
    }

    public string Folder { get; }

    public StorageEngine Storage { get; }

    public int Hosts { get; }

    public long Samples => (long)Hosts * Days * 24 * 60;

    public TimeSpan WriteTime { get; private set; }

    public TimeSpan BuildTime { get; private set; }

    public RollupBuildStats Build { get; private set; }

    /// <summary>
    /// Writes and builds the year in a temporary folder, deleted on dispose; or, with
    /// <paramref name="keepIn"/>, in that folder, kept, and only opened when it is already there.
    /// </summary>
    public static YearOfCpu Create(int hosts, string? keepIn = null)
    {
        var folder = keepIn ?? Path.Combine(Path.GetTempPath(), "engine-bench-year-" + Guid.NewGuid().ToString("N"));
        var exists = Directory.Exists(folder);
        var clock = new FixedClock(Start.AddDays(Days).AddHours(1));
        var storage = StorageEngine.Open(folder, new StorageOptions { BackgroundJobs = false, Clock = clock });
        var year = new YearOfCpu(folder, storage, hosts, keep: keepIn is not null);
        if (!exists)
        {
            year.WriteAndBuild();
        }

        return year;
    }

    public void Dispose()
    {
        Storage.Dispose();
        if (!_keep)
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    private void WriteAndBuild()
    {
        var (_, dayValues) = new CpuDataset(new DatasetOptions { Sources = Hosts }).GenerateColumns();
        var series = new Series[Hosts];
        for (var host = 0; host < Hosts; host++)
        {
            var tagSet = Storage.ResolveTagSet(TagSetKey.Encode("cpu", [KeyValuePair.Create("hostname", $"host_{host}")]));
            series[host] = Storage.ResolveSeries(tagSet, "usage"u8, FieldType.Float);
        }

        var clock = Stopwatch.StartNew();
        var batch = Storage.CreateBatch();
        var startNs = Start.ToUnixTimeMilliseconds() * 1_000_000;
        for (var hour = 0; hour < Days * 24; hour++)
        {
            for (var host = 0; host < Hosts; host++)
            {
                // usage_user (field 0) of the generated day, one value a minute, shifted by the day.
                var values = dayValues[host * CpuDataset.FieldNames.Length];
                for (var minute = 0; minute < 60; minute++)
                {
                    var index = ((hour % 24 * 60) + minute) * 6 % values.Length;
                    var value = values[(index + (hour / 24 * 7)) % values.Length];
                    batch.Add(series[host], startNs + (((hour * 60L) + minute) * Minute), BitConverter.DoubleToUInt64Bits(value), null);
                }
            }

            Storage.Write(batch);
            batch.Clear();
        }

        Storage.Flush();
        WriteTime = clock.Elapsed;
        clock.Restart();
        Build = Storage.BuildRollups();
        BuildTime = clock.Elapsed;
        Storage.ApplyRetention();
    }
}
