import re, sys, json
# Parses a PostgreSQL log (log_statement=all) into statements: [{"sql":..., "params": {...}}]
ts = re.compile(r'^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ UTC \[(\d+)\] (\w+):  (.*)$')
entries = []
cur = None
for line in open(sys.argv[1], encoding='utf-8'):
    line = line.rstrip('\n')
    m = ts.match(line)
    if m:
        cur = {"pid": m.group(1), "level": m.group(2), "text": m.group(3)}
        entries.append(cur)
    elif cur is not None:
        cur["text"] += "\n" + (line[1:] if line.startswith('\t') else line)
out = []
for e in entries:
    t = e["text"]
    if e["level"] == "LOG":
        m = re.match(r'^(?:statement|execute [^:]*|execute <unnamed>): (.*)$', t, re.S)
        if m:
            out.append({"pid": e["pid"], "sql": m.group(1), "params": None})
    elif e["level"] == "DETAIL" and out and t.startswith("parameters: "):
        out[-1]["params"] = t[len("parameters: "):]
    elif e["level"] == "ERROR":
        if out: out[-1]["error"] = t
json.dump(out, sys.stdout, indent=1)
