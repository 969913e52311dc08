#!/bin/bash
# B4, interleaved single-fork JMH runs: the floor, Majordomo before (base runtime classes first on
# the class path) and after, 2 rounds; CPU per line from perfnorm task-clock, bytes from -prof gc.
BENCH=${BENCH:-benchmarks/target/benchmarks.jar}
BASE=${BASE:?runtime classes of the base commit}
NEW=${NEW:?runtime classes of the branch}
for round in 1 2; do
  for v in floor base new; do
    case $v in floor) cp=$NEW:$BENCH; b=floor;; base) cp=$BASE:$BENCH; b=majordomo;; new) cp=$NEW:$BENCH; b=majordomo;; esac
    echo "round $round $v $(date -u +%T) $(uptime)"
    java -Djmh.ignoreLock=true -cp "$cp" org.openjdk.jmh.Main "Streaming.$b\$" -f 1 -wi 5 -w 2s -i 4 -r 2s \
      -prof 'perfnorm:events=task-clock' -prof gc -rf json -rff "$v-$round.json" > "$v-$round.txt" 2>&1
  done
done
echo "end $(date -u +%T) $(uptime)"
