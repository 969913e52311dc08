#!/bin/bash
# Interleaved single-fork runs of the B4 contenders: floor, majordomo, raw, 3 rounds.
JAR=${JAR:-benchmarks/target/benchmarks.jar}
for round in 1 2 3; do
  for b in floor majordomo raw; do
    echo "round $round $b $(date -u +%T) $(uptime)"
    java -Djmh.ignoreLock=true -jar "$JAR" "Streaming.$b\$" -f 1 -wi 3 -w 2s -i 4 -r 2s \
      -prof 'perfnorm:events=task-clock' -prof gc -rf json -rff "$b-$round.json" > "$b-$round.txt" 2>&1
  done
done
echo "end $(date -u +%T) $(uptime)"
