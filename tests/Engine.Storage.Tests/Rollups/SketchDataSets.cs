using FsCheck;
using FsCheck.Fluent;

namespace Engine.Storage.Tests.Rollups;

public enum DataShape
{
    Uniform,
    LogNormalLatencies,
    Constant,
    Negatives,
    MixedSigns,
    WithZeros,
    Huge,
    Tiny,
    WithInfinities,
    ExtremeSpan,
}

/// <summary>A generated data set: FsCheck picks shape, size and seed; the values follow from them, so a failure names its reproduction.</summary>
public sealed record DataSet(DataShape Shape, int Size, int Seed)
{
    public double[] Values { get; } = Generate(Shape, Size, Seed);

    public override string ToString() => $"{Shape} × {Size}, seed {Seed}";

    private static double[] Generate(DataShape shape, int size, int seed)
    {
        var random = new Random(seed);
        var values = new double[size];
        var low = -1000 + (random.NextDouble() * 1000);
        var width = random.NextDouble() * 1000;
        var median = Math.Pow(10, (random.NextDouble() * 6) - 3);
        var constant = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-20, 20));
        for (var i = 0; i < size; i++)
        {
            values[i] = shape switch
            {
                DataShape.Uniform => low + (random.NextDouble() * width),
                DataShape.LogNormalLatencies => LogNormal(random, median, 0.5),
                DataShape.Constant => constant,
                DataShape.Negatives => -LogNormal(random, median, 2),
                DataShape.MixedSigns => (random.Next(2) == 0 ? -1 : 1) * LogNormal(random, median, 3),
                DataShape.WithZeros => random.Next(3) switch { 0 => 0.0, 1 => -0.0, _ => LogNormal(random, median, 1) },
                DataShape.Huge => (random.Next(4) == 0 ? -1 : 1) * Math.Pow(10, 291 + (random.NextDouble() * 17.2)),
                DataShape.Tiny => (random.Next(4) == 0 ? -1 : 1) * Math.Pow(10, -290 - (random.NextDouble() * 16)),
                DataShape.WithInfinities => random.Next(8) switch { 0 => double.PositiveInfinity, 1 => double.NegativeInfinity, _ => LogNormal(random, median, 1) },
                _ => (random.Next(2) == 0 ? -1 : 1) * Math.Pow(10, (random.NextDouble() * 600) - 299),
            };
        }

        return values;
    }

    private static double LogNormal(Random random, double median, double sigma)
    {
        // Box–Muller; 1 − u keeps the logarithm's argument above zero.
        var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return median * Math.Exp(sigma * gaussian);
    }
}

public static class SketchGenerators
{
    public static Arbitrary<DataSet> DataSets() =>
        (from shape in Gen.Elements(Enum.GetValues<DataShape>())
         from size in Gen.Frequency((1, Gen.Choose(1, 10)), (3, Gen.Choose(11, 3000)))
         from seed in ArbMap.Default.GeneratorFor<int>()
         select new DataSet(shape, size, seed)).ToArbitrary();
}
