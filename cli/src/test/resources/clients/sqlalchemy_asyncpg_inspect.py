# Inspects a database with SQLAlchemy 1.4's asyncpg dialect (an async engine), which starts every
# transaction with BEGIN ISOLATION LEVEL ... and loads codecs through asyncpg's type introspection.
# Prints what it finds, one fact per line, for PostgresClientsIT to compare.
import asyncio
import sys

from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import create_async_engine

async def main(url):
    engine = create_async_engine(url)
    async with engine.connect() as c:
        print("select", (await c.execute(text("select 1"))).scalar())
        def look(sync):
            insp = inspect(sync)
            print("tables", insp.get_table_names())
            print("views", insp.get_view_names())
            for t in ["authors", "books"]:
                print("columns", t, [(x["name"], str(x["type"]), x["nullable"]) for x in insp.get_columns(t)])
                print("pk", t, insp.get_pk_constraint(t))
                print("fks", t, [(f["name"], f["constrained_columns"], f["referred_table"]) for f in insp.get_foreign_keys(t)])
                print("indexes", t, sorted((i["name"], i["unique"], i["column_names"]) for i in insp.get_indexes(t)))
            print("has_table", insp.has_table("books"), insp.has_table("nope"))
        await c.run_sync(look)
    await engine.dispose()
asyncio.run(main(sys.argv[1]))
