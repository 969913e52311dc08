# Splits the calling thread's JFR execution samples into what a line's cost is made of.
# Each sample goes to the first rule (leaf to root, rules in order) whose frame it holds.
import sys, re, collections
text = open(sys.argv[1]).read()
rules = [l.split('=',1) for l in sys.argv[2].split(';')]
counts = collections.Counter(); n = 0
for ev in text.split('jdk.ExecutionSample {')[1:]:
    m = re.search(r'sampledThread = "([^"]*)"', ev)
    if not m or 'jmh-worker' not in m.group(1): continue
    frames = re.findall(r'^\s+([\w.$<>/]+)\(', ev.split('stackTrace = [',1)[-1], re.M)
    if any('Streaming.setUp' in f or 'jmh_generated' in f and 'tryInit' in f for f in frames): continue
    if not frames: continue
    n += 1
    label = 'other'
    for name, pats in rules:
        if any(any(f.endswith(p) for p in pats.split(',')) for f in frames):
            label = name; break
    counts[label] += 1
print("samples", n)
for k, c in counts.most_common(): print(f"{100*c/n:5.1f}%  {k}")
