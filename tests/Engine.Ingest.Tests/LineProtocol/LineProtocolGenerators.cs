using System.Globalization;
using System.Text;
using Engine.Ingest.LineProtocol;
using Engine.Storage.Model;
using FsCheck;
using FsCheck.Fluent;

namespace Engine.Ingest.Tests.LineProtocol;

/// <summary>A line-protocol body made of good, bad, comment and blank lines, with its own options.</summary>
public sealed record LineProtocolInput(byte[] Bytes, int MaxLineBytes)
{
    public override string ToString() => $"max {MaxLineBytes}: {Encoding.UTF8.GetString(Bytes).Replace("\n", "\\n", StringComparison.Ordinal)}";
}

/// <summary>Good points around a bad line.</summary>
public sealed record SandwichInput(Point[] Before, string BadLine, Point[] After);

/// <summary>FsCheck generators for points with hostile names and values, and for whole bodies.</summary>
public static class LineProtocolGenerators
{
    // Every character with a meaning somewhere in the protocol, plus multi-byte UTF-8.
    private static readonly string[] NameAtoms =
        ["a", "b", "Z", "0", "9", " ", ",", "=", "\"", "\\", "\\\\", "#", "\t", "_", "-", ".", "é", "中", "😀", "\r", "time", "i", "u"];

    private static readonly string[] StringAtoms = [.. NameAtoms, "\n", "\r\n", "\\\"", "\"\""];

    /// <summary>Bad lines that do not open a quoted string (which would, by design, run on to the next quote).</summary>
    public static readonly string[] BadLines =
    [
        ",t=1 f=1", "m,=1 f=1", "m,t f=1", "m,t= f=1", "m,t=a=b f=1", "m,t=1,t=2 f=1", "m,time=1 f=1", "m", "m ", "m f",
        "m f=", "m f=1,", "m f=1.2.3", "m f=1e400", "m f=9223372036854775808i", "m f=-1u", "m f=1,f=1i", "m time=1",
        "m f=1 1.5", "m f=1 1 2", "m f=NaN", "m f=tRUE", "m f=+1", "m,t=a\\ f=1",
    ];

    private static Gen<string> Text(string[] atoms, int minAtoms, int maxAtoms) =>
        Gen.Choose(minAtoms, maxAtoms).SelectMany(n => Gen.ArrayOf(Gen.Elements(atoms), n)).Select(parts => string.Concat(parts));

    private static Gen<string> Name(LineProtocolNamePosition position) =>
        Text(NameAtoms, 1, 6).Where(name => LineProtocolWriter.CanWrite(name, position));

    private static Gen<double> Float() => Gen.Frequency(
        (3, ArbMap.Default.GeneratorFor<double>().Where(double.IsFinite)),
        (1, Gen.Elements(0.0, -0.0, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue, 0.1, 1e22, 1e23, 9007199254740993.0)),
        (2, Gen.Choose(-100_000, 100_000).Select(n => n / 100.0)));

    private static Gen<long> Int64() => Gen.Frequency(
        (3, ArbMap.Default.GeneratorFor<long>()),
        (1, Gen.Elements(long.MinValue, long.MaxValue, 0L, -1L)));

    private static Gen<ulong> UInt64() => Gen.Frequency(
        (3, ArbMap.Default.GeneratorFor<ulong>()),
        (1, Gen.Elements(ulong.MinValue, ulong.MaxValue)));

    private static Gen<FieldValue> Value() => Gen.OneOf(
        Float().Select(FieldValue.Float),
        Int64().Select(FieldValue.Integer),
        UInt64().Select(FieldValue.Unsigned),
        ArbMap.Default.GeneratorFor<bool>().Select(FieldValue.Boolean),
        Text(StringAtoms, 0, 6).Select(FieldValue.String));

    public static Gen<Point> PointGen() =>
        from measurement in Name(LineProtocolNamePosition.Measurement)
        from tagCount in Gen.Choose(0, 4)
        from tags in Gen.ArrayOf(Gen.Zip(Name(LineProtocolNamePosition.TagKey), Name(LineProtocolNamePosition.TagValue)), tagCount)
        from fieldCount in Gen.Choose(1, 4)
        from fields in Gen.ArrayOf(Gen.Zip(Name(LineProtocolNamePosition.FieldKey), Value()), fieldCount)
        from timestamp in Int64()
        select new Point(
            measurement,
            tags.DistinctBy(t => t.Item1).Select(t => new KeyValuePair<string, string>(t.Item1, t.Item2)),
            fields.DistinctBy(f => f.Item1).Select(f => new KeyValuePair<string, FieldValue>(f.Item1, f.Item2)),
            timestamp);

    private static Gen<string> LineGen() => Gen.Frequency(
        (6, PointGen().Select(p => LineProtocolWriter.Format(p))),
        (2, Gen.Elements(BadLines).Select(line => line + "\n")),
        (1, Gen.Elements("# comment \"quoted\n", "\n", "\r\n", "   \n", "m f=1i\r\n", "m s=\"a\nb\" 1\n", "m f=\"open\n")),
        (1, Gen.Elements("m f=1", "m,t=x f=2 3")));

    public static Arbitrary<Point> Points() => PointGen().ToArbitrary();

    public static Arbitrary<LineProtocolInput> Inputs() =>
        (from lines in Gen.Choose(1, 8).SelectMany(n => Gen.ArrayOf(LineGen(), n))
         from maxLine in Gen.Elements(1 << 20, 64, 24)
         select new LineProtocolInput(Encoding.UTF8.GetBytes(string.Concat(lines)), maxLine)).ToArbitrary();

    public static Arbitrary<SandwichInput> Sandwiches() =>
        (from before in Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(PointGen(), n))
         from bad in Gen.Elements(BadLines)
         from after in Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(PointGen(), n))
         select new SandwichInput(before, bad, after)).ToArbitrary();

    /// <summary>Decimal texts in the float grammar, biased toward the fast-path boundaries.</summary>
    public static Gen<string> DecimalText() =>
        from negative in ArbMap.Default.GeneratorFor<bool>()
        from digits in Gen.Choose(1, 22).SelectMany(n => Gen.ArrayOf(Gen.Elements("0123456789".ToCharArray()), n))
        from point in Gen.Choose(0, 22)
        from exponent in Gen.Frequency((3, Gen.Constant(int.MinValue)), (2, Gen.Choose(-30, 30)), (1, Gen.Choose(-330, 310)))
        let mantissa = new string(digits)
        let withPoint = point >= mantissa.Length ? mantissa : mantissa[..point] + "." + mantissa[point..]
        select (negative ? "-" : "") + withPoint + (exponent == int.MinValue ? "" : "e" + exponent.ToString(CultureInfo.InvariantCulture));
}
