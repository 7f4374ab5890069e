#!/usr/bin/env bash
# Runs the four target queries of the query-engine issue against Engine and VictoriaMetrics on the
# same data on this machine, and prints the median latency of each over HTTP, with a new connection
# per request and on one kept-alive connection, and Engine's share of VictoriaMetrics' time. See docs/performance.md. Engine's rollups are built
# first, so its planner answers (a) to (c) from them (percentiles from sketches, within 1%); the
# "exact" rows ask for percentile_exact, read from raw samples, as VictoriaMetrics computes them.
# VM_FLAGS replaces the extra VictoriaMetrics flags (default: -search.disableCache); WARMUPS sets the
# warm-up requests per query (default 20).
#
# usage: benchmarks/compare-queries-victoriametrics.sh [CPU_FILE (default cpu.lp)] [APP_FILE (default app.lp)] [RUNS (default 5)]
# needs: the .NET SDK, curl, and VictoriaMetrics (apt-get install -y victoria-metrics)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cpu_file=$(realpath "${1:-cpu.lp}")
app_file=$(realpath "${2:-app.lp}")
runs=${3:-5}
vm_http=${VM_HTTP_PORT:-18428}

command -v victoria-metrics >/dev/null || { echo "victoria-metrics not found: apt-get install -y victoria-metrics" >&2; exit 2; }
for f in "$cpu_file" "$app_file"; do
  [ -f "$f" ] || { echo "$f not found: dotnet run -c Release --project benchmarks/Engine.DataGen -- cpu|app --out FILE" >&2; exit 2; }
done

