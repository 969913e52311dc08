import json,sys
for f in sys.argv[1:]:
    print("==", f)
    for r in json.load(open(f)):
        b=r['benchmark'].split('.')[-1]; p=r['primaryMetric']; s=r.get('secondaryMetrics',{})
        tc=s.get('task-clock',{}).get('score'); al=s.get('gc.alloc.rate.norm',{}).get('score')
        params=r.get('params') or {}
        print(f"{b:12s} {params} {p['score']:12.0f} ±{p['scoreError']:10.0f} {p['scoreUnit']}  cpu/line {tc*1000 if tc else float('nan'):.3f} µs  alloc {al if al else float('nan'):.0f} B")
