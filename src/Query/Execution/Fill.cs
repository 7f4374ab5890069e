using Engine.Query.Language;

namespace Engine.Query.Execution;

/// <summary>
/// Applies FILL to the rows of one group, one row per GROUP BY time bucket in time order; column 0
/// is the time and every row's <see cref="FilledRow.HasData"/> says whether its bucket had samples.
/// </summary>
internal static class Fill
{
    public static List<object?[]> Apply(List<FilledRow> rows, FillMode mode, double fillValue)
    {
        switch (mode)
        {
            case FillMode.None:
                return [.. rows.Where(r => r.HasData).Select(r => r.Values)];
            case FillMode.Number:
                ForEachNull(rows, (row, column) => row[column] = fillValue);
                break;
            case FillMode.Previous:
                FillPrevious(rows);
                break;
            case FillMode.Linear:
                FillLinear(rows);
                break;
            case FillMode.Null:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(mode));
        }

        return [.. rows.Select(r => r.Values)];
    }

    private static void ForEachNull(List<FilledRow> rows, Action<object?[], int> fill)
    {
        foreach (var row in rows)
        {
            for (var column = 1; column < row.Values.Length; column++)
            {
                if (row.Values[column] is null)
                {
                    fill(row.Values, column);
                }
            }
        }
    }

    private static void FillPrevious(List<FilledRow> rows)
    {
        for (var index = 1; index < rows.Count; index++)
        {
            var row = rows[index].Values;
            var previous = rows[index - 1].Values;
            for (var column = 1; column < row.Length; column++)
            {
                row[column] ??= previous[column];
            }
        }
    }

    /// <summary>Interpolates numeric gaps between the nearest non-null values before and after.</summary>
    private static void FillLinear(List<FilledRow> rows)
    {
        var columns = rows.Count == 0 ? 0 : rows[0].Values.Length;
        for (var column = 1; column < columns; column++)
        {
            var before = -1;
            for (var index = 0; index < rows.Count; index++)
            {
                if (ExpressionValue.AsDouble(rows[index].Values[column]) is not { } value)
                {
                    continue;
                }

                if (before >= 0 && index - before > 1 && ExpressionValue.AsDouble(rows[before].Values[column]) is { } start)
                {
                    Interpolate(rows, column, before, index, start, value);
                }

                before = index;
            }
        }
    }

    private static void Interpolate(List<FilledRow> rows, int column, int from, int to, double start, double end)
    {
        var t0 = (long)rows[from].Values[0]!;
        var t1 = (long)rows[to].Values[0]!;
        for (var index = from + 1; index < to; index++)
        {
            var t = (long)rows[index].Values[0]!;
            rows[index].Values[column] = start + ((end - start) * ((double)(t - t0) / (t1 - t0)));
        }
    }
}

/// <summary>A result row of one time bucket, and whether any of its columns came from samples.</summary>
internal sealed record FilledRow(object?[] Values, bool HasData);
