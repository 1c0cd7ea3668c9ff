#!/usr/bin/env python3
# Helpers of bench/many-tenants.sh (see there):
#   many_tenants.py csv N FILE              N tenants t0000001.. with user app, password bench-pw,
#                                           stored as a SCRAM-SHA-256 verifier (as pg_authid has it)
#   many_tenants.py connect PORT N K SEED W connects to K random tenants of N: first, then again
#                                           (warm); prints one JSON line of latencies in ms. First
#                                           W other tenants, unmeasured, so the JVMs' code is warm
#                                           and "first" measures the tenant's cold path alone
#   many_tenants.py etcd-size PORT          etcd's database size in bytes (from /metrics)
import base64
import hashlib
import hmac
import json
import os
import random
import sys
import time
import urllib.request

PASSWORD = "bench-pw"


def verifier(password: str) -> str:
    """PostgreSQL's SCRAM-SHA-256 verifier text for password (RFC 5802/7677, 4096 iterations)."""
    salt = os.urandom(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 4096)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
    b64 = lambda b: base64.b64encode(b).decode()
    return f"SCRAM-SHA-256$4096:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def name(i: int) -> str:
    return f"t{i:07d}"


def write_csv(n: int, path: str) -> None:
    # One verifier for every tenant: deriving a million would take half an hour of PBKDF2, and an
    # import stores the verifier as it is, so its cost does not depend on the bytes.
    v = verifier(PASSWORD)
    with open(path, "w") as f:
        f.write("tenant,user,password\n")
        for i in range(1, n + 1):
            f.write(f"{name(i)},app,{v}\n")


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def connect(port: int, n: int, k: int, seed: int, w: int) -> None:
    import psycopg2

    rng = random.Random(seed)
    sample = rng.sample(range(1, n + 1), k + w)
    picks, warmup = sample[:k], sample[k:]

    def once(tenant):
        t0 = time.perf_counter()
        c = psycopg2.connect(host="127.0.0.1", port=port, dbname=tenant, user="app",
                             password=PASSWORD, connect_timeout=30)
        cur = c.cursor()
        cur.execute("SELECT 1")
        cur.fetchone()
        ms = (time.perf_counter() - t0) * 1000
        c.close()
        return ms

    for i in warmup:
        once(name(i))
    first = [once(name(i)) for i in picks]
    warm = [once(name(i)) for i in picks]
    out = {"k": k}
    for label, xs in (("first", first), ("warm", warm)):
        out[label] = {"p50": round(pct(xs, 50), 2), "p90": round(pct(xs, 90), 2),
                      "p99": round(pct(xs, 99), 2), "mean": round(sum(xs) / len(xs), 2)}
    out["delta_p50"] = round(out["first"]["p50"] - out["warm"]["p50"], 2)
    out["delta_mean"] = round(out["first"]["mean"] - out["warm"]["mean"], 2)
    print(json.dumps(out))


def etcd_size(port: int) -> None:
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()
    sizes = {}
    for line in text.splitlines():
        for metric in ("etcd_mvcc_db_total_size_in_bytes", "etcd_mvcc_db_total_size_in_use_in_bytes",
                       "etcd_debugging_mvcc_keys_total"):
            if line.startswith(metric + " "):
                sizes[metric] = int(float(line.split()[1]))
    print(json.dumps(sizes))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "csv":
        write_csv(int(sys.argv[2]), sys.argv[3])
    elif cmd == "connect":
        connect(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]),
                int(sys.argv[6]))
    elif cmd == "etcd-size":
        etcd_size(int(sys.argv[2]))
    else:
        sys.exit("unknown command " + cmd)
