#!/usr/bin/env python3
"""Failover time seen by a client: an auto-commit writer INSERTs into one tenant every 5 ms through
the gateway; the primary of that tenant's shard is killed (SIGKILL); the time from the last
acknowledged INSERT before the kill to the first one after is one sample. The killed node is
restarted on its data and the shard brought back to two in-sync copies before the next kill.
Prints p50, p99 and max over the kills; numbers only.

usage: failover_time.py GATEWAY_PORT KILLS JAR ETCD_PORT WORKDIR LEASE_TTL NODE:PID:PORT...
"""
import os
import re
import signal
import subprocess
import sys
import threading
import time

import psycopg2

gw, kills, jar, etcd_port, work, lease = sys.argv[1:7]
gw, kills = int(gw), int(kills)
nodes = {}
for spec in sys.argv[7:]:
    name, pid, port = spec.split(":")
    nodes[name] = {"pid": int(pid), "port": int(port), "proc": None}
admin = os.environ["RHIZOME_ADMIN_PASSWORD"]
IN_SYNC = re.compile(r"n\d in sync( \(\d+ tenants behind\))?")


def console():
    c = psycopg2.connect(host="127.0.0.1", port=gw, dbname="rhizome", user="admin",
                         password=admin, connect_timeout=5)
    c.autocommit = True
    return c


def rows(sql):
    # Not `with connection`: psycopg2 2.9 then sends BEGIN, which the admin console refuses.
    c = console()
    try:
        with c.cursor() as cur:
            cur.execute(sql)
            names = [d[0] for d in cur.description]
            return [dict(zip(names, r)) for r in cur.fetchall()]
    finally:
        c.close()


def primary_of(tenant):
    return rows("SHOW PLACEMENT " + tenant)[0]["node"]


def fully_replicated():
    live = {r["id"] for r in rows("SHOW NODES") if r["state"] == "up"}
    for s in rows("SHOW SHARDS"):
        f = s["followers"]
        # one connected follower in sync; frames in flight may count it a few tenants behind
        if not (IN_SYNC.fullmatch(f) and f[:2] in live and s["node"] in live):
            return False
    return True


acks = []
stop = False


def writer():
    conn = None
    i = 0
    while not stop:
        i += 1
        try:
            if conn is None:
                conn = psycopg2.connect(host="127.0.0.1", port=gw, dbname="w1", user="app",
                                        password="bench", connect_timeout=10)
                conn.autocommit = True
            conn.cursor().execute("INSERT INTO log (v, at) VALUES (%s, 0)", (i,))
            acks.append(time.monotonic())
        except psycopg2.Error:
            try:
                if conn is not None:
                    conn.close()
            except psycopg2.Error:
                pass
            conn = None
        time.sleep(0.005)


def start(name):
    n = nodes[name]
    log = open(os.path.join(work, "failover-%s.log" % name), "a")
    n["proc"] = subprocess.Popen(
        ["java", "-jar", jar, "node", "--etcd", "http://127.0.0.1:" + etcd_port, "--id", name,
         "--listen", "127.0.0.1:%d" % n["port"], "--data", os.path.join(work, "rf2-" + name),
         "--shards", "16", "--replication-factor", "2", "--lease-ttl", lease,
         "--archive-dir", os.path.join(work, "archive")],
        stdout=log, stderr=subprocess.STDOUT)
    n["pid"] = n["proc"].pid


thread = threading.Thread(target=writer, daemon=True)
thread.start()
samples = []
try:
    for k in range(kills):
        deadline = time.monotonic() + 120
        while not fully_replicated():
            if time.monotonic() > deadline:
                raise SystemExit("the cluster did not get back to two copies per shard")
            time.sleep(0.5)
        time.sleep(1)
        victim = primary_of("w1")
        before = len(acks)
        killed = time.monotonic()
        os.kill(nodes[victim]["pid"], signal.SIGKILL)
        if nodes[victim]["proc"] is not None:
            nodes[victim]["proc"].wait()
        while True:
            after = [t for t in acks[before:] if t > killed]
            if after:
                break
            if time.monotonic() - killed > 60:
                raise SystemExit("no write succeeded within 60 s of the kill")
            time.sleep(0.01)
        last_before = max([t for t in acks[:before]] or [killed])
        samples.append((after[0] - last_before) * 1000)
        print("kill %d of %s: writes resumed after %.0f ms" % (k + 1, victim, samples[-1]),
              file=sys.stderr)
        start(victim)
finally:
    stop = True
    thread.join(5)
    for n in nodes.values():
        if n["proc"] is not None:
            n["proc"].terminate()
            n["proc"].wait(30)

samples.sort()
if samples:
    p = lambda q: samples[min(len(samples) - 1, int(len(samples) * q))]
    print("p50 %.0f ms, p99 %.0f ms, max %.0f ms over %d kills" % (p(0.5), p(0.99), samples[-1],
                                                                  len(samples)))
