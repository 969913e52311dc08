#!/usr/bin/env bash
# javac time for 100 generated assistant interfaces, with and without the Majordomo processor.
#
#   benchmarks/javac/run.sh [runs]        (default 5 runs of each; prints the medians and ratio)
#
# Builds the modules it needs (offline), writes 100 interfaces (each: 4 assistant methods — text,
# record, list, Reply — a record with a nested record and an enum, a default-method tool), then
# times `javac -proc:none` against `javac -processorpath <processor>` on the same sources. Both
# include JVM start-up; the processor run also compiles the 100 generated classes, so a third
# measurement compiles the interfaces plus the already generated sources without the processor:
# the difference between it and the processor run is the processor's own cost.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS="${1:-5}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

mvn -B -q -o -pl majordomo-processor -am compile \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null
RUNTIME_CP="majordomo-annotations/target/classes:majordomo-runtime/target/classes:$(cat majordomo-runtime/target/classpath.txt)"
PROCESSOR_CP="majordomo-processor/target/classes:$(cat majordomo-processor/target/classpath.txt)"

SRC="$WORK/src/bench"
mkdir -p "$SRC"
for i in $(seq -w 1 100); do
  cat >"$SRC/Agent$i.java" <<JAVA
package bench;

import dev.majordomo.Reply;
import dev.majordomo.annotations.*;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

@Llm(chain = "fast,openai/gpt-4o-mini")
@SystemPrompt("You are assistant number $i.")
public interface Agent$i {
  @Prompt("Plan a day in {{city}}. Answer in {{language}}.")
  String plan(String city, String language);

  @Prompt("Build a {{days}}-day itinerary for {{city}}.")
  Itinerary itinerary(String city, int days);

  @Options(temperature = 0.1, maxTokens = 200)
  List<String> ideas(String topic);

  Reply<Mood> mood(String text);

  @Tool("The local time in a time zone.")
  default String now(@Description("an IANA zone") String zone) {
    return zone;
  }

  record Itinerary(String city, List<Day> days, Optional<String> note) {}

  record Day(int number, LocalDate date, List<String> places, Mood mood) {}

  enum Mood { CALM, BUSY }
}
JAVA
done

now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

time_javac() { # $1: without|with
  local out="$WORK/out-$1"
  rm -rf "$out" && mkdir -p "$out"
  local start end
  start=$(now_ms)
  if [ "$1" = without ]; then
    javac -proc:none -cp "$RUNTIME_CP" -d "$out" "$SRC"/*.java
  elif [ "$1" = pregenerated ]; then
    javac -proc:none -cp "$RUNTIME_CP" -d "$out" "$SRC"/*.java "$WORK"/generated/bench/*.java
  else
    javac -cp "$RUNTIME_CP" -processorpath "$PROCESSOR_CP" -d "$out" -s "$out" "$SRC"/*.java
  fi
  end=$(now_ms)
  echo $((end - start))
}

time_javac without >/dev/null # warm the file cache
time_javac with >/dev/null
mkdir -p "$WORK/generated/bench" && cp "$WORK"/out-with/bench/Majordomo_*.java "$WORK/generated/bench/"
WITHOUT=(); WITH=(); PRE=()
for _ in $(seq "$RUNS"); do
  WITHOUT+=("$(time_javac without)")
  WITH+=("$(time_javac with)")
  PRE+=("$(time_javac pregenerated)")
done
M_WITHOUT=$(printf '%s\n' "${WITHOUT[@]}" | median)
M_WITH=$(printf '%s\n' "${WITH[@]}" | median)
M_PRE=$(printf '%s\n' "${PRE[@]}" | median)
GENERATED=$(find "$WORK/out-with" -name 'Majordomo_*.java' | wc -l)

echo "javac, 100 assistant interfaces, $RUNS runs each ($(javac -version 2>&1))"
echo "  without processor: ${WITHOUT[*]} ms  -> median ${M_WITHOUT} ms"
echo "  with processor:    ${WITH[*]} ms  -> median ${M_WITH} ms  ($GENERATED classes generated)"
echo "  without processor, interfaces + generated sources: ${PRE[*]} ms  -> median ${M_PRE} ms"
awk -v a="$M_WITH" -v b="$M_WITHOUT" -v p="$M_PRE" 'BEGIN {
  printf "  ratio with/without: %.2f; with/pregenerated (the processor overhead): %.2f\n", a / b, a / p }'
