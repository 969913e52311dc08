#!/usr/bin/env bash
# Lines of generated code per assistant method, per decoded record and per tool, for B6 of
# docs/performance.md:
#
#   benchmarks/javac/lines.sh
#
# Runs the processor on one of run.sh's interfaces (agents.sh) and splits the generated class into
# its members: an assistant method `m` owns the method and its constants (M, M_SCHEMA, M_DECODER),
# a record `R` its decoder (decodeR), a tool `t` its TOOL_T and invokeT; the rest (package,
# imports, Javadoc, fields, constructor, shared constants) is per class. Blank lines are not
# counted.
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

. benchmarks/javac/agents.sh
build_classpaths

write_agents "$WORK/src/bench" 1
javac -cp "$RUNTIME_CP" -processorpath "$PROCESSOR_CP" -d "$WORK/out" -s "$WORK/out" \
  "$WORK"/src/bench/*.java
GENERATED="$WORK/out/bench/Majordomo_Agent001.java"

# A member starts on a line indented by exactly two spaces (not a closing brace) and runs to the
# next one; its name is the field's or the method's.
awk '
  function owner(name,   lower) {
    if (name ~ /^decode/) return "record " substr(name, 7)
    if (name ~ /^TOOL_/) { lower = tolower(substr(name, 6)); return "tool " lower }
    if (name ~ /^invoke/) return "tool " tolower(substr(name, 7, 1)) substr(name, 8)
    lower = tolower(name); sub(/_(schema|decoder)$/, "", lower)
    if (lower in methods) return "method " lower
    return "per class"
  }
  BEGIN {
    split("plan itinerary ideas mood", m, " "); for (k in m) methods[m[k]] = 1
    kind["plan"] = "String"; kind["itinerary"] = "a record"; kind["ideas"] = "List<String>"
    kind["mood"] = "Reply<enum>"
  }
  /^  [^ }]/ {
    line = $0
    if (line ~ /\(/ && line !~ / = /) { sub(/\(.*/, "", line); n = split(line, w, " "); current = owner(w[n]) }
    else if (line ~ /^  private (static )?final /) { sub(/ =.*/, "", line); sub(/;$/, "", line); n = split(line, w, " "); current = owner(w[n]) }
    else current = "per class"
    if (current ~ /^method/ && !(current in seen)) { seen[current] = 1; order[++count] = current }
  }
  /^  }$/ && inbody { lines[current]++; current = "per class"; next }
  /^public final class/ { inbody = 1; lines["per class"]++; next }
  NF == 0 { next }
  { lines[inbody ? current : "per class"]++; total++ }
  END {
    for (k in lines) if (k != "per class") {
      label = k; split(k, p, " ")
      if (p[1] == "method") label = k " (" kind[p[2]] ")"
      printf "  %-32s %4d lines\n", label, lines[k]
    }
    printf "  %-32s %4d lines\n", "per class", lines["per class"]
  }
' "$GENERATED" | sort
echo "  total (non-blank)                $(grep -cv '^$' "$GENERATED") lines; with blank lines $(wc -l <"$GENERATED")"
