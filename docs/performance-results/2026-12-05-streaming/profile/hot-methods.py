# Aggregates `jfr print --events jdk.ExecutionSample` output: self and inclusive % per method,
# for samples of threads whose name matches argv[2].
import sys, re, collections
text = open(sys.argv[1]).read()
thread_filter = sys.argv[2] if len(sys.argv) > 2 else None
events = text.split('jdk.ExecutionSample {')
self_c = collections.Counter(); incl = collections.Counter(); n = 0
for ev in events[1:]:
    m = re.search(r'sampledThread = "([^"]*)"', ev)
    if thread_filter and (not m or not re.search(thread_filter, m.group(1))):
        continue
    frames = re.findall(r'^\s+([\w.$<>/]+)\(', ev.split('stackTrace = [',1)[-1], re.M)
    if not frames: continue
    n += 1
    self_c[frames[0]] += 1
    for f in set(frames): incl[f] += 1
print("samples", n)
print("== self")
for f, c in self_c.most_common(int(sys.argv[3]) if len(sys.argv) > 3 else 40): print(f"{100*c/n:5.1f}% {f}")
print("== inclusive")
for f, c in incl.most_common(int(sys.argv[4]) if len(sys.argv) > 4 else 60): print(f"{100*c/n:5.1f}% {f}")
