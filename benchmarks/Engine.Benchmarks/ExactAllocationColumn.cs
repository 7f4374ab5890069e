using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Engine.Benchmarks;

/// <summary>
/// Bytes allocated per operation with four decimals. MemoryDiagnoser's Allocated column rounds to
/// whole bytes, which hides the fractions of a byte per sample that long runs amortize.
/// </summary>
public sealed class ExactAllocationColumn : IColumn
{
    public string Id => nameof(ExactAllocationColumn);

    public string ColumnName => "B/op exact";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Metric;

    public int PriorityInCategory => 1;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Bytes allocated per operation (all threads, MemoryDiagnoser's figure before rounding)";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var gc = summary[benchmarkCase]?.GcStats;
        var bytes = gc?.GetTotalAllocatedBytes(excludeAllocationQuantumSideEffects: false);
        return bytes is null || gc!.Value.TotalOperations == 0
            ? "?"
            : (bytes.Value / (double)gc.Value.TotalOperations).ToString("0.0000", CultureInfo.InvariantCulture);
    }
}
