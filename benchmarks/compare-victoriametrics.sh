#!/usr/bin/env bash
# Loads one line-protocol file over TCP into Engine and into VictoriaMetrics on this machine, each
# fresh, with the same load tool, and prints samples/s as committed by each server, samples per
# server CPU-second, peak RSS, and Engine's ratio to VictoriaMetrics. See benchmarks/README.md.
#
# usage: benchmarks/compare-victoriametrics.sh [FILE (default cpu.lp)] [CONNECTIONS (default 4)] [RUNS (default 1)]
# needs: the .NET SDK, and VictoriaMetrics (apt-get install -y victoria-metrics)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
file=$(realpath "${1:-cpu.lp}")
connections=${2:-4}
runs=${3:-1}
vm_http=${VM_HTTP_PORT:-18428}
vm_influx=${VM_INFLUX_PORT:-18089}

command -v victoria-metrics >/dev/null || { echo "victoria-metrics not found: apt-get install -y victoria-metrics" >&2; exit 2; }
[ -f "$file" ] || { echo "$file not found: dotnet run -c Release --project benchmarks/Engine.DataGen -- cpu --out cpu.lp" >&2; exit 2; }

dotnet build -c Release "$repo/src/Server" -v quiet -nologo >/dev/null
dotnet build -c Release "$repo/benchmarks/Engine.LoadTool" -v quiet -nologo >/dev/null
engine=("dotnet" "$repo/src/Server/bin/Release/net10.0/engine.dll")
loadtool=("dotnet" "$repo/benchmarks/Engine.LoadTool/bin/Release/net10.0/loadtool.dll")
work=$(mktemp -d /tmp/engine-vs-vm.XXXXXX)
server=""
trap '[ -n "$server" ] && kill -KILL "$server" 2>/dev/null; rm -rf "$work"' EXIT

# Waits until the started server is up: $1 is a command that succeeds once it is.
wait_until() {
  for _ in $(seq 300); do
    if eval "$1"; then return 0; fi
    kill -0 "$server" 2>/dev/null || { echo "server exited while starting:" >&2; cat "$work"/*.err >&2; exit 1; }
    sleep 0.1
  done
  echo "server did not start within 30 s" >&2; exit 1
}

stop_server() {
  kill -TERM "$server"
  wait "$server" || true
  server=""
}

# Prints the load tool's "result key=value ..." line of one Engine run.
run_engine() {
  rm -rf "$work/engine"
  "${engine[@]}" serve --data "$work/engine" --tcp 127.0.0.1:0 --http 127.0.0.1:0 >"$work/engine.out" 2>"$work/engine.err" &
  server=$!
  wait_until "grep -qx ready '$work/engine.out'"
  local tcp http
  tcp=$(awk '$1 == "listening" && $2 == "tcp" {print $3}' "$work/engine.out")
  http=$(awk '$1 == "listening" && $2 == "http" {print $3}' "$work/engine.out")
  "${loadtool[@]}" tcp --file "$file" -n "$connections" --server-pid "$server" --tcp "$tcp" \
    --metrics "$http/metrics" --committed-metric engine_samples_committed_total >"$work/run.out"
  stop_server
  grep '^result ' "$work/run.out"
}

# VictoriaMetrics counts rows as it adds them to its in-memory buffers; /internal/force_flush makes
# them durable, and the timed run includes it. The retention covers the dataset's 2016 timestamps.
run_vm() {
  rm -rf "$work/vm"
  victoria-metrics -storageDataPath="$work/vm" -retentionPeriod=100y -httpListenAddr="127.0.0.1:$vm_http" \
    -influxListenAddr="127.0.0.1:$vm_influx" -loggerLevel=ERROR >"$work/vm.out" 2>"$work/vm.err" &
  server=$!
  wait_until "curl -sf http://127.0.0.1:$vm_http/health >/dev/null"
  "${loadtool[@]}" tcp --file "$file" -n "$connections" --server-pid "$server" --tcp "127.0.0.1:$vm_influx" \
    --metrics "http://127.0.0.1:$vm_http/metrics" --committed-metric vm_rows_added_to_storage_total \
    --flush-url "http://127.0.0.1:$vm_http/internal/force_flush" >"$work/run.out"
  stop_server
  grep '^result ' "$work/run.out"
}

field() { tr ' ' '\n' <<<"$1" | awk -F= -v key="$2" '$1 == key {print $2}'; }

printf '%s, %s TCP connections, %s run(s) each, alternating; machine load before: %s\n' \
  "$(basename "$file")" "$connections" "$runs" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-4s %-16s %12s %14s %10s %12s\n' run server samples/s CPU-s samples/CPU-s "peak RSS MiB"
for run in $(seq "$runs"); do
  engine_result=$(run_engine)
  vm_result=$(run_vm)
  for pair in "Engine:$engine_result" "VictoriaMetrics:$vm_result"; do
    name=${pair%%:*} result=${pair#*:}
    printf '%-4s %-16s %12s %14s %10s %12s\n' "$run" "$name" "$(field "$result" samples_per_second)" \
      "$(field "$result" cpu_seconds)" "$(field "$result" samples_per_cpu_second)" \
      "$(awk -v b="$(field "$result" peak_rss_bytes)" 'BEGIN {printf "%.0f", b / 1048576}')"
  done
  awk -v es="$(field "$engine_result" samples_per_second)" -v vs="$(field "$vm_result" samples_per_second)" \
      -v ec="$(field "$engine_result" samples_per_cpu_second)" -v vc="$(field "$vm_result" samples_per_cpu_second)" \
      -v er="$(field "$engine_result" peak_rss_bytes)" -v vr="$(field "$vm_result" peak_rss_bytes)" -v run="$run" \
      'BEGIN {printf "%-4s Engine / VM: %.2fx samples/s, %.2fx samples per CPU-second, %.2fx peak RSS\n", run, es / vs, ec / vc, er / vr}'
done
