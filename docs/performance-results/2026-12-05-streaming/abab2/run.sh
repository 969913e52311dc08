#!/bin/bash
# Interleaved single-fork runs of the B4 contenders: floor, majordomo, raw, 3 rounds.
JAR=${JAR:-benchmarks/target/benchmarks.jar}
for round in 1 2; do
  for b in floor majordomo; do
    echo "round $round $b $(date -u +%T) $(uptime)"
    java -Djmh.ignoreLock=true -jar "$JAR" "Streaming.$b\$" -f 1 -wi 6 -w 3s -i 4 -r 3s \
      -prof 'perfnorm:events=task-clock' -prof gc -rf json -rff "$b-$round.json" > "$b-$round.txt" 2>&1
  done
done
echo "end $(date -u +%T) $(uptime)"
