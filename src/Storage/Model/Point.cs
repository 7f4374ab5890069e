namespace Engine.Storage.Model;

/// <summary>
/// A convenience, allocating representation of one line-protocol point: measurement, tag set,
/// field set and a timestamp in nanoseconds since the Unix epoch (UTC). Hot paths do not use it;
/// they write through <c>WriteBatch</c> and the line-protocol reader.
/// </summary>
public sealed class Point : IEquatable<Point>
{
    public Point(string measurement, IEnumerable<KeyValuePair<string, string>> tags,
        IEnumerable<KeyValuePair<string, FieldValue>> fields, long timestampNs)
    {
        ArgumentException.ThrowIfNullOrEmpty(measurement);
        Measurement = measurement;
        Tags = [.. tags.OrderBy(t => t.Key, StringComparer.Ordinal)];
        Fields = [.. fields];
        TimestampNs = timestampNs;
    }

    public string Measurement { get; }

    /// <summary>Tags sorted by key (ordinal), the canonical order of a series key.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Tags { get; }

    public IReadOnlyList<KeyValuePair<string, FieldValue>> Fields { get; }

    public long TimestampNs { get; }

    public bool Equals(Point? other) =>
        other is not null
        && Measurement == other.Measurement
        && TimestampNs == other.TimestampNs
        && Tags.SequenceEqual(other.Tags)
        && Fields.SequenceEqual(other.Fields);

    public override bool Equals(object? obj) => Equals(obj as Point);

    public override int GetHashCode() => HashCode.Combine(Measurement, TimestampNs, Tags.Count, Fields.Count);

    public override string ToString() =>
        $"{Measurement}{string.Concat(Tags.Select(t => $",{t.Key}={t.Value}"))} " +
        $"{string.Join(',', Fields.Select(f => $"{f.Key}={f.Value}"))} {TimestampNs}";
}
