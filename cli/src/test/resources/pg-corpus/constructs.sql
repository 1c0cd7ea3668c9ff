-- Postgres statements written by hand, one or more per construct of issue 14, run by
-- PostgresCorpusIT on PostgreSQL 15 and on Rhizome (format: PgCorpus). The shared tables are in
-- fixture.sql; an entry that writes makes its own table in its setup.
--
-- construct: casts
SELECT 1::int AS a, '42'::bigint AS b, CAST('12' AS integer) + 1 AS c, '2.5'::numeric AS d
--
-- construct: casts
SELECT 3.7::int AS up, 2.5::int AS half, (-2.5)::int AS neg, '7'::int4 / 2 AS div
--
-- construct: casts
SELECT 'yes'::boolean AS y, 'f'::bool AS f, 1::text || 'x' AS t
--
-- construct: casts
-- rhizome: (d:text, ts:text) 2024-01-15, 2024-01-15 10:20:30
-- reason: a computed column is typed by its values on Rhizome (text for a date or timestamp, a number for a boolean), not by the expression's type
SELECT '2024-01-15'::date AS d, '2024-01-15 10:20:30'::timestamp AS ts
--
-- construct: casts
-- rhizome: (v:text) abcdef
-- reason: no length is kept or checked: varchar(n) is text
SELECT 'abcdef'::varchar(3) AS v
--
-- construct: casts
-- rhizome: (i:number, n:number) 13, 99
-- reason: a double rounds half to even in Postgres, half away from zero on Rhizome; numeric's scale is not kept (99.00 reads 99)
SELECT 12.5::float8::int AS i, 99::numeric(5,2) AS n
--
-- construct: now() and the clock
-- compare: near-now
-- rhizome: (n:text) <a timestamp near now, +00>
-- reason: a computed column is typed by its values on Rhizome (text for a date or timestamp, a number for a boolean), not by the expression's type
SELECT now() AS n
--
-- construct: now() and the clock
-- compare: near-now
-- rhizome: (c:text, l:text) <a timestamp near now, +00>, <a timestamp near now>
-- reason: a computed column is typed by its values on Rhizome (text for a date or timestamp, a number for a boolean), not by the expression's type
SELECT current_timestamp AS c, localtimestamp AS l
--
-- construct: now() and the clock
SELECT now() = current_timestamp AS same, now()::date = current_date AS today
--
-- construct: date_trunc
-- rhizome: (m:text) 2024-03-01 00:00:00
-- reason: a computed column is typed by its values on Rhizome (text for a date or timestamp, a number for a boolean), not by the expression's type
SELECT date_trunc('month', timestamp '2024-03-15 10:20:30') AS m
--
-- construct: date_trunc
-- rhizome: (name:text, y:text) Ann, 2020-01-01 00:00:00+00; bob, 2019-01-01 00:00:00+00; Cleo, 2021-01-01 00:00:00+00; Émile, 2022-01-01 00:00:00+00
-- reason: a computed column is typed by its values on Rhizome (text for a date or timestamp, a number for a boolean), not by the expression's type
SELECT name, date_trunc('year', joined) AS y FROM people WHERE joined IS NOT NULL ORDER BY id
--
-- construct: extract
SELECT extract(year FROM date '2024-03-15') AS y, extract(month FROM timestamp '2024-03-15 10:20:30') AS m
--
-- construct: extract
-- rhizome: (e:number) 1704067200
-- reason: extract is date_part: a double, not a numeric with six decimals
SELECT extract(epoch FROM timestamptz '2024-01-01 00:00:00+00') AS e
--
-- construct: extract
SELECT date_part('day', date '2024-03-15') AS d
--
-- construct: age
-- rhizome: ERROR 42883
-- reason: age() is not provided (SQLite has no function of the name: 42883)
SELECT age(timestamp '2024-03-15', timestamp '2023-01-01') AS a
--
-- construct: interval
-- rhizome: (t:text) 2024-02-01 10:00:00
-- reason: a computed column is typed by its values on Rhizome (text for a date or timestamp, a number for a boolean), not by the expression's type
SELECT timestamp '2024-01-31 10:00' + interval '1 day' AS t
--
-- construct: interval
-- rhizome: (d:text, days:number) 2024-02-07, 29
-- reason: a computed column is typed by its values on Rhizome (text for a date or timestamp, a number for a boolean), not by the expression's type
SELECT date '2024-01-31' + 7 AS d, date '2024-03-01' - date '2024-02-01' AS days
--
-- construct: interval
-- rhizome: (i:text) 90 minutes
-- reason: an interval is kept as its text, not normalized
SELECT interval '90 minutes' AS i
--
-- construct: interval
-- rhizome: ERROR 0A000
-- reason: arithmetic on an interval other than adding it to or subtracting it from a timestamp is refused
SELECT interval '1 day' * 2 AS j
--
-- construct: interval
SELECT count(*) AS n FROM people WHERE joined > now() - interval '100 years'
--
-- construct: to_char
SELECT to_char(timestamp '2024-03-05 14:07:09', 'YYYY-MM-DD HH24:MI:SS') AS a
--
-- construct: to_char
SELECT to_char(date '2024-03-05', 'DD Mon YYYY') AS a, to_char(timestamp '2024-03-05 14:07', 'FMMonth FMDD, HH12:MI AM') AS b
--
-- construct: to_char
-- rhizome: ERROR 22000
-- reason: to_char of a number is not provided: the function fails (22000)
SELECT to_char(1234.5, 'FM9999.00') AS n
--
-- construct: ILIKE
SELECT name FROM people WHERE name ILIKE 'a%' OR name ILIKE '%O%' ORDER BY id
--
-- construct: ILIKE
SELECT name FROM people WHERE name NOT ILIKE '%e%' ORDER BY id
--
-- construct: ILIKE
SELECT 'ÉMILE' ILIKE 'émile' AS accented
--
-- construct: LIKE
-- rhizome: (folded:number, one:number) 1, 1
-- reason: LIKE folds ASCII case in SQLite; the booleans are numbers (an untranslated query)
SELECT 'ABC' LIKE 'a%' AS folded, 'abc' LIKE 'a_c' AS one
--
-- construct: regular expressions ~ ~* !~
SELECT 'abc' ~ '^a' AS m, 'abc' ~* '^A' AS i, 'abc' !~ 'z' AS n
--
-- construct: regular expressions ~ ~* !~
SELECT name FROM people WHERE name ~ '^[A-Z]' ORDER BY id
--
-- construct: SIMILAR TO
-- rhizome: ERROR 0A000
-- reason: SIMILAR TO is not translated: refused with 0A000 naming it
SELECT 'abc' SIMILAR TO 'a%' AS a, 'abc' SIMILAR TO '(b|c)%' AS b
--
-- construct: || concatenation
SELECT 'a' || 'b' AS s, 'n' || 1 AS n, 'x' || NULL AS z
--
-- construct: || concatenation
-- rhizome: (mixed:text) a1.51
-- reason: true is the integer 1 in SQLite
SELECT 'a' || 1.5 || true AS mixed
--
-- construct: position, strpos
SELECT position('b' in 'abc') AS p, strpos('abc', 'c') AS s, position('z' in 'abc') AS z
--
-- construct: split_part
SELECT split_part('a,b,c', ',', 2) AS b, split_part('a,b,c', ',', 5) AS none
--
-- construct: regexp_replace
SELECT regexp_replace('a1b22', '[0-9]+', '#') AS one, regexp_replace('a1b22', '[0-9]+', '#', 'g') AS every
--
-- construct: string functions
SELECT lower('ÀB') AS l, upper('ab') AS u, length('héllo') AS n, substring('abcdef' from 2 for 3) AS s, trim('  x ') AS t
--
-- construct: string functions
SELECT concat('a', NULL, 1) AS c, concat_ws('-', 'a', NULL, 'b') AS w, replace('aXbX', 'X', '.') AS r
--
-- construct: string functions
SELECT lpad('7', 3, '0') AS p, rpad('ab', 4, '-') AS q, repeat('ab', 2) AS x, split_part('2024-03-15', '-', 2) AS m
--
-- construct: string functions
-- rhizome: ERROR 42883
-- reason: left() and right() are not provided (their names would make every LEFT/RIGHT JOIN pay for a catalog lookup on the node)
SELECT left('abcdef', 2) AS l, right('abcdef', 2) AS r
--
-- construct: string functions
SELECT initcap('hello wORLD') AS i, md5('a') AS m, regexp_replace('Hello', 'l+', 'L') AS r
--
-- construct: string functions
-- rhizome: ERROR 42501
-- reason: reverse() is refused by the node's lockdown: the function of that name in sqlite-jdbc's C extension is unsafe
SELECT reverse('abc') AS r
--
-- construct: gen_random_uuid
-- compare: uuid
SELECT gen_random_uuid() AS u
--
-- construct: gen_random_uuid
SELECT gen_random_uuid() <> gen_random_uuid() AS differ
--
-- construct: coalesce, nullif, greatest, least
-- rhizome: (c:number, n:text, g:number, l:text) 2, NULL, 5, a
-- reason: a computed column is typed by its values on Rhizome (text for a date or timestamp, a number for a boolean), not by the expression's type (a column of NULLs is text)
SELECT coalesce(NULL, 2, 3) AS c, nullif(1, 1) AS n, greatest(1, 5, 3) AS g, least('b', 'a') AS l
--
-- construct: coalesce, nullif, greatest, least
SELECT greatest(1, NULL, 3) AS g, least(NULL, 2) AS l
--
-- construct: coalesce, nullif, greatest, least
SELECT name, coalesce(dept, '(none)') AS dept FROM people ORDER BY id
--
-- construct: CASE
SELECT name, CASE WHEN salary >= 100 THEN 'high' WHEN salary IS NULL THEN 'unknown' ELSE 'low' END AS band FROM people ORDER BY id
--
-- construct: aggregates
-- rhizome: (n:number, d:number, s:number, mn:text, mx:text) 5, 4, 396.75, Ann, 2000-02-29
-- reason: a computed column is typed by its values on Rhizome (text for a date or timestamp, a number for a boolean), not by the expression's type
SELECT count(*) AS n, count(dept) AS d, sum(salary) AS s, min(name) AS mn, max(born) AS mx FROM people
--
-- construct: aggregates
SELECT dept, count(*) AS n FROM people GROUP BY dept HAVING count(*) > 1 ORDER BY dept
--
-- construct: aggregates
-- rhizome: (a:number) 99.1875
-- reason: avg is a double, not a numeric
SELECT avg(salary) AS a FROM people
--
-- construct: aggregates
SELECT string_agg(name, ',' ORDER BY name) AS s FROM people
--
-- construct: aggregates
-- rhizome: (a:text) {1,3,4}
-- reason: a computed column is typed by its values on Rhizome (text for a date or timestamp, a number for a boolean), not by the expression's type (an array is its text form, typed text)
SELECT array_agg(id ORDER BY id) AS a FROM people WHERE active
--
-- construct: aggregates
-- rhizome: (a:number, o:number) 0, 1
-- reason: a computed column is typed by its values on Rhizome (text for a date or timestamp, a number for a boolean), not by the expression's type
SELECT bool_and(active) AS a, bool_or(active) AS o FROM people
--
-- construct: FILTER (WHERE ...)
SELECT count(*) FILTER (WHERE active) AS on_, count(*) FILTER (WHERE NOT active) AS off FROM people
--
-- construct: FILTER (WHERE ...)
-- rhizome: (dept:text, s:number) eng, 120.5; ops, 80.25
-- reason: numeric's scale is not kept (120.50 reads 120.5)
SELECT dept, sum(salary) FILTER (WHERE active) AS s FROM people WHERE dept IS NOT NULL GROUP BY dept ORDER BY dept
--
-- construct: DISTINCT ON
-- rhizome: ERROR 0A000
-- reason: DISTINCT ON is not translated: refused with 0A000 naming it
SELECT DISTINCT ON (dept) dept, name FROM people WHERE dept IS NOT NULL ORDER BY dept, salary DESC
--
-- construct: DISTINCT
SELECT DISTINCT dept FROM people WHERE dept IS NOT NULL ORDER BY dept
--
-- construct: jsonb -> ->> #> #>>
-- rhizome: (a:text, t:number) 1, 1
-- reason: ->> is SQLite's: a JSON number comes back as a number
SELECT doc -> 'a' AS a, doc ->> 'a' AS t FROM people WHERE id = 1
--
-- construct: jsonb -> ->> #> #>>
-- rhizome: ERROR 0A000
-- reason: #> and #>> are not translated: refused with 0A000 naming the operator
SELECT doc -> 'addr' AS addr, doc #> '{addr,city}' AS city, doc #>> '{tags,0}' AS tag FROM people WHERE id = 1
--
-- construct: jsonb -> ->> #> #>>
SELECT name FROM people WHERE (doc ->> 'a')::int >= 2 ORDER BY id
--
-- construct: jsonb @> ?
-- rhizome: ERROR 0A000
-- reason: @> is not translated: refused with 0A000 naming the operator
SELECT name FROM people WHERE doc @> '{"a": 1}' ORDER BY id
--
-- construct: jsonb @> ?
-- rhizome: ERROR 0A000
-- reason: ? is not translated: refused with 0A000 naming the operator
SELECT name FROM people WHERE doc ? 'b' ORDER BY id
--
-- construct: json functions
-- rhizome: (o:text, a:text) {"k":1,"v":"x"}, [1,"a"]
-- reason: JSON text is SQLite's compact form, not jsonb's (no spaces after : and ,)
SELECT jsonb_build_object('k', 1, 'v', 'x') AS o, json_build_array(1, 'a') AS a
--
-- construct: json functions
-- rhizome: ERROR 42883
-- reason: jsonb_typeof and jsonb_array_length are not provided (SQLite's are json_type and json_array_length)
SELECT jsonb_typeof(doc -> 'tags') AS t, jsonb_array_length(doc -> 'tags') AS n FROM people WHERE id = 1
--
-- construct: IS [NOT] DISTINCT FROM
-- rhizome: (a:number, b:number, c:number) 1, 1, 1
-- reason: a computed column is typed by its values on Rhizome (text for a date or timestamp, a number for a boolean), not by the expression's type
SELECT NULL IS DISTINCT FROM 1 AS a, 1 IS NOT DISTINCT FROM 1 AS b, NULL IS NOT DISTINCT FROM NULL AS c
--
-- construct: IS [NOT] DISTINCT FROM
SELECT name FROM people WHERE dept IS DISTINCT FROM 'eng' ORDER BY id
--
-- construct: booleans t/f
SELECT name, active FROM people ORDER BY id
--
-- construct: booleans t/f
-- rhizome: (t:number, f:number, eq:number, n:number) 1, 0, 1, 0
-- reason: a computed column is typed by its values on Rhizome (text for a date or timestamp, a number for a boolean), not by the expression's type
SELECT true AS t, false AS f, 1 = 1 AS eq, NOT true AS n
--
-- construct: booleans t/f
-- rhizome: (name:text, rich:number, unknown:number) Ann, 1, 0; bob, 1, 0; Cleo, 0, 1; dave, NULL, 0; Émile, 1, 0
-- reason: a computed column is typed by its values on Rhizome (text for a date or timestamp, a number for a boolean), not by the expression's type
SELECT name, salary > 90 AS rich, born IS NULL AS unknown FROM people ORDER BY id
--
-- construct: booleans t/f
-- rhizome: (n:number) 0
-- reason: a boolean column holds 1 and 0: compared with the string 't' it is never equal (the gateway does not know the column's type)
SELECT count(*) AS n FROM people WHERE active = 't' AND active IS TRUE
--
-- construct: NULL ordering
-- rhizome: (born:time) NULL; 1979-07-14; 1985-12-31; 1990-04-01; 2000-02-29
-- reason: SQLite sorts NULLs first in ascending order, Postgres last (NULLS FIRST/LAST written out agree)
SELECT born FROM people ORDER BY born
--
-- construct: NULL ordering
SELECT born FROM people ORDER BY born DESC NULLS LAST
--
-- construct: integer and numeric arithmetic
-- rhizome: ERROR 42601
-- reason: ^ (power) is not translated: a syntax error; 7.0 / 2 is a double
SELECT 7 / 2 AS i, 7.0 / 2 AS r, 7 % 3 AS m, -7 / 2 AS neg, 2 ^ 10 AS p
--
-- construct: integer and numeric arithmetic
SELECT round(2.567, 2) AS r, round(2.5) AS h, ceil(1.2) AS c, floor(-1.2) AS f, abs(-3) AS a
--
-- construct: integer and numeric arithmetic
-- rhizome: (salary:number) 120.5
-- reason: numeric's scale is not kept (120.50 reads 120.5)
SELECT salary FROM people WHERE id = 1
--
-- construct: integer and numeric arithmetic
-- rhizome: (boom:text) NULL
-- reason: division by zero is NULL in SQLite, not an error
SELECT 1 / 0 AS boom
--
-- construct: LIMIT / OFFSET / FETCH
SELECT name FROM people ORDER BY id LIMIT 2 OFFSET 1
--
-- construct: LIMIT / OFFSET / FETCH
SELECT name FROM people ORDER BY id OFFSET 3 ROWS FETCH FIRST 1 ROWS ONLY
--
-- construct: joins and subqueries
SELECT p.name, t.lead FROM people p JOIN teams t ON t.dept = p.dept ORDER BY p.id
--
-- construct: joins and subqueries
SELECT t.dept, count(p.id) AS n FROM teams t LEFT JOIN people p USING (dept) GROUP BY t.dept ORDER BY t.dept
--
-- construct: joins and subqueries
SELECT name FROM people WHERE dept IN (SELECT dept FROM teams WHERE lead IS NOT NULL) AND EXISTS (SELECT 1 FROM teams) ORDER BY id
--
-- construct: = ANY / ARRAY
SELECT name FROM people WHERE id = ANY(ARRAY[1, 3]) ORDER BY id
--
-- construct: = ANY / ARRAY
-- rhizome: (a:text, second:text) {1,2,3}, y
-- reason: a computed column is typed by its values on Rhizome (text for a date or timestamp, a number for a boolean), not by the expression's type (an array is its text form, typed text)
SELECT ARRAY[1, 2, 3] AS a, (ARRAY['x', 'y'])[2] AS second
--
-- construct: generate_series
SELECT g FROM generate_series(1, 3) AS g
--
-- construct: window functions
SELECT name, row_number() OVER (PARTITION BY dept ORDER BY salary DESC) AS r FROM people WHERE dept IS NOT NULL ORDER BY dept, r
--
-- construct: WITH / WITH RECURSIVE
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4) SELECT sum(i) AS s FROM n
--
-- construct: UNION / INTERSECT / EXCEPT
SELECT dept FROM teams EXCEPT SELECT dept FROM people ORDER BY 1
--
-- construct: column names
SELECT count(*), max(id), 1 + 1, upper(name) FROM people GROUP BY name ORDER BY name LIMIT 1
--
-- construct: text comparison and collation
-- rhizome: (lower_first:number, eq:number) 0, 0
-- reason: a computed column is typed by its values on Rhizome (text for a date or timestamp, a number for a boolean), not by the expression's type
SELECT 'a' < 'B' AS lower_first, 'abc' = 'ABC' AS eq
--
-- construct: text comparison and collation
SELECT name FROM people ORDER BY name
--
-- construct: timestamptz values
-- setup: DROP TABLE IF EXISTS c_events
-- setup: CREATE TABLE c_events (id int PRIMARY KEY, at timestamptz)
-- rhizome: #3 / (id:number, at:time) 1, 2024-01-02 03:04:05+00; 2, 2024-01-02 03:04:05+02; 3, 2024-01-02 03:04:05
-- reason: a timestamptz is kept as written, not converted to UTC (a parameter bound as timestamptz is)
INSERT INTO c_events VALUES (1, '2024-01-02 03:04:05+00'), (2, '2024-01-02 03:04:05+02'), (3, '2024-01-02 03:04:05');
SELECT id, at FROM c_events ORDER BY id
--
-- construct: date values
-- rhizome: (d:text) 2024-02-30
-- reason: a date's text is not checked
SELECT '2024-02-30'::date AS d
--
-- construct: bytea and uuid values
-- rhizome: (b:text, u:text) \x0102ff, A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11
-- reason: a uuid is kept as written, not lower-cased
SELECT '\x0102ff'::bytea AS b, 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid AS u
--
-- construct: INSERT ... RETURNING
-- setup: DROP TABLE IF EXISTS c_ret
-- setup: CREATE TABLE c_ret (id serial PRIMARY KEY, v text, n int DEFAULT 7)
INSERT INTO c_ret (v) VALUES ('a'), ('b') RETURNING *
--
-- construct: UPDATE ... RETURNING
UPDATE c_ret SET n = n + 1 WHERE v = 'b' RETURNING id, n
--
-- construct: DELETE ... RETURNING
DELETE FROM c_ret WHERE id = 1 RETURNING v
--
-- construct: INSERT ... DEFAULT
INSERT INTO c_ret (id, v, n) VALUES (DEFAULT, 'c', DEFAULT) RETURNING id, v, n
--
-- construct: INSERT ... DEFAULT
INSERT INTO c_ret DEFAULT VALUES RETURNING id, v, n
--
-- construct: INSERT ... RETURNING
-- params: ["d", "9"]
INSERT INTO c_ret (v, n) VALUES ($1, $2) RETURNING id, v, n
--
-- construct: ON CONFLICT DO UPDATE / NOTHING
-- setup: DROP TABLE IF EXISTS c_kv
-- setup: CREATE TABLE c_kv (k text PRIMARY KEY, v int NOT NULL)
-- setup: INSERT INTO c_kv VALUES ('a', 1)
INSERT INTO c_kv VALUES ('a', 10), ('b', 20) ON CONFLICT (k) DO UPDATE SET v = c_kv.v + EXCLUDED.v RETURNING k, v
--
-- construct: ON CONFLICT DO UPDATE / NOTHING
INSERT INTO c_kv VALUES ('a', 100) ON CONFLICT DO NOTHING RETURNING k
--
-- construct: ON CONFLICT DO UPDATE / NOTHING
INSERT INTO c_kv VALUES ('b', 5) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v WHERE c_kv.v < 10 RETURNING k, v
--
-- construct: ON CONFLICT DO UPDATE / NOTHING
-- rhizome: ERROR 0A000
-- reason: ON CONFLICT ON CONSTRAINT is not translated (the gateway does not know a constraint's columns): refused with 0A000 naming it
INSERT INTO c_kv VALUES ('a', 1) ON CONFLICT ON CONSTRAINT c_kv_pkey DO NOTHING
--
-- construct: UPDATE ... FROM
-- setup: DROP TABLE IF EXISTS c_stock
-- setup: CREATE TABLE c_stock (item text PRIMARY KEY, qty int)
-- setup: INSERT INTO c_stock VALUES ('a', 1), ('b', 2), ('c', 3)
-- rhizome: ERROR 42601
-- reason: an UPDATE with nothing else to translate runs as written: SQLite wants AS before the target's alias (a syntax error)
UPDATE c_stock s SET qty = s.qty + k.v FROM c_kv k WHERE k.k = s.item RETURNING s.item, s.qty
--
-- construct: DELETE ... USING
DELETE FROM c_stock s USING c_kv k WHERE k.k = s.item AND k.v > 15
--
-- construct: constraint errors
INSERT INTO c_kv VALUES ('a', 2)
--
-- construct: constraint errors
INSERT INTO c_kv (k) VALUES ('z')
--
-- construct: constraint errors
-- setup: DROP TABLE IF EXISTS c_child
-- setup: CREATE TABLE c_child (id int PRIMARY KEY, k text REFERENCES c_kv (k), n int CHECK (n > 0))
INSERT INTO c_child VALUES (1, 'nope', 1)
--
-- construct: constraint errors
INSERT INTO c_child VALUES (2, 'a', 0)
--
-- construct: errors
SELECT * FROM c_no_such_table
--
-- construct: errors
SELECT no_such_column FROM people
--
-- construct: transactions
-- setup: DROP TABLE IF EXISTS c_tx
-- setup: CREATE TABLE c_tx (v int)
BEGIN; INSERT INTO c_tx VALUES (1); ROLLBACK; BEGIN ISOLATION LEVEL SERIALIZABLE; INSERT INTO c_tx VALUES (2); COMMIT; SELECT v FROM c_tx
--
-- construct: SAVEPOINT / ROLLBACK TO
BEGIN; INSERT INTO c_tx VALUES (3); SAVEPOINT s1; INSERT INTO c_tx VALUES (4); ROLLBACK TO SAVEPOINT s1; RELEASE SAVEPOINT s1; COMMIT; SELECT v FROM c_tx ORDER BY v
--
-- construct: SET TRANSACTION, START TRANSACTION
START TRANSACTION; SET TRANSACTION ISOLATION LEVEL REPEATABLE READ; SELECT count(*) AS n FROM c_tx; COMMIT
--
-- construct: SELECT ... FOR UPDATE
-- rhizome: ERROR 0A000
-- reason: FOR UPDATE/SHARE is refused with 0A000 rather than run without its row locks (SQLite locks the whole database when it writes, not when it reads)
BEGIN; SELECT v FROM c_tx WHERE v = 2 FOR UPDATE; SELECT v FROM c_tx WHERE v = 3 FOR UPDATE SKIP LOCKED; COMMIT
--
-- construct: SELECT ... FOR UPDATE
-- rhizome: ERROR 0A000
-- reason: FOR UPDATE/SHARE is refused with 0A000 rather than run without its row locks (SQLite locks the whole database when it writes, not when it reads)
SELECT v FROM c_tx WHERE v = 3 FOR UPDATE SKIP LOCKED
--
-- construct: SELECT ... FOR UPDATE
-- rhizome: ERROR 0A000
-- reason: FOR UPDATE/SHARE is refused with 0A000 rather than run without its row locks (SQLite locks the whole database when it writes, not when it reads)
SELECT v FROM c_tx WHERE v = 2 FOR SHARE NOWAIT
--
-- construct: SELECT ... FOR UPDATE
-- rhizome: ERROR 0A000
-- reason: FOR UPDATE/SHARE is refused with 0A000 rather than run without its row locks (SQLite locks the whole database when it writes, not when it reads)
DELETE FROM c_tx WHERE v IN (SELECT v FROM c_tx WHERE v > 100 LIMIT 1 FOR UPDATE SKIP LOCKED)
--
-- construct: LOCK TABLE
-- rhizome: ERROR 0A000
-- reason: LOCK TABLE is refused with 0A000 rather than run without a lock
BEGIN; LOCK TABLE c_tx IN ACCESS EXCLUSIVE MODE; COMMIT
--
-- construct: advisory locks
-- rhizome: ERROR 0A000
-- reason: advisory locks are not provided: refused with 0A000 naming the function rather than answered as if taken
SELECT pg_advisory_lock(42) IS NULL AS locked, pg_try_advisory_lock(42) AS again, pg_advisory_unlock(42) AS unlocked
--
-- construct: advisory locks
-- rhizome: ERROR 0A000
-- reason: advisory locks are not provided: refused with 0A000 naming the function rather than answered as if taken
BEGIN; SELECT pg_try_advisory_xact_lock(7) AS got; COMMIT
--
-- construct: advisory locks
SELECT pg_advisory_unlock_all()
--
-- construct: LISTEN / NOTIFY
-- rhizome: ERROR 0A000
-- reason: LISTEN/NOTIFY are not provided: refused with 0A000 naming them
LISTEN c_channel; NOTIFY c_channel, 'hi'; UNLISTEN c_channel
--
-- construct: LISTEN / NOTIFY
-- rhizome: ERROR 0A000
-- reason: LISTEN/NOTIFY are not provided: refused with 0A000 naming them
NOTIFY c_channel, 'hi'
--
-- construct: LISTEN / NOTIFY
-- rhizome: ERROR 0A000
-- reason: LISTEN/NOTIFY are not provided: refused with 0A000 naming them
SELECT pg_notify('c_channel', 'hi')
--
-- construct: LISTEN / NOTIFY
UNLISTEN c_channel
--
-- construct: sequences
-- setup: DROP SEQUENCE IF EXISTS c_seq
CREATE SEQUENCE c_seq START 5 INCREMENT BY 5; SELECT nextval('c_seq') AS a, nextval('c_seq') AS b; SELECT currval('c_seq') AS c, setval('c_seq', 100) AS s, nextval('c_seq') AS n
--
-- construct: sequences
DROP SEQUENCE c_seq; SELECT nextval('c_seq')
--
-- construct: SERIAL / identity
-- setup: DROP TABLE IF EXISTS c_serial, c_ident
CREATE TABLE c_serial (id bigserial PRIMARY KEY, v text); CREATE TABLE c_ident (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v text); INSERT INTO c_serial (v) VALUES ('a'), ('b') RETURNING id; INSERT INTO c_ident (v) VALUES ('a') RETURNING id
--
-- construct: SERIAL / identity
-- rhizome: (s:text, i:text) NULL, NULL
-- reason: a SERIAL or identity primary key is SQLite's rowid, counted by sqlite_sequence: it has no sequence
SELECT pg_get_serial_sequence('c_serial', 'id') AS s, pg_get_serial_sequence('c_ident', 'id') AS i
--
-- construct: SERIAL / identity
-- setup: DROP TABLE IF EXISTS c_serial2
CREATE TABLE c_serial2 (code text PRIMARY KEY, n serial); INSERT INTO c_serial2 (code) VALUES ('x'), ('y') RETURNING code, n
--
-- construct: SERIAL / identity
SELECT pg_get_serial_sequence('c_serial2', 'n') AS s, nextval(pg_get_serial_sequence('c_serial2', 'n')) AS n
--
-- construct: TRUNCATE
TRUNCATE c_serial; INSERT INTO c_serial (v) VALUES ('c') RETURNING id
--
-- construct: TRUNCATE
TRUNCATE TABLE c_serial, c_ident RESTART IDENTITY; INSERT INTO c_serial (v) VALUES ('d') RETURNING id
--
-- construct: TRUNCATE
TRUNCATE c_serial2 RESTART IDENTITY; INSERT INTO c_serial2 (code) VALUES ('z') RETURNING n
--
-- construct: DROP a, b
DROP TABLE c_serial, c_ident; DROP TABLE IF EXISTS c_serial, c_nothing
--
-- construct: DROP a, b
-- setup: CREATE TABLE c_d1 (a int)
-- setup: CREATE INDEX c_d1_a ON c_d1 (a)
-- setup: CREATE VIEW c_v1 AS SELECT a FROM c_d1
DROP VIEW c_v1; DROP INDEX c_d1_a; DROP TABLE c_d1 CASCADE
--
-- construct: CREATE TABLE / INDEX forms
-- setup: DROP TABLE IF EXISTS c_forms
CREATE TABLE IF NOT EXISTS c_forms (id bigint PRIMARY KEY, email varchar(255) NOT NULL, score double precision DEFAULT 0, meta json, created_at timestamp without time zone DEFAULT now()); CREATE UNIQUE INDEX IF NOT EXISTS c_forms_email ON c_forms USING btree (lower(email)); CREATE INDEX ON c_forms (score DESC NULLS LAST); INSERT INTO c_forms (id, email) VALUES (1, 'A@x.org'); SELECT id, email, score, meta FROM c_forms
--
-- construct: CREATE TABLE / INDEX forms
INSERT INTO c_forms (id, email) VALUES (2, 'a@X.org')
--
-- construct: ALTER TABLE ADD / DROP / RENAME COLUMN
ALTER TABLE c_forms ADD COLUMN note text DEFAULT 'n'; ALTER TABLE c_forms RENAME COLUMN note TO remark; ALTER TABLE c_forms DROP COLUMN remark; SELECT count(*) AS n FROM c_forms
--
-- construct: CREATE SCHEMA / EXTENSION, COMMENT ON
CREATE SCHEMA IF NOT EXISTS public; CREATE EXTENSION IF NOT EXISTS plpgsql; COMMENT ON TABLE c_forms IS 'forms'
--
-- construct: CREATE EXTENSION
-- rhizome: ERROR 0A000
-- reason: extensions other than plpgsql are refused (gen_random_uuid() needs none)
CREATE EXTENSION IF NOT EXISTS pgcrypto
--
-- construct: schema-qualified names
SELECT count(*) AS n FROM public.people p WHERE p.id > 0
--
-- construct: prepared statements with parameters
-- params: ["eng", "1"]
SELECT name FROM people WHERE dept = $1 AND id > $2 ORDER BY id
--
-- construct: prepared statements with parameters
-- params: ["2020-01-01"]
SELECT name FROM people WHERE joined >= $1::timestamptz ORDER BY id
