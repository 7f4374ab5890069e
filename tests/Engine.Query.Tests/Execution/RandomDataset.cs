using Engine.Storage;
using Engine.Storage.Model;

namespace Engine.Query.Tests.Execution;

/// <summary>
/// Random points of one measurement (four hosts, a region tag that one host lacks, a float and an
/// integer field; out of order, with duplicate timestamps), written to a real engine with flushes
/// in between so that reads see segments and the head; <see cref="Final"/> is what the engine must
/// hold: the last write of each series and timestamp.
/// </summary>
internal sealed class RandomDataset
{
    public const string Measurement = "m";
    public static readonly long Origin = new DateTimeOffset(2026, 3, 1, 22, 30, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000;
    public static readonly string[] Hosts = ["a", "b", "c", "d"];

    private RandomDataset(IReadOnlyList<Sample> final) => Final = final;

    public IReadOnlyList<Sample> Final { get; }

    /// <summary>Writes the batches; <paramref name="afterBatch"/> runs after each (to build rollups between them, say).</summary>
    public static RandomDataset Write(StorageEngine engine, Random random, Action? afterBatch = null)
    {
        Dictionary<(string Host, string Field, long Time), Sample> final = [];
        var batches = random.Next(1, 5);
        for (var batch = 0; batch < batches; batch++)
        {
            List<Point> points = [];
            for (var i = random.Next(20, 400); i > 0; i--)
            {
                var host = Hosts[random.Next(Hosts.Length)];
                // A small time grid makes duplicate timestamps frequent.
                var time = Origin + (random.Next(0, 3 * 3600) * 1_000_000_000L) + (random.Next(3) * 250_000_000L);
                var tags = Tags(host);
                var real = Math.Round((random.NextDouble() * 100) - 50, 2);
                var integer = (long)random.Next(-1000, 1000);
                List<KeyValuePair<string, FieldValue>> fields = [];
                if (random.Next(4) > 0)
                {
                    fields.Add(KeyValuePair.Create("f", FieldValue.Float(real)));
                    final[(host, "f", time)] = new Sample(host, tags, "f", time, real, FieldType.Float);
                }

                if (fields.Count == 0 || random.Next(2) == 0)
                {
                    fields.Add(KeyValuePair.Create("n", FieldValue.Integer(integer)));
                    final[(host, "n", time)] = new Sample(host, tags, "n", time, integer, FieldType.Integer);
                }

                points.Add(new Point(Measurement, tags, fields, time));
            }

            engine.Write(points, durable: false);
            if (random.Next(2) == 0)
            {
                engine.Flush();
            }

            afterBatch?.Invoke();
        }

        return new RandomDataset([.. final.Values]);
    }

    public static IReadOnlyList<KeyValuePair<string, string>> Tags(string host) =>
        host == "d" ? [KeyValuePair.Create("host", host)] : [KeyValuePair.Create("host", host), KeyValuePair.Create("region", host == "a" ? "east" : "west")];
}

/// <summary>One stored sample as the oracle sees it.</summary>
internal sealed record Sample(string Host, IReadOnlyList<KeyValuePair<string, string>> Tags, string Field, long Time, double Value, FieldType Type)
{
    public string Tag(string key) => Tags.FirstOrDefault(t => t.Key == key).Value ?? string.Empty;
}
