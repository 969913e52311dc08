#!/usr/bin/env bash
# The floor of B6: javac for run.sh's 100 interfaces with a processor that writes the least an
# implementation class per interface can hold (floor/DelegatingProcessor.java: each method one
# line handing its arguments to a stand-in runtime; no constants, decoders, tools or checks),
# against javac without a processor and with Majordomo's, in turn:
#
#   benchmarks/javac/floor.sh [runs]     (default 5 runs of each)
#
# Five compiles per run, wall and CPU (user + sys) each: without a processor; with the floor's
# processor; the interfaces plus the floor's generated sources without a processor (so the
# floor's own processor share and its generated code's share separate as in run.sh); with
# Majordomo's processor; the interfaces plus Majordomo's generated sources. The order of the five
# rotates from one round to the next. With FLOOR_RAW=<file> it writes one "<compile> <wall ms>
# <cpu ms>" line per compile to that file, in the order they ran.
set -euo pipefail
shopt -s inherit_errexit # a compile that fails inside $(...) stops the script too
cd "$(dirname "$0")/../.."
RUNS="${1:-5}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

. benchmarks/javac/agents.sh
build_classpaths

FLOOR="$WORK/floor"
mkdir -p "$FLOOR/META-INF/services"
javac -d "$FLOOR" benchmarks/javac/floor/*.java
echo floor.DelegatingProcessor >"$FLOOR/META-INF/services/javax.annotation.processing.Processor"

SRC="$WORK/src/bench"
write_agents "$SRC" 100

compile() { # $1: the compile's name, $2: output folder
  case "$1" in
    without) javac -proc:none -cp "$RUNTIME_CP" -d "$2" "$SRC"/*.java ;;
    floor) javac -cp "$RUNTIME_CP:$FLOOR" -processorpath "$FLOOR" -d "$2" -s "$2" "$SRC"/*.java ;;
    floor-generated)
      javac -proc:none -cp "$RUNTIME_CP:$FLOOR" -d "$2" "$SRC"/*.java "$WORK"/gen-floor/*.java ;;
    with) javac -cp "$RUNTIME_CP" -processorpath "$PROCESSOR_CP" -d "$2" -s "$2" "$SRC"/*.java ;;
    with-generated) javac -proc:none -cp "$RUNTIME_CP" -d "$2" "$SRC"/*.java "$WORK"/gen-with/*.java ;;
  esac
}

time_compile() { # prints "<wall ms> <cpu ms>"
  local out="$WORK/out-$1" TIMEFORMAT='%R %U %S' t
  rm -rf "$out" && mkdir -p "$out"
  if ! t=$( { time compile "$1" "$out" >"$WORK/javac.log" 2>&1; } 2>&1 ); then
    cat "$WORK/javac.log" >&2
    echo "floor.sh: the '$1' compile failed" >&2
    exit 1
  fi
  if [ -s "$WORK/javac.log" ]; then cat "$WORK/javac.log" >&2; fi
  awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' <<<"$t"
}

time_compile without >/dev/null # warm the file cache, and write both processors' sources
time_compile floor >/dev/null
time_compile with >/dev/null
mkdir -p "$WORK/gen-floor" "$WORK/gen-with"
cp "$WORK"/out-floor/bench/Majordomo_*.java "$WORK/gen-floor/"
cp "$WORK"/out-with/bench/Majordomo_*.java "$WORK/gen-with/"

NAMES=(without floor floor-generated with with-generated)
RAW="$WORK/raw"
: >"$RAW"
for round in $(seq 0 $((RUNS - 1))); do # in turn, the order rotating, so that load hits all alike
  for k in 0 1 2 3 4; do
    name=${NAMES[$(((round + k) % 5))]}
    times=$(time_compile "$name") # an assignment, so that a failed compile stops the script
    echo "$name $times" >>"$RAW"
  done
done
if [ -n "${FLOOR_RAW:-}" ]; then cp "$RAW" "$FLOOR_RAW"; fi

lines() { cat "$@" | grep -cv '^[[:space:]]*$'; }
echo "javac, 100 assistant interfaces, $RUNS runs of each ($(javac -version 2>&1)); medians, ms"
echo "  non-blank generated lines per interface: floor $(( $(lines "$WORK"/gen-floor/*.java) / 100 )), Majordomo $(( $(lines "$WORK"/gen-with/*.java) / 100 ))"
awk '
  { wall[$1] = wall[$1] " " $2; cpu[$1] = cpu[$1] " " $3 }
  function median(list,   a, n, i, j, t) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  END {
    split("without floor floor-generated with with-generated", names, " ")
    for (k = 1; k <= 5; k++) { w[k] = median(wall[names[k]]); c[k] = median(cpu[names[k]])
      printf "  %-16s wall %6d  CPU %6d   (CPU:%s)\n", names[k], w[k], c[k], cpu[names[k]] }
    printf "  ratio to without, CPU (wall): floor %.2f (%.2f), Majordomo %.2f (%.2f)\n", c[2] / c[1], w[2] / w[1], c[4] / c[1], w[4] / w[1]
    printf "  floor: generated code %.2f, processor %.2f of without (CPU)\n", (c[3] - c[1]) / c[1], (c[2] - c[3]) / c[1]
    printf "  Majordomo: generated code %.2f, processor %.2f of without (CPU)\n", (c[5] - c[1]) / c[1], (c[4] - c[5]) / c[1]
  }' "$RAW"
awk '
  { round = int((NR - 1) / 5); cpu[round, $1] = $3 }
  function median(a, n,   i, j, t) {
    for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  END {
    rounds = int(NR / 5)
    for (r = 0; r < rounds; r++) {
      f[r + 1] = cpu[r, "floor"] / cpu[r, "without"]; w[r + 1] = cpu[r, "with"] / cpu[r, "without"]
      fl = fl sprintf(" %.2f", f[r + 1]); wl = wl sprintf(" %.2f", w[r + 1])
    }
    printf "  paired by round, CPU ratio to without: floor%s -> median %.2f\n", fl, median(f, rounds)
    printf "  paired by round, CPU ratio to without: Majordomo%s -> median %.2f\n", wl, median(w, rounds)
  }' "$RAW"
