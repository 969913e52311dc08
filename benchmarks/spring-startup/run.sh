#!/usr/bin/env bash
# The Spring Boot starter's start-up cost (docs/performance.md, "Spring Boot start-up"): JMH's
# SpringStartup (a cold start per forked JVM: with the starter, with the same assistants wired by
# hand, and with no assistant) and SpringRestart (warm restarts in one JVM, for reference), in one
# run.
#
#   benchmarks/spring-startup/run.sh                 both, about 7 minutes on 2 cores
#   benchmarks/spring-startup/run.sh SpringStartup   JMH's arguments instead: one class, -f 5, ...
#
# Raw results land in benchmarks/spring-startup/target/results/: jmh.json, jmh.txt and
# machine.txt (the load before and after). MAVEN_FLAGS passes flags to the build (-o offline).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

# shellcheck disable=SC2086
mvn -B -q ${MAVEN_FLAGS:-} -pl benchmarks/spring-startup -am -DskipTests package

module=benchmarks/spring-startup
out=$module/target/results
rm -rf "$out"
mkdir -p "$out"
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "nproc: $(nproc)"
  echo "load before: $(uptime)"
  java -version 2>&1
} > "$out/machine.txt"

# Not a shaded jar: Spring Boot's META-INF/spring files of every jar must stay apart. JMH's forks
# inherit this class path.
classpath="$module/target/classes:$(cat "$module/target/classpath.txt")"
args=("$@")
if [[ ${#args[@]} -eq 0 ]]; then
  args=('Spring(Startup|Restart)')
fi
java -cp "$classpath" org.openjdk.jmh.Main "${args[@]}" -rf json -rff "$out/jmh.json" |
  tee "$out/jmh.txt"

echo "load after: $(uptime)" >> "$out/machine.txt"
cat "$out/machine.txt"
