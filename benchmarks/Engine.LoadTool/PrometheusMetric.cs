using System.Globalization;

namespace Engine.LoadTool;

/// <summary>One metric of a Prometheus text endpoint, summed over its label sets (e.g. per-shard or per-type counters).</summary>
internal sealed class PrometheusMetric(HttpClient http, Uri metricsUrl, string name)
{
    public string Name => name;

    /// <exception cref="InvalidDataException">The endpoint has no sample of the metric.</exception>
    public async Task<double> ReadAsync(CancellationToken cancellation)
    {
        var text = await http.GetStringAsync(metricsUrl, cancellation).ConfigureAwait(false);
        double sum = 0;
        var found = false;
        foreach (var line in text.Split('\n'))
        {
            if (line.Length > name.Length && line.StartsWith(name, StringComparison.Ordinal) && line[name.Length] is ' ' or '{')
            {
                // "name{labels} value [timestamp]"; label values may hold spaces, so start after the labels.
                var afterLabels = line[name.Length] == '{' ? line.LastIndexOf('}') + 1 : name.Length;
                sum += double.Parse(line[afterLabels..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                found = true;
            }
        }

        return found ? sum : throw new InvalidDataException($"{metricsUrl} has no metric {name}");
    }
}
