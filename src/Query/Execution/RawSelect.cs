using Engine.Query.Language;
using Engine.Storage;
using Engine.Storage.Catalog;

namespace Engine.Query.Execution;

/// <summary>
/// Runs a select of raw fields: the fields of one tag set join on time into rows, and the rows of
/// a group's tag sets merge in time order, streamed so that LIMIT stops reading early.
/// </summary>
internal sealed class RawSelect(StorageEngine storage, QueryLimits limits)
{
    public IReadOnlyList<ResultSeries> Run(SelectStatement select, IReadOnlyList<OutputColumn> columns, IReadOnlyList<SeriesGroup> groups, TimeRange range, CancellationToken cancellation)
    {
        var names = columns.Select(c => ((FieldReference)c.Expression).Name).ToArray();
        List<ResultSeries> results = [];
        long total = 0;
        foreach (var group in groups)
        {
            var rows = ReadRows(group, names, range, cancellation);
            IEnumerable<object?[]> ordered = select.Descending ? rows.Reverse() : rows;
            var page = ordered.Skip(select.Offset);
            if (select.Limit > 0)
            {
                page = page.Take(select.Limit);
            }

            List<object?[]> values = [];
            foreach (var row in page)
            {
                if (++total > limits.MaxRows)
                {
                    throw new QueryException($"the query returns more than {limits.MaxRows} rows; add a LIMIT or narrow the time range");
                }

                values.Add(row);
            }

            if (values.Count > 0)
            {
                results.Add(new ResultSeries(select.Measurement, group.Tags, ["time", .. columns.Select(c => c.Name)], values));
            }
        }

        return results;
    }

    /// <summary>Rows of every tag set of the group, merged by time (ties in series-key order, as SHOW SERIES lists them).</summary>
    private IEnumerable<object?[]> ReadRows(SeriesGroup group, string[] names, TimeRange range, CancellationToken cancellation)
    {
        var tagSets = group.SeriesByField.Values.SelectMany(s => s).Select(s => s.TagSet).Distinct()
            .OrderBy(t => t.ToString(), StringComparer.Ordinal).ToArray();
        var streams = tagSets.Select(tagSet => TagSetRows(tagSet, group, names, range).GetEnumerator()).ToArray();
        try
        {
            var queue = new PriorityQueue<int, (long Time, int TagSet)>();
            for (var index = 0; index < streams.Length; index++)
            {
                if (streams[index].MoveNext())
                {
                    queue.Enqueue(index, ((long)streams[index].Current[0]!, index));
                }
            }

            while (queue.TryDequeue(out var index, out _))
            {
                cancellation.ThrowIfCancellationRequested();
                yield return streams[index].Current;
                if (streams[index].MoveNext())
                {
                    queue.Enqueue(index, ((long)streams[index].Current[0]!, index));
                }
            }
        }
        finally
        {
            Array.ForEach(streams, s => s.Dispose());
        }
    }

    /// <summary>One tag set's fields joined on time: a row per timestamp any of them has.</summary>
    private IEnumerable<object?[]> TagSetRows(TagSet tagSet, SeriesGroup group, string[] names, TimeRange range)
    {
        var cursors = new SampleCursor?[names.Length];
        var tagValues = new string?[names.Length];
        try
        {
            for (var c = 0; c < names.Length; c++)
            {
                var series = group.SeriesOf(names[c]).FirstOrDefault(s => s.TagSet == tagSet);
                if (series is not null)
                {
                    cursors[c] = new SampleCursor(storage.ReadRetained(series, range.Start, range.End));
                }
                else
                {
                    tagValues[c] = tagSet.Tags.FirstOrDefault(t => t.Key == names[c]).Value;
                }
            }

            while (true)
            {
                var time = long.MaxValue;
                foreach (var cursor in cursors)
                {
                    if (cursor is { HasSample: true } && cursor.Time < time)
                    {
                        time = cursor.Time;
                    }
                }

                if (time == long.MaxValue)
                {
                    yield break;
                }

                var row = new object?[names.Length + 1];
                row[0] = time;
                for (var c = 0; c < names.Length; c++)
                {
                    if (cursors[c] is { HasSample: true } cursor && cursor.Time == time)
                    {
                        row[c + 1] = cursor.Value;
                        cursor.Advance();
                    }
                    else
                    {
                        row[c + 1] = tagValues[c];
                    }
                }

                yield return row;
            }
        }
        finally
        {
            foreach (var cursor in cursors)
            {
                cursor?.Dispose();
            }
        }
    }
}
