# Connects with psycopg 3 (Debian's python3-psycopg), loads type information the way its
# TypeInfo does (a catalog query with a regtype parameter), and runs typed statements.
import datetime
import sys

import psycopg
from psycopg.types import TypeInfo

host, port, user, password, db = sys.argv[1:6]
with psycopg.connect(host=host, port=int(port), user=user, password=password, dbname=db) as c:
    print("encoding", c.info.parameter_status("client_encoding"))
    print("server_version", c.info.server_version // 10000)
    i = TypeInfo.fetch(c, "int4")
    print("typeinfo", i.name, i.oid, i.array_oid)
    a = TypeInfo.fetch(c, "text[]")
    print("typeinfo", a.name, a.oid)
    with c.transaction():
        c.execute("INSERT INTO authors (id, name, born) VALUES (%s, %s, %s)",
                  (7, "psycopg", datetime.date(2001, 2, 3)))
    row = c.execute("SELECT id, name, born FROM authors WHERE id = %s", (7,)).fetchone()
    print("row", row[0], row[1], row[2].isoformat())
    c.execute("DELETE FROM authors WHERE id = %s", (7,))
    print("schema", c.execute("SELECT current_schema()").fetchone()[0])
