-- Statements sent to PostgreSQL 15: the schema of PostgresClientsIT by psql, then cli/src/test/node/node_postgres_client.js (node-postgres 8). Recorded with cli/tools/record_corpus.py.
--
-- construct: schema (psql)
CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, born DATE);
--
-- construct: schema (psql)
CREATE TABLE books (id INTEGER PRIMARY KEY,
  author_id INTEGER NOT NULL REFERENCES authors(id),
  title VARCHAR(200) NOT NULL, price NUMERIC(10,2) DEFAULT 0, published BOOLEAN DEFAULT false);
--
-- construct: schema (psql)
CREATE INDEX books_title ON books (title);
--
-- construct: schema (psql)
CREATE UNIQUE INDEX books_author_title ON books (author_id, title);
--
-- construct: schema (psql)
CREATE VIEW cheap_books AS SELECT id, title FROM books WHERE price < 10;
--
-- construct: schema (psql)
INSERT INTO authors VALUES (1, 'Ann', '1970-01-01');
--
-- construct: schema (psql)
INSERT INTO books VALUES (10, 1, 'First', 9.5, true);
--
-- construct: node-postgres
-- rhizome: (server_version:text) 15.0 (Rhizome 0.1.0)
-- reason: Rhizome's version string
SHOW server_version
--
-- construct: node-postgres
BEGIN
--
-- construct: node-postgres
-- params: ["11", "node", "2002-03-04"]
INSERT INTO authors (id, name, born) VALUES ($1, $2, $3)
--
-- construct: node-postgres
COMMIT
--
-- construct: node-postgres
-- params: ["11"]
SELECT id, name, born FROM authors WHERE id = $1
--
-- construct: node-postgres
BEGIN
--
-- construct: node-postgres
-- params: ["12", "rolled back"]
INSERT INTO authors (id, name) VALUES ($1, $2)
--
-- construct: node-postgres
ROLLBACK
--
-- construct: node-postgres
-- params: ["12"]
SELECT count(*) AS n FROM authors WHERE id = $1
--
-- construct: node-postgres
-- params: ["public"]
SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name
--
-- construct: node-postgres
-- params: ["books"]
-- rhizome: (attname:text, type:text, attnotnull:bool) id, bigint, t; author_id, bigint, t; title, text, t; price, numeric(10,2), f; published, boolean, f
-- reason: an integer column is bigint (SQLite's one integer type), varchar(n) is text
SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull FROM pg_catalog.pg_attribute a WHERE a.attrelid = $1::regclass AND a.attnum > 0 ORDER BY a.attnum
--
-- construct: node-postgres
-- params: ["{int4,text}"]
SELECT oid, typname FROM pg_type WHERE typname = ANY($1) ORDER BY oid
--
-- construct: node-postgres
-- params: ["11"]
DELETE FROM authors WHERE id = $1
