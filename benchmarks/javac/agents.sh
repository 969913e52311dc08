# Sourced by run.sh, lines.sh and floor.sh, from the repository's root.
#
# build_classpaths compiles the processor and the runtime (offline) and sets RUNTIME_CP (what the
# interfaces and the generated code compile against) and PROCESSOR_CP (the processor's path).
build_classpaths() {
  mvn -B -q -o -pl majordomo-processor,majordomo-runtime -am compile \
    dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null
  RUNTIME_CP="majordomo-annotations/target/classes:majordomo-runtime/target/classes:$(cat majordomo-runtime/target/classpath.txt)"
  PROCESSOR_CP="majordomo-processor/target/classes:$(cat majordomo-processor/target/classpath.txt)"
}

# write_agents DIR COUNT writes COUNT assistant interfaces
# (bench.Agent001, ...) into DIR, each with four assistant methods — text, record, list, Reply of an
# enum — a record with a nested record and an enum, and a default-method tool.
write_agents() {
  local dir="$1" count="$2" i
  mkdir -p "$dir"
  for i in $(seq -f '%03g' 1 "$count"); do
    cat >"$dir/Agent$i.java" <<JAVA
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
}
