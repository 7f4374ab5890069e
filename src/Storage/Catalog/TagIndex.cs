using Engine.Storage.Model;

namespace Engine.Storage.Catalog;

/// <summary>
/// The inverted index: measurement → tag key → tag value → series, plus the field keys of each
/// measurement. Rebuilt from the catalog on open; updated as series are created (rare next to
/// writes), read by queries and the SHOW commands. Readers get snapshots.
/// </summary>
public sealed class TagIndex
{
    private readonly ReaderWriterLockSlim _lock = new();
    private readonly SortedDictionary<string, MeasurementEntry> _measurements = new(StringComparer.Ordinal);

    internal void Add(Series series)
    {
        _lock.EnterWriteLock();
        try
        {
            if (!_measurements.TryGetValue(series.Measurement, out var entry))
            {
                entry = new MeasurementEntry();
                _measurements.Add(series.Measurement, entry);
            }

            entry.Series.Add(series);
            entry.Fields.TryAdd(series.FieldKey, series.Type);
            foreach (var (key, value) in series.Tags)
            {
                if (!entry.Tags.TryGetValue(key, out var values))
                {
                    values = new SortedDictionary<string, List<Series>>(StringComparer.Ordinal);
                    entry.Tags.Add(key, values);
                }

                if (!values.TryGetValue(value, out var list))
                {
                    list = [];
                    values.Add(value, list);
                }

                list.Add(series);
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public IReadOnlyList<string> Measurements() => Read(() => _measurements.Keys.ToArray());

    public IReadOnlyList<string> TagKeys(string measurement) =>
        Read(() => _measurements.TryGetValue(measurement, out var e) ? e.Tags.Keys.ToArray() : []);

    public IReadOnlyList<string> TagValues(string measurement, string tagKey) =>
        Read(() => _measurements.TryGetValue(measurement, out var e) && e.Tags.TryGetValue(tagKey, out var values)
            ? values.Keys.ToArray()
            : []);

    public IReadOnlyList<KeyValuePair<string, FieldType>> FieldKeys(string measurement) =>
        Read(() => _measurements.TryGetValue(measurement, out var e) ? e.Fields.ToArray() : []);

    /// <summary>Every series of a measurement, in creation order.</summary>
    public IReadOnlyList<Series> SeriesOf(string measurement) =>
        Read(() => _measurements.TryGetValue(measurement, out var e) ? e.Series.ToArray() : []);

    /// <summary>Series of a measurement whose tag <paramref name="tagKey"/> equals <paramref name="tagValue"/>.</summary>
    public IReadOnlyList<Series> SeriesWithTag(string measurement, string tagKey, string tagValue) =>
        Read(() => _measurements.TryGetValue(measurement, out var e)
            && e.Tags.TryGetValue(tagKey, out var values)
            && values.TryGetValue(tagValue, out var list)
            ? list.ToArray()
            : []);

    private T Read<T>(Func<T> read)
    {
        _lock.EnterReadLock();
        try
        {
            return read();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private sealed class MeasurementEntry
    {
        public List<Series> Series { get; } = [];
        public SortedDictionary<string, FieldType> Fields { get; } = new(StringComparer.Ordinal);
        public SortedDictionary<string, SortedDictionary<string, List<Series>>> Tags { get; } = new(StringComparer.Ordinal);
    }
}
