#!/usr/bin/env python3
# Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0
"""Appends client-side sequence numbers to table w of each tenant through the gateways with
psycopg2 (autocommit, one connection per tenant, every gateway in the connection string), and
records each acknowledged number in OUT as "ack TENANT SEQ", each error as "error TENANT SQLSTATE".
A failed INSERT is never retried with the same number, so a row that shows up twice can only come
from the server. Runs until the file STOP exists, then writes "done" and exits.

usage: sequence_writer.py PORTS(comma-separated) OUT STOP TENANT...
"""
import os
import sys
import time

import psycopg2

ports = sys.argv[1].split(",")
out_path, stop_path = sys.argv[2], sys.argv[3]
tenants = sys.argv[4:]
dsn_hosts = "host=" + ",".join("127.0.0.1" for _ in ports) + " port=" + ",".join(ports)


def connect(tenant):
    c = psycopg2.connect(dsn_hosts + " dbname=" + tenant + " user=app password=pw connect_timeout=10")
    c.autocommit = True
    return c


with open(out_path, "a", buffering=1) as out:
    connections = {}
    for t in tenants:
        for attempt in range(100):
            try:
                c = connect(t)
                c.cursor().execute("CREATE TABLE IF NOT EXISTS w (seq INTEGER NOT NULL)")
                connections[t] = c
                break
            except psycopg2.Error:
                time.sleep(0.1)
    out.write("ready\n")
    seq = {t: 0 for t in tenants}
    while not os.path.exists(stop_path):
        for t in tenants:
            seq[t] += 1
            try:
                if connections.get(t) is None:
                    connections[t] = connect(t)
                connections[t].cursor().execute("INSERT INTO w (seq) VALUES (%s)", (seq[t],))
                out.write("ack %s %d\n" % (t, seq[t]))
            except psycopg2.Error as e:
                out.write("error %s %s\n" % (t, e.pgcode))
                c = connections.get(t)
                if c is None or c.closed:
                    connections[t] = None
                elif e.pgcode is None or e.pgcode.startswith("08"):
                    try:
                        c.close()
                    except psycopg2.Error:
                        pass
                    connections[t] = None
        time.sleep(0.005)
    out.write("done\n")
