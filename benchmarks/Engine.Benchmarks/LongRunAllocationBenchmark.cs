using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using Engine.DataGen;
using Engine.Storage;

namespace Engine.Benchmarks;

/// <summary>
/// Allocation of embedded writes amortized over everything a long run does: each invocation writes
/// 65,536 timestamps of the cpu dataset's 1,000 series (65.5 M samples, four chunk seals per series,
/// about 7.6 days of data) while the background jobs commit every 100 ms and checkpoint a shard once
/// its WAL passes 4 MiB (several checkpoints per shard per invocation), then compact the closed days.
/// One operation is one sample, so the "B/op exact" column is bytes allocated per sample.
/// <see cref="Rollups"/> says whether the hourly and daily rollups of closed hours are built too
/// (and retention drops the oldest days); without them the run measures the write path alone.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Columns))]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class LongRunAllocationBenchmark
{
    private const int StepsPerInvocation = 65_536;

    private CpuWriteWorkload _workload = null!;

    /// <summary>
    /// True: rollups and retention run on the system clock, to which every hour of the 2016 dataset
    /// has closed. False: their clock stands before the dataset's first day, so no hour closes and
    /// nothing expires: writes, commits, checkpoints and compactions only.
    /// </summary>
    [Params(false, true)]
    public bool Rollups { get; set; }

    [GlobalSetup]
    public void Setup() => _workload = new CpuWriteWorkload(new StorageOptions
    {
        CheckpointWalBytes = 4L << 20,
        Clock = Rollups ? TimeProvider.System : new BeforeTheData(),
    });

    [GlobalCleanup]
    public void Cleanup() => _workload.Dispose();

    [Benchmark(OperationsPerInvoke = StepsPerInvocation * CpuWriteWorkload.SeriesCount)]
    public void WriteWithCheckpoints() => _workload.Write(StepsPerInvocation, writers: 1);

    private sealed class BeforeTheData : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DatasetOptions.DefaultStart.AddDays(-1);
    }

    private sealed class Columns : ManualConfig
    {
        public Columns() => AddColumn(new ExactAllocationColumn());
    }
}
