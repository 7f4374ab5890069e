using Engine.Storage.IO;

namespace Engine.Storage.Catalog;

/// <summary>
/// The canonical bytes of a measurement and its tag set, the identity of a tag set and the input
/// of the shard hash. Unescaped UTF-8, length-prefixed so that no byte value needs escaping:
/// <code>
/// varint len | measurement | varint tagCount | (varint len | key | varint len | value) * tagCount
/// </code>
/// Tags are sorted by key bytes (ordinal), so the same tags in any order give the same key.
/// </summary>
public static class TagSetKey
{
    public static byte[] Encode(string measurement, IReadOnlyList<KeyValuePair<string, string>> tags)
    {
        var builder = new TagSetKeyBuilder();
        builder.Reset(System.Text.Encoding.UTF8.GetBytes(measurement));
        foreach (var (key, value) in tags)
        {
            builder.AddTag(System.Text.Encoding.UTF8.GetBytes(key), System.Text.Encoding.UTF8.GetBytes(value));
        }

        return builder.Build().ToArray();
    }

    public static (string Measurement, KeyValuePair<string, string>[] Tags) Decode(ReadOnlySpan<byte> key)
    {
        var reader = new SpanReader(key, "tag set key");
        var measurement = ReadString(ref reader);
        var count = reader.ReadLength(key.Length);
        var tags = new KeyValuePair<string, string>[count];
        for (var i = 0; i < count; i++)
        {
            var tagKey = ReadString(ref reader);
            tags[i] = new(tagKey, ReadString(ref reader));
        }

        if (!reader.End)
        {
            throw reader.Corrupt("trailing bytes");
        }

        return (measurement, tags);
    }

    private static string ReadString(ref SpanReader reader) =>
        System.Text.Encoding.UTF8.GetString(reader.ReadBytes(reader.ReadLength(reader.Remaining)));
}
