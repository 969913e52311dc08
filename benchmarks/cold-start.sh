#!/usr/bin/env bash
# B2: a fresh JVM from main to the first reply, Majordomo versus LangChain4j, each against the
# loopback server started in the same process (see ColdStart.java); and, for reference, the
# hand-written OkHttp + Jackson floor. The contenders alternate, so
# that a change of load hits both; one untimed run of each first warms the file cache.
#
#   benchmarks/cold-start.sh [runs]     (default 7; needs benchmarks/target/benchmarks.jar)
#
# Prints "<contender> <ms>" per run: the time from main to the first reply, and
# "<contender>-process <ms>", the whole process from launch to exit, for reference.
set -euo pipefail

runs=${1:-7}
jar="$(cd "$(dirname "$0")" && pwd)/target/benchmarks.jar"
main=dev.majordomo.benchmarks.ColdStart

for contender in majordomo langchain4j floor; do
  java -cp "$jar" "$main" "$contender" > /dev/null
done
for _ in $(seq "$runs"); do
  for contender in majordomo langchain4j floor; do
    start=$(date +%s%N)
    line=$(java -cp "$jar" "$main" "$contender")
    end=$(date +%s%N)
    echo "$line"
    echo "$contender-process $(( (end - start) / 1000000 ))"
  done
done