dotnet build -c Release "$repo/src/Server" -v quiet -nologo >/dev/null
engine=("dotnet" "$repo/src/Server/bin/Release/net10.0/engine.dll")
work=$(mktemp -d /tmp/engine-vs-vm-queries.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null; done; rm -rf "$work"' EXIT

wait_for() {
  for _ in $(seq 600); do
    if eval "$1"; then return 0; fi
    sleep 0.1
  done
  echo "timed out waiting for: $1" >&2; exit 1
}

# Each query is timed two ways, after $warmups warm-up requests (the servers run a JIT or fill caches
# the way a long-running server would have): a new curl and connection per request (what a shell
# script pays), and requests on one kept-alive connection (what a client library, Grafana or the
# influx shell pays). Prints "new-connection-median keep-alive-median" in ms, medians of $runs.
warmups=${WARMUPS:-20}
median() { sort -n | awk '{t[NR] = $1} END {printf "%.2f", 1000 * (NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2)}'; }
time_query() {
  local url urls=()
  url=$(curl -Gso /dev/null -w '%{url_effective}' "$@")
  for _ in $(seq "$warmups"); do curl -sf -o /dev/null "$url"; done
  for _ in $(seq "$runs"); do urls+=("$url"); done
  printf '%s %s' \
    "$(for _ in $(seq "$runs"); do curl -sf -o /dev/null -w '%{time_total}\n' "$url"; done | median)" \
    "$(curl -sf -w '%{stderr}%{time_total}\n' "${urls[@]}" 2>&1 >/dev/null | median)"
}

echo "loading Engine (engine import) and VictoriaMetrics (/write in 20 MB pieces, then force_flush)..."
"${engine[@]}" import "$cpu_file" --data "$work/engine" >/dev/null
"${engine[@]}" import "$app_file" --data "$work/engine" >/dev/null
# Build the rollups now, as the server's background job would within seconds of starting: the
# planner then answers (a) to (c) from them; the rows marked exact force raw samples instead.
"${engine[@]}" compact --data "$work/engine" >/dev/null
"${engine[@]}" serve --data "$work/engine" --tcp 127.0.0.1:0 --http 127.0.0.1:0 >"$work/engine.out" 2>"$work/engine.err" &
pids+=($!)
wait_for "grep -qx ready '$work/engine.out'"
engine_http=$(awk '$1 == "listening" && $2 == "http" {print $3}' "$work/engine.out")

# Without -search.disableCache, VictoriaMetrics answers a repeated query from its rollup result
# cache; Engine has no result cache, so both compute every answer (VM_FLAGS may override).
victoria-metrics -storageDataPath="$work/vm" -retentionPeriod=100y -httpListenAddr="127.0.0.1:$vm_http" \
  -loggerLevel=ERROR ${VM_FLAGS--search.disableCache} >"$work/vm.out" 2>"$work/vm.err" &
pids+=($!)
wait_for "curl -sf http://127.0.0.1:$vm_http/health >/dev/null"
split -C 20m "$cpu_file" "$work/piece.cpu."
split -C 20m "$app_file" "$work/piece.app."
for piece in "$work"/piece.*; do
  curl -sf --data-binary "@$piece" "http://127.0.0.1:$vm_http/write" && rm "$piece"
done
curl -sf "http://127.0.0.1:$vm_http/internal/force_flush"
expected=$((8640000 + $(grep -c . "$app_file") * 3))
vm_samples() {
  curl -s "http://127.0.0.1:$vm_http/api/v1/query" --data-urlencode 'query=sum(count_over_time({__name__=~".+"}[2d]))' \
    --data-urlencode time=2016-01-02T12:00:00Z | grep -o '"[0-9]*"\]' | tr -dc 0-9
}
wait_for '[ "$(vm_samples)" = "$expected" ]'

day_end=2016-01-02T00:00:00Z
engine_query() { time_query "$engine_http/query" --data-urlencode "q=$1"; }
vm_query() { time_query "http://127.0.0.1:$vm_http/api/v1/$1" --data-urlencode "query=$2" "${@:3}"; }

declare -A engine_ms vm_ms
engine_ms[a]=$(engine_query "SELECT percentile(usage_user, 99) FROM cpu WHERE hostname = 'host_0' AND time >= '2016-01-01T00:00:00Z' AND time < '$day_end'")
vm_ms[a]=$(vm_query query 'quantile_over_time(0.99, cpu_usage_user{hostname="host_0"}[1d])' --data-urlencode "time=$day_end")
engine_ms[a_exact]=$(engine_query "SELECT percentile_exact(usage_user, 99) FROM cpu WHERE hostname = 'host_0' AND time >= '2016-01-01T00:00:00Z' AND time < '$day_end'")
vm_ms[a_exact]=${vm_ms[a]}
engine_ms[b]=$(engine_query "SELECT p50(usage_user), p95(usage_user), p99(usage_user) FROM cpu WHERE time >= '2016-01-01T00:00:00Z' AND time < '$day_end' GROUP BY time(1h), hostname")
engine_ms[b_exact]=$(engine_query "SELECT percentile_exact(usage_user, 50), percentile_exact(usage_user, 95), percentile_exact(usage_user, 99) FROM cpu WHERE time >= '2016-01-01T00:00:00Z' AND time < '$day_end' GROUP BY time(1h), hostname")
vm_ms[b]=$(vm_query query_range 'quantiles_over_time("phi", 0.5, 0.95, 0.99, cpu_usage_user[1h])' \
  --data-urlencode start=2016-01-01T01:00:00Z --data-urlencode "end=$day_end" --data-urlencode step=1h)
vm_ms[b_exact]=${vm_ms[b]}
engine_ms[c]=$(engine_query "SELECT max(*) FROM cpu WHERE time >= '2016-01-01T23:00:00Z' AND time < '$day_end' GROUP BY hostname")
vm_ms[c]=$(vm_query query 'max_over_time({__name__=~"cpu_usage_.*"}[1h])' --data-urlencode "time=$day_end")
engine_ms[d]=$(engine_query "SELECT count(latency_ms), mean(latency_ms), p95(latency_ms), p99(latency_ms) FROM request_latency WHERE time >= '2016-01-01T12:00:00Z' AND time < '2016-01-01T12:00:30Z' GROUP BY agent")
vm_ms[d]=$(vm_query query 'union(label_set(count_over_time(request_latency_latency_ms[30s]), "stat", "count"), label_set(avg_over_time(request_latency_latency_ms[30s]), "stat", "mean"), quantiles_over_time("phi", 0.95, 0.99, request_latency_latency_ms[30s]))' \
  --data-urlencode time=2016-01-01T12:00:30Z)

printf 'median of %s over HTTP after %s warm-ups; machine load: %s\n' "$runs" "$warmups" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-10s | %-36s | %-36s\n' "" "new connection per request" "one kept-alive connection"
printf '%-10s | %10s %10s %14s | %10s %10s %14s\n' query "Engine ms" "VM ms" "Engine / VM" "Engine ms" "VM ms" "Engine / VM"
for q in a a_exact b b_exact c d; do
  read -r engine_new engine_kept <<<"${engine_ms[$q]}"
  read -r vm_new vm_kept <<<"${vm_ms[$q]}"
  awk -v q="$q" -v en="$engine_new" -v vn="$vm_new" -v ek="$engine_kept" -v vk="$vm_kept" 'BEGIN {
    sub(/_exact/, ") exact", q); if (q !~ /exact/) q = q ")"
    printf "%-10s | %10.2f %10.2f %14.2f | %10.2f %10.2f %14.2f\n", "(" q, en, vn, en / vn, ek, vk, ek / vk }'
done
