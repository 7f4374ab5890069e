using System.Globalization;

namespace Engine.DataGen;

/// <summary>
/// datagen cpu|app [--hosts N | --agents N] [--hours H | --days D] [--start RFC3339] [--seed S] [--out FILE]
/// Writes the dataset as InfluxDB line protocol (ns timestamps) to FILE or stdout.
/// </summary>
public static class Program
{
    private const string Usage =
        "usage: datagen cpu|app [--hosts N | --agents N] [--hours H | --days D] [--start 2016-01-01T00:00:00Z] [--seed S] [--out FILE]\n" +
        "  cpu: 100 hosts by default, 10 s interval, 10 float fields; app: 500 agents by default, irregular requests";

    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("cpu" or "app"))
        {
            Console.Error.WriteLine(Usage);
            return args.Length == 0 ? 0 : 1;
        }

        var options = new DatasetOptions { Sources = args[0] == "cpu" ? 100 : 500 };
        string? outPath = null;
        for (var i = 1; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length)
                return Fail($"{args[i]} needs a value");
            var value = args[i + 1];
            switch (args[i])
            {
                case "--hosts" or "--agents":
                    options = options with { Sources = int.Parse(value, CultureInfo.InvariantCulture) };
                    break;
                case "--hours":
                    options = options with { Duration = TimeSpan.FromHours(double.Parse(value, CultureInfo.InvariantCulture)) };
                    break;
                case "--days":
                    options = options with { Duration = TimeSpan.FromDays(double.Parse(value, CultureInfo.InvariantCulture)) };
                    break;
                case "--start":
                    options = options with { Start = DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) };
                    break;
                case "--seed":
                    options = options with { Seed = ulong.Parse(value, CultureInfo.InvariantCulture) };
                    break;
                case "--out":
                    outPath = value;
                    break;
                default:
                    return Fail($"unknown option {args[i]}");
            }
        }

        using var output = outPath is null ? Console.OpenStandardOutput() : File.Create(outPath);
        if (args[0] == "cpu")
            new CpuDataset(options).WriteLines(output);
        else
            new AppDataset(options).WriteLines(output);
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        Console.Error.WriteLine(Usage);
        return 1;
    }
}
