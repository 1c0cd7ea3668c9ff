# Inspects a database with SQLAlchemy 1.4's stock postgresql dialect (psycopg2), as a new user
# would, and prints what it finds, one fact per line, for PostgresClientsIT to compare.
import sys

from sqlalchemy import create_engine, inspect, text

url = sys.argv[1]
engine = create_engine(url)
with engine.connect() as c:
    print("select", c.execute(text("select 1")).scalar())
insp = inspect(engine)
print("schemas", insp.get_schema_names())
print("tables", insp.get_table_names())
print("tables public", insp.get_table_names(schema="public"))
print("views", insp.get_view_names())
for t in ["authors", "books"]:
    cols = [(c["name"], str(c["type"]), c["nullable"], c["default"]) for c in insp.get_columns(t)]
    print("columns", t, cols)
    print("pk", t, insp.get_pk_constraint(t))
    print("fks", t, [(f["name"], f["constrained_columns"], f["referred_table"], f["referred_columns"])
                     for f in insp.get_foreign_keys(t)])
    print("indexes", t, sorted((i["name"], i["unique"], i["column_names"]) for i in insp.get_indexes(t)))
    print("unique", t, insp.get_unique_constraints(t))
print("has_table", insp.has_table("books"), insp.has_table("nope"))
print("version", engine.dialect.server_version_info[0])
