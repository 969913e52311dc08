#!/usr/bin/env bash
# B6: javac's time for 100 assistant interfaces (and one tool class) with and without the
# Majordomo annotation processor. Both compile against the same class path; "with" adds the
# processor path, so javac also writes and compiles the 100 generated implementations.
#
#   benchmarks/javac-bench.sh [runs]     (default 5; needs `mvn -pl benchmarks -am package`)
#
# Prints "without <ms>" and "with <ms>" per run (wall time of a fresh javac process), and
# "generated <ms>": no processor, but the processor's output added as sources. "generated" minus
# "without" is what compiling the generated code costs; "with" minus "generated", the processor's
# own work.
set -euo pipefail

runs=${1:-5}
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/target/benchmarks.jar"
processor_path="$(cat "$here/target/processor.classpath"):$jar"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
src="$work/src/gen"
mkdir -p "$src"

cat > "$src/Tools.java" <<'JAVA'
package gen;

import dev.majordomo.annotations.Description;
import dev.majordomo.annotations.Tool;

public class Tools {
  @Tool("Current weather for a city.")
  public String weather(@Description("City name") String city) {
    return "sunny in " + city;
  }

  @Tool("Local time in a time zone.")
  public String time(String zone, int offsetMinutes) {
    return "12:00 " + zone;
  }
}
JAVA

for i in $(seq 1 100); do
  cat > "$src/Assistant$i.java" <<JAVA
package gen;

import dev.majordomo.annotations.Llm;
import dev.majordomo.annotations.Options;
import dev.majordomo.annotations.Prompt;
import dev.majordomo.annotations.SystemPrompt;
import java.util.List;
import java.util.Optional;

@Llm(chain = "fast,thinking")
@SystemPrompt("You are assistant number $i. Be brief.")
public interface Assistant$i {
  @Prompt("Summarise {{text}} in at most {{words}} words.")
  String summarise(String text, int words);

  @Options(temperature = 0.2)
  @Prompt("List the people named in {{text}}.")
  List<Person> people(String text);

  @Llm(tools = Tools.class)
  @Prompt("Plan a day in {{city}} for {{traveller.name}}.")
  Plan plan(String city, Person traveller);

  String ask(String question);

  record Person(String name, Optional<Integer> age) {}

  record Plan(String city, List<String> stops, boolean umbrella) {}
}
JAVA
done

compile() {
  rm -rf "$work/out" "$work/generated"
  mkdir -p "$work/out" "$work/generated"
  case "$1" in
    with) javac -processorpath "$processor_path" -s "$work/generated" -cp "$jar" -d "$work/out" "$src"/*.java ;;
    without) javac -proc:none -cp "$jar" -d "$work/out" "$src"/*.java ;;
    generated) javac -proc:none -cp "$jar" -d "$work/out" "$src"/*.java "$work/kept"/*.java ;;
  esac
}

# One untimed run of each warms the file cache; then check the processor did its work.
# The processor's output is kept for the "generated" runs.
compile without
compile with
generated=$(find "$work/out" -name 'Majordomo_Assistant*.class' ! -name '*$*' | wc -l)
if [ "$generated" -ne 100 ]; then
  echo "expected 100 generated assistants, found $generated" >&2
  exit 1
fi
mkdir -p "$work/kept"
cp "$work/generated"/gen/*.java "$work/kept/"
compile generated

for _ in $(seq "$runs"); do
  for mode in without with generated; do
    start=$(date +%s%N)
    compile "$mode"
    end=$(date +%s%N)
    echo "$mode $(( (end - start) / 1000000 ))"
  done
done
