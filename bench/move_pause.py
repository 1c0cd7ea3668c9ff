#!/usr/bin/env python3
"""Measures what clients see while a shard of many tenants moves between nodes.

Creates TENANTS tenants that all hash to one shard, loads each with about BYTES_PER_TENANT
bytes, starts WRITERS clients that each insert a row into their own tenant every INTERVAL
seconds (autocommit, one connection each) and record how long each insert took, then moves
the shard to the other node through the admin console and waits until the move is done.

Prints: the move's total time, and per client the longest write stall seen while the move
ran (p50/p99/max over clients), plus the latency percentiles of all writes during the move.
Numbers only: this is a benchmark, not a test.

With auto, the target is a node that holds no copy of the shard (neither its primary nor one of
its followers); on a replicated cluster the shard's followers are first waited in sync.

usage: move_pause.py GATEWAY_PORT SHARDS TARGET_NODE|auto [TENANTS] [BYTES_PER_TENANT] [WRITERS]
env: PGPASSWORD is not used; the admin password comes from RHIZOME_ADMIN_PASSWORD.
"""
import hashlib
import os
import sys
import threading
import time

import psycopg2

port = int(sys.argv[1])
shard_count = int(sys.argv[2])
target = sys.argv[3]
tenants = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
per_tenant = int(sys.argv[5]) if len(sys.argv) > 5 else 100_000
writers = int(sys.argv[6]) if len(sys.argv) > 6 else 50
interval = 0.02
admin_password = os.environ["RHIZOME_ADMIN_PASSWORD"]


def shard_of(name):
    head = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big")
    return head % shard_count


def console():
    c = psycopg2.connect(host="127.0.0.1", port=port, dbname="rhizome", user="admin",
                         password=admin_password)
    c.autocommit = True
    return c


def tenant_conn(name):
    c = psycopg2.connect(host="127.0.0.1", port=port, dbname=name, user="app", password="pw",
                         connect_timeout=10)
    c.autocommit = True
    return c


def pct(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100.0 * (len(s) - 1))))]


names = []
i = 0
while len(names) < tenants:
    n = "mp%d" % i
    if shard_of(n) == 0:
        names.append(n)
    i += 1

admin = console()
cur = admin.cursor()
t0 = time.time()
for n in names:
    cur.execute("CREATE TENANT %s USER app PASSWORD 'pw'" % n)
print("created %d tenants on shard 0 in %.1f s" % (tenants, time.time() - t0), flush=True)

t0 = time.time()
for n in names:
    c = tenant_conn(n)
    k = c.cursor()
    k.execute("CREATE TABLE blob (b BLOB)")
    k.execute("CREATE TABLE w (seq INTEGER, at REAL)")
    k.execute("INSERT INTO blob VALUES (randomblob(%d))" % per_tenant)
    c.close()
print("loaded %.0f MB in %.1f s" % (tenants * per_tenant / 1e6, time.time() - t0), flush=True)

stop = threading.Event()
moving = threading.Event()
samples = {}  # writer -> list of (start, latency)
errors = {}


def write(idx):
    name = names[idx]
    c = tenant_conn(name)
    out = samples.setdefault(idx, [])
    seq = 0
    while not stop.is_set():
        seq += 1
        start = time.time()
        try:
            c.cursor().execute("INSERT INTO w VALUES (%s, %s)", (seq, start))
            out.append((start, time.time() - start))
        except psycopg2.Error as e:
            errors[e.pgcode] = errors.get(e.pgcode, 0) + 1
            try:
                c.close()
            except psycopg2.Error:
                pass
            c = tenant_conn(name)
        time.sleep(interval)


def shard0():
    cur.execute("SHOW SHARDS")
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall() if int(r[0]) == 0][0]


# A replicated shard's followers catch up on the loaded tenants first: the move starts from a
# steady set, as it would in production.
def followers_of(row):
    return [f.strip() for f in (row.get("followers") or "").split(",") if f.strip()]


deadline = time.time() + 300
while True:
    row = shard0()
    parts = followers_of(row)
    if len(parts) >= int(row["replication_factor"]) - 1 and all(
            "in sync" in f and "not connected" not in f for f in parts):
        break
    if time.time() > deadline:
        sys.exit("the shard's followers did not get in sync: %s" % parts)
    time.sleep(0.5)

threads = [threading.Thread(target=write, args=(k,), daemon=True) for k in range(writers)]
for t in threads:
    t.start()
time.sleep(3)

if target == "auto":
    row = shard0()
    holders = {row["node"]} | {f.split()[0] for f in followers_of(row)}
    cur.execute("SHOW NODES")
    target = [r[0] for r in cur.fetchall() if r[0] not in holders][0]
cur.execute("MOVE SHARD 0 TO '%s'" % target)
move_id = cur.fetchone()[0]
move_start = time.time()
phase = None
while phase not in ("done", "cancelled"):
    time.sleep(0.05)
    cur.execute("SHOW MOVES")
    cols = [d[0] for d in cur.description]
    for row in cur.fetchall():
        r = dict(zip(cols, row))
        if r["id"] == move_id:
            phase = r["phase"]
move_end = time.time()
time.sleep(2)
stop.set()
for t in threads:
    t.join()

during = [(s, l) for v in samples.values() for (s, l) in v if move_start <= s <= move_end]
stalls = []
for v in samples.values():
    worst = 0.0
    for (s, l) in v:
        if s + l >= move_start and s <= move_end:
            worst = max(worst, l)
    stalls.append(worst)
lat = [l for (_, l) in during]
print("move %s %s in %.2f s (%d tenants, %.0f MB)" % (move_id, phase, move_end - move_start,
                                                     tenants, tenants * per_tenant / 1e6))
print("longest write stall per client during the move (ms): p50 %.0f  p99 %.0f  max %.0f"
      % (pct(stalls, 50) * 1e3, pct(stalls, 99) * 1e3, max(stalls) * 1e3))
print("all writes during the move: %d, latency ms p50 %.1f  p99 %.1f  max %.1f"
      % (len(lat), pct(lat, 50) * 1e3, pct(lat, 99) * 1e3, max(lat) * 1e3 if lat else 0))
print("client errors by SQLSTATE: %s" % (errors or "none"))
