#!/usr/bin/env bash
# javac time for 100 generated assistant interfaces, with and without the Majordomo processor.
#
#   benchmarks/javac/run.sh [runs]        (default 5 runs of each; prints the medians and ratio)
#
# With JAVAC_RAW=<file> it also writes one "<without|with|generated> <ms>" line per run (wall time)
# and one "cpu-<without|with|generated> <ms>" line (CPU time, user + sys: what a loaded machine
# moves much less) to that file, for benchmarks/run.sh's report (B6 of docs/performance.md).
#
# Builds the modules it needs (offline), writes 100 interfaces (agents.sh: each has 4 assistant
# methods — text, record, list, Reply — a record with a nested record and an enum, a tool), then
# times `javac -proc:none` against `javac -processorpath <processor>` on the same sources. Both
# include JVM start-up; the processor run also compiles the 100 generated classes, so a third
# measurement compiles the interfaces plus the already generated sources without the processor:
# the difference between it and the processor run is the processor's own cost, and the difference
# between it and the plain compile is the generated code's. The three alternate, run after run.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS="${1:-5}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

. benchmarks/javac/agents.sh
build_classpaths

SRC="$WORK/src/bench"
write_agents "$SRC" 100

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

time_javac() { # $1: without|with|pregenerated; prints "<wall ms> <cpu ms>" (CPU: user + sys)
  local out="$WORK/out-$1" TIMEFORMAT='%R %U %S' t
  rm -rf "$out" && mkdir -p "$out"
  t=$( { time javac_run "$1" "$out" >"$WORK/javac.log" 2>&1; } 2>&1 )
  awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' <<<"$t"
}

javac_run() {
  if [ "$1" = without ]; then
    javac -proc:none -cp "$RUNTIME_CP" -d "$2" "$SRC"/*.java
  elif [ "$1" = pregenerated ]; then
    javac -proc:none -cp "$RUNTIME_CP" -d "$2" "$SRC"/*.java "$WORK"/generated/bench/*.java
  else
    javac -cp "$RUNTIME_CP" -processorpath "$PROCESSOR_CP" -d "$2" -s "$2" "$SRC"/*.java
  fi
}

time_javac without >/dev/null # warm the file cache
time_javac with >/dev/null
if [ -s "$WORK/javac.log" ]; then cat "$WORK/javac.log" >&2; fi
mkdir -p "$WORK/generated/bench" && cp "$WORK"/out-with/bench/Majordomo_*.java "$WORK/generated/bench/"
WITHOUT=(); WITH=(); PRE=(); C_WITHOUT=(); C_WITH=(); C_PRE=()
for _ in $(seq "$RUNS"); do # interleaved, so that a change of load hits all three alike
  read -r w c <<<"$(time_javac without)"; WITHOUT+=("$w"); C_WITHOUT+=("$c")
  read -r w c <<<"$(time_javac with)"; WITH+=("$w"); C_WITH+=("$c")
  read -r w c <<<"$(time_javac pregenerated)"; PRE+=("$w"); C_PRE+=("$c")
done
if [ -n "${JAVAC_RAW:-}" ]; then
  {
    printf 'without %s\n' "${WITHOUT[@]}"
    printf 'with %s\n' "${WITH[@]}"
    printf 'generated %s\n' "${PRE[@]}"
    printf 'cpu-without %s\n' "${C_WITHOUT[@]}"
    printf 'cpu-with %s\n' "${C_WITH[@]}"
    printf 'cpu-generated %s\n' "${C_PRE[@]}"
  } > "$JAVAC_RAW"
fi
med() { printf '%s\n' "$@" | median; }
GENERATED=$(find "$WORK/out-with" -name 'Majordomo_*.java' | wc -l)

echo "javac, 100 assistant interfaces, $RUNS runs each ($(javac -version 2>&1)); ms, wall / CPU (user + sys)"
report() { # $1: label, $2: name of the wall array, $3: name of the CPU array
  local -n wall="$2" cpu="$3"
  echo "  $1: wall ${wall[*]} -> median $(med "${wall[@]}"); CPU ${cpu[*]} -> median $(med "${cpu[@]}")"
}
report "without processor              " WITHOUT C_WITHOUT
report "with processor ($GENERATED generated)  " WITH C_WITH
report "without, + generated sources   " PRE C_PRE
shares() { # $1: without, $2: with, $3: pregenerated, $4: what
  awk -v b="$1" -v a="$2" -v p="$3" -v what="$4" 'BEGIN {
    printf "  %s: with/without %.2f; the generated code'"'"'s share (pregenerated - without) %.2f of without; the processor'"'"'s own share (with - pregenerated) %.2f of without\n", what, a / b, (p - b) / b, (a - p) / b }'
}
shares "$(med "${WITHOUT[@]}")" "$(med "${WITH[@]}")" "$(med "${PRE[@]}")" wall
shares "$(med "${C_WITHOUT[@]}")" "$(med "${C_WITH[@]}")" "$(med "${C_PRE[@]}")" "CPU "
