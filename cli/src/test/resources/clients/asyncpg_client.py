# Connects with asyncpg (Debian's python3-asyncpg), which binds parameters by the types the
# server describes and reads results in binary: typed parameters and results, transactions.
import asyncio
import datetime
import decimal
import sys


async def main(host, port, user, password, db):
    import asyncpg
    c = await asyncpg.connect(host=host, port=int(port), user=user, password=password, database=db)
    print("encoding", c.get_settings().client_encoding)
    async with c.transaction():
        await c.execute("INSERT INTO authors (id, name, born) VALUES ($1, $2, $3)",
                        8, "asyncpg", datetime.date(1999, 12, 31))
    row = await c.fetchrow("SELECT id, name, born FROM authors WHERE id = $1", 8)
    print("row", type(row["id"]).__name__, row["id"], row["name"], row["born"].isoformat())
    try:
        async with c.transaction():
            await c.execute("INSERT INTO authors (id, name) VALUES ($1, $2)", 9, "rolled back")
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    print("after rollback", await c.fetchval("SELECT count(*) FROM authors WHERE id = $1", 9))
    await c.execute(
        "INSERT INTO books (id, author_id, title, price, published) VALUES ($1, $2, $3, $4, $5)",
        80, 8, "typed", decimal.Decimal("12.50"), True)
    book = await c.fetchrow("SELECT price, published, title FROM books WHERE id = $1", 80)
    print("book", book["price"], book["published"], book["title"])
    types = await c.fetch(
        "SELECT oid, typname FROM pg_catalog.pg_type WHERE typname = ANY($1::text[]) ORDER BY oid",
        ["int4", "text"])
    print("types", [(r["oid"], r["typname"]) for r in types])
    await c.execute("DELETE FROM books WHERE id = $1", 80)
    await c.execute("DELETE FROM authors WHERE id = $1", 8)
    await c.close()


asyncio.run(main(*sys.argv[1:6]))
