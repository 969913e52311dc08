#!/usr/bin/env bash
# Runs the benchmarks B1–B6 of docs/performance.md in one go and prints the results table.
# B7 (JdbcStore), B8 (Memory) and B9 (Telemetry) have sections of their own there and are run on
# their own.
#
#   benchmarks/run.sh          the full run (about 15 minutes on 2 cores)
#   benchmarks/run.sh quick    a smoke run with tiny iteration counts (a couple of minutes);
#                              its numbers mean nothing
#
# Raw results land in benchmarks/target/results/: jmh.json and jmh.txt (B1, B3, B4, B5),
# cold-start.txt (B2), javac.txt (B6, from benchmarks/javac/run.sh), machine.txt and table.md.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

mode=${1:-full}
case "$mode" in
  full) jmh_opts=(); runs=7; javac_runs=5 ;;
  quick) jmh_opts=(-f 1 -wi 1 -w 1s -i 1 -r 1s); runs=3; javac_runs=2 ;;
  *) echo "usage: $0 [quick]" >&2; exit 2 ;;
esac

mvn -B -q -pl benchmarks -am -DskipTests package

jar=benchmarks/target/benchmarks.jar
out=benchmarks/target/results
rm -rf "$out"
mkdir -p "$out"

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "nproc: $(nproc)"
  echo "load before: $(uptime)"
  free -h
  java -version 2>&1
} > "$out/machine.txt"

# CPU time per operation (every thread of the benchmark JVM, server included) is a cross-check
# that a busy machine moves much less than wall time; it needs Linux perf.
profilers=(-prof gc)
if perf stat -e task-clock true > /dev/null 2>&1; then
  profilers+=(-prof 'perfnorm:events=task-clock')
fi

java -jar "$jar" -e 'JdbcStore|Memory|Telemetry' "${jmh_opts[@]}" "${profilers[@]}" -rf json -rff "$out/jmh.json" | tee "$out/jmh.txt"
benchmarks/cold-start.sh "$runs" | tee "$out/cold-start.txt"
JAVAC_RAW="$out/javac.txt" benchmarks/javac/run.sh "$javac_runs"

echo "load after: $(uptime)" >> "$out/machine.txt"
echo
cat "$out/machine.txt"
echo
java -cp "$jar" dev.majordomo.benchmarks.Report "$out" | tee "$out/table.md"
