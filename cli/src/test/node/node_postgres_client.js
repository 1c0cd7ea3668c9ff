// Connects with node-postgres (npm "pg"), which binds parameters as text and reads results by
// the types the server describes: plain and parameterized queries, a transaction rolled back,
// and the catalog queries an application typically makes.
const { Client } = require("pg");

async function main(host, port, user, password, database) {
  const c = new Client({ host, port: Number(port), user, password, database });
  await c.connect();
  const version = (await c.query("SHOW server_version")).rows[0].server_version;
  console.log("server_version", version.split(".")[0]);
  await c.query("BEGIN");
  await c.query("INSERT INTO authors (id, name, born) VALUES ($1, $2, $3)", [11, "node", "2002-03-04"]);
  await c.query("COMMIT");
  const row = (await c.query("SELECT id, name, born FROM authors WHERE id = $1", [11])).rows[0];
  // int8 comes back as a string (node-postgres' choice, as from Postgres), DATE as a Date.
  console.log("row", typeof row.id, row.id, row.name, row.born instanceof Date);
  await c.query("BEGIN");
  await c.query("INSERT INTO authors (id, name) VALUES ($1, $2)", [12, "rolled back"]);
  await c.query("ROLLBACK");
  console.log("after rollback", (await c.query("SELECT count(*) AS n FROM authors WHERE id = $1", [12])).rows[0].n);
  // Postgres names an unaliased expression by its function (count, max), not by its text as
  // SQLite does: node-postgres' row objects are keyed by those names.
  const plain = (await c.query("SELECT count(*), max(id) FROM authors")).rows[0];
  const bound = (await c.query("SELECT COUNT(*) FROM authors WHERE id > $1", [0])).rows[0];
  console.log("unaliased", Object.keys(plain).join(","), Object.keys(bound).join(","), typeof plain.count);
  const tables = await c.query(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name",
    ["public"]);
  console.log("tables", tables.rows.map((r) => r.table_name).join(","));
  const cols = await c.query(
    "SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull" +
      " FROM pg_catalog.pg_attribute a WHERE a.attrelid = $1::regclass AND a.attnum > 0" +
      " ORDER BY a.attnum",
    ["books"]);
  console.log("columns", cols.rows.map((r) => `${r.attname}:${r.type}:${r.attnotnull}`).join(","));
  const types = await c.query("SELECT oid, typname FROM pg_type WHERE typname = ANY($1) ORDER BY oid", [["int4", "text"]]);
  console.log("types", types.rows.map((r) => `${r.oid}:${r.typname}`).join(","));
  await c.query("DELETE FROM authors WHERE id = $1", [11]);
  await c.end();
}

main(...process.argv.slice(2, 7)).catch((e) => {
  console.error(e);
  process.exit(1);
});
