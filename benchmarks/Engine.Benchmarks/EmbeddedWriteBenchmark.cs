using BenchmarkDotNet.Attributes;
using Engine.Storage;

namespace Engine.Benchmarks;

/// <summary>
/// Embedded batch writes of the cpu dataset (<see cref="CpuWriteWorkload"/>) in steady state: each
/// operation is one sample; an invocation writes 1,000 timestamps of every series (1 M samples),
/// with checkpoints running as in production.
/// </summary>
[MemoryDiagnoser]
public class EmbeddedWriteBenchmark
{
    private const int StepsPerInvocation = 1000;

    private CpuWriteWorkload _workload = null!;

    [Params(1, 2)]
    public int Writers { get; set; }

    [GlobalSetup]
    public void Setup() => _workload = new CpuWriteWorkload(new StorageOptions());

    [GlobalCleanup]
    public void Cleanup() => _workload.Dispose();

    // Invocations are long enough that heads fill and seal (every 16,384 samples) within a run.
    [Benchmark(OperationsPerInvoke = StepsPerInvocation * CpuWriteWorkload.SeriesCount)]
    public void WriteBatches() => _workload.Write(StepsPerInvocation, Writers);
}
