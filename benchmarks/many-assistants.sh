#!/usr/bin/env bash
# Start-up with many assistants: a fresh JVM from main to the first reply (see ManyAssistants.java)
# with 1, 100 and 1,000 generated assistant interfaces on the class path, each started two ways:
# creating only the assistant it calls (one) and creating every assistant of the index (all). Then
# the heap, metaspace and classes the idle process holds after System.gc().
#
#   benchmarks/many-assistants.sh [runs] [sizes]   (default 7 runs; sizes "1 100 1000";
#                                                   needs benchmarks/target/benchmarks.jar)
#
# The interfaces are written here and compiled with the Majordomo processor into a class folder
# per size (nothing generated is committed). The runs alternate sizes and modes, so that a change
# of load hits all of them; one untimed run of each first warms the file cache. Prints every run's
# line, then the medians. With MANY_RAW=<file> it also writes the run lines to that file.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-7}"
SIZES="${2:-1 100 1000}"
JAR="$PWD/benchmarks/target/benchmarks.jar"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

if [ ! -f majordomo-processor/target/classpath.txt ] || [ ! -d majordomo-processor/target/classes ]; then
  mvn -B -q -o -pl majordomo-processor -am compile \
    dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null
fi
PROCESSOR_CP="majordomo-processor/target/classes:$(cat majordomo-processor/target/classpath.txt)"

write_interfaces() { # $1: count, $2: source folder
  mkdir -p "$2/bench"
  for i in $(seq -f '%04g' 1 "$1"); do
    cat >"$2/bench/Agent$i.java" <<JAVA
package bench;

import dev.majordomo.annotations.*;
import java.util.List;

@Llm(chain = "bench")
@SystemPrompt("You are assistant number $i.")
public interface Agent$i {
  String ask(String question);

  @Prompt("Summarise {{text}} in at most {{words}} words.")
  Summary summarise(String text, int words);

  Mood mood(String text);

  record Summary(String title, List<String> points) {}

  enum Mood { CALM, BUSY }
}
JAVA
  done
}

for n in $SIZES; do
  write_interfaces "$n" "$WORK/src-$n"
  mkdir -p "$WORK/classes-$n"
  start=$(date +%s%3N)
  javac -cp "$JAR" -processorpath "$PROCESSOR_CP" -d "$WORK/classes-$n" \
    "$WORK/src-$n"/bench/*.java
  echo "# compiled $n interfaces with the processor in $(( $(date +%s%3N) - start )) ms" \
    "($(find "$WORK/classes-$n" -name 'Majordomo_*.class' | wc -l) generated classes)"
done

run() { # $1: size, $2: mode
  java -cp "$JAR:$WORK/classes-$1" dev.majordomo.benchmarks.ManyAssistants "$2" bench bench.Agent0001
}

for n in $SIZES; do
  for mode in one all; do
    run "$n" "$mode" >/dev/null
  done
done
LINES="$WORK/lines.txt"
for _ in $(seq "$RUNS"); do
  for n in $SIZES; do
    for mode in one all; do
      run "$n" "$mode" | tee -a "$LINES"
    done
  done
done
if [ -n "${MANY_RAW:-}" ]; then
  cp "$LINES" "$MANY_RAW"
fi

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "medians of $RUNS runs ($(java -version 2>&1 | head -1)):"
for n in $SIZES; do
  for mode in one all; do
    line="  $mode n=$n"
    for key in total registry create call mainCpu processCpu heapKB metaspaceKB classes; do
      value=$(grep "^$mode n=$n " "$LINES" | tr ' ' '\n' | grep "^$key=" | cut -d= -f2 | median)
      line="$line $key=$value"
    done
    echo "$line"
  done
done
