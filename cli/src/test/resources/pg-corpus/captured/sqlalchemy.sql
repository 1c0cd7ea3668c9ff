-- Statements SQLAlchemy 1.4 (psycopg2, stock postgresql dialect) sent to PostgreSQL 15: cli/src/test/resources/clients/sqlalchemy_orm.py, then sqlalchemy_sequences.py. Recorded with cli/tools/record_corpus.py.
--
-- construct: SQLAlchemy ORM
BEGIN
--
-- construct: SQLAlchemy ORM
SELECT t.oid, typarray
FROM pg_type t JOIN pg_namespace ns
    ON typnamespace = ns.oid
WHERE typname = 'hstore';
--
-- construct: SQLAlchemy ORM
ROLLBACK
--
-- construct: SQLAlchemy ORM
BEGIN
--
-- construct: SQLAlchemy ORM
-- rhizome: (version:text) PostgreSQL 15.0 (Rhizome 0.1.0) on SQLite, compiled by Java
-- reason: Rhizome's version string
select pg_catalog.version()
--
-- construct: SQLAlchemy ORM
select current_schema()
--
-- construct: SQLAlchemy ORM
-- rhizome: (transaction_isolation:text) serializable
-- reason: SQLite's transactions are serializable; a weaker level asked for is served by it
show transaction isolation level
--
-- construct: SQLAlchemy ORM
show standard_conforming_strings
--
-- construct: SQLAlchemy ORM
ROLLBACK
--
-- construct: SQLAlchemy ORM
BEGIN
--
-- construct: SQLAlchemy ORM
select relname from pg_class c join pg_namespace n on n.oid=c.relnamespace where pg_catalog.pg_table_is_visible(c.oid) and relname='orm_authors'
--
-- construct: SQLAlchemy ORM
select relname from pg_class c join pg_namespace n on n.oid=c.relnamespace where pg_catalog.pg_table_is_visible(c.oid) and relname='orm_books'
--
-- construct: SQLAlchemy ORM
CREATE TABLE orm_authors (
	id SERIAL NOT NULL, 
	name VARCHAR(100) NOT NULL, 
	active BOOLEAN DEFAULT 'true' NOT NULL, 
	joined TIMESTAMP WITH TIME ZONE DEFAULT now(), 
	PRIMARY KEY (id), 
	UNIQUE (name)
)
--
-- construct: SQLAlchemy ORM
CREATE TABLE orm_books (
	id SERIAL NOT NULL, 
	author_id INTEGER NOT NULL, 
	title VARCHAR(200) NOT NULL, 
	price NUMERIC(10, 2), 
	notes TEXT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(author_id) REFERENCES orm_authors (id) ON DELETE CASCADE
)
--
-- construct: SQLAlchemy ORM
CREATE INDEX ix_orm_books_author_id ON orm_books (author_id)
--
-- construct: SQLAlchemy ORM
COMMIT
--
-- construct: SQLAlchemy ORM
BEGIN
--
-- construct: SQLAlchemy ORM
SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind in ('r', 'p')
--
-- construct: SQLAlchemy ORM
ROLLBACK
--
-- construct: SQLAlchemy ORM
BEGIN
--
-- construct: SQLAlchemy ORM
INSERT INTO orm_authors (name) VALUES ('Ann'),('Bob') RETURNING orm_authors.id
--
-- construct: SQLAlchemy ORM
INSERT INTO orm_books (author_id, title, price, notes) VALUES (1, 'Dune Notes', 9.5, NULL),(1, 'dusk', 12, NULL),(2, 'Rain', NULL, NULL) RETURNING orm_books.id
--
-- construct: SQLAlchemy ORM
COMMIT
--
-- construct: SQLAlchemy ORM
BEGIN
--
-- construct: SQLAlchemy ORM
SELECT orm_authors.id AS orm_authors_id, orm_authors.name AS orm_authors_name, orm_authors.active AS orm_authors_active, orm_authors.joined AS orm_authors_joined 
FROM orm_authors 
WHERE orm_authors.id = 1
--
-- construct: SQLAlchemy ORM
SELECT orm_authors.id AS orm_authors_id, orm_authors.name AS orm_authors_name, orm_authors.active AS orm_authors_active, orm_authors.joined AS orm_authors_joined 
FROM orm_authors 
WHERE orm_authors.id = 2
--
-- construct: SQLAlchemy ORM
-- rhizome: (orm_books_id:number, orm_books_author_id:number, orm_books_title:text, orm_books_price:number, orm_books_notes:text) 1, 1, Dune Notes, 9.5, NULL; 2, 1, dusk, 12, NULL
-- reason: numeric's scale is not kept (12.50 reads 12.5)
SELECT orm_books.id AS orm_books_id, orm_books.author_id AS orm_books_author_id, orm_books.title AS orm_books_title, orm_books.price AS orm_books_price, orm_books.notes AS orm_books_notes 
FROM orm_books 
WHERE 1 = orm_books.author_id ORDER BY orm_books.id
--
-- construct: SQLAlchemy ORM
SELECT orm_books.id AS orm_books_id, orm_books.author_id AS orm_books_author_id, orm_books.title AS orm_books_title, orm_books.price AS orm_books_price, orm_books.notes AS orm_books_notes 
FROM orm_books 
WHERE 2 = orm_books.author_id ORDER BY orm_books.id
--
-- construct: SQLAlchemy ORM
ROLLBACK
--
-- construct: SQLAlchemy ORM
BEGIN
--
-- construct: SQLAlchemy ORM
SELECT orm_books.title 
FROM orm_books 
WHERE orm_books.title ILIKE 'du%' ORDER BY orm_books.id
--
-- construct: SQLAlchemy ORM
SELECT orm_books.title 
FROM orm_books 
WHERE orm_books.title NOT ILIKE 'du%' ORDER BY orm_books.id
--
-- construct: SQLAlchemy ORM
SELECT orm_authors.id, orm_authors.name, orm_authors.active, orm_authors.joined 
FROM orm_authors 
WHERE orm_authors.name = 'Ann'
--
-- construct: SQLAlchemy ORM
-- rhizome: (orm_books_id:number, orm_books_author_id:number, orm_books_title:text, orm_books_price:number, orm_books_notes:text) 1, 1, Dune Notes, 9.5, NULL; 2, 1, dusk, 12, NULL
-- reason: numeric's scale is not kept (12.50 reads 12.5)
SELECT orm_books.id AS orm_books_id, orm_books.author_id AS orm_books_author_id, orm_books.title AS orm_books_title, orm_books.price AS orm_books_price, orm_books.notes AS orm_books_notes 
FROM orm_books 
WHERE 1 = orm_books.author_id ORDER BY orm_books.id
--
-- construct: SQLAlchemy ORM
UPDATE orm_books SET price=11 WHERE orm_books.id = 1
--
-- construct: SQLAlchemy ORM
COMMIT
--
-- construct: SQLAlchemy ORM
BEGIN
--
-- construct: SQLAlchemy ORM
-- rhizome: (sum_1:number) 23
-- reason: numeric's scale is not kept (12.50 reads 12.5)
SELECT sum(orm_books.price) AS sum_1 
FROM orm_books
--
-- construct: SQLAlchemy ORM
SELECT orm_authors.id AS orm_authors_id, orm_authors.name AS orm_authors_name, orm_authors.active AS orm_authors_active, orm_authors.joined AS orm_authors_joined 
FROM orm_authors 
WHERE orm_authors.id = 1
--
-- construct: SQLAlchemy ORM
-- rhizome: (orm_books_id:number, orm_books_author_id:number, orm_books_title:text, orm_books_price:number, orm_books_notes:text) 1, 1, Dune Notes, 11, NULL; 2, 1, dusk, 12, NULL
-- reason: numeric's scale is not kept (12.50 reads 12.5)
SELECT orm_books.id AS orm_books_id, orm_books.author_id AS orm_books_author_id, orm_books.title AS orm_books_title, orm_books.price AS orm_books_price, orm_books.notes AS orm_books_notes 
FROM orm_books 
WHERE 1 = orm_books.author_id ORDER BY orm_books.id
--
-- construct: SQLAlchemy ORM
DELETE FROM orm_books WHERE orm_books.id = 1
--
-- construct: SQLAlchemy ORM
DELETE FROM orm_books WHERE orm_books.id = 2
--
-- construct: SQLAlchemy ORM
DELETE FROM orm_authors WHERE orm_authors.id = 1
--
-- construct: SQLAlchemy ORM
COMMIT
--
-- construct: SQLAlchemy ORM
BEGIN
--
-- construct: SQLAlchemy ORM
SELECT orm_books.title 
FROM orm_books
--
-- construct: SQLAlchemy ORM
ROLLBACK
--
-- construct: SQLAlchemy ORM
BEGIN
--
-- construct: SQLAlchemy ORM
select relname from pg_class c join pg_namespace n on n.oid=c.relnamespace where pg_catalog.pg_table_is_visible(c.oid) and relname='orm_authors'
--
-- construct: SQLAlchemy ORM
select relname from pg_class c join pg_namespace n on n.oid=c.relnamespace where pg_catalog.pg_table_is_visible(c.oid) and relname='orm_books'
--
-- construct: SQLAlchemy ORM
DROP TABLE orm_books
--
-- construct: SQLAlchemy ORM
DROP TABLE orm_authors
--
-- construct: SQLAlchemy ORM
COMMIT
--
-- construct: SQLAlchemy ORM
BEGIN
--
-- construct: SQLAlchemy ORM
SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind in ('r', 'p')
--
-- construct: SQLAlchemy ORM
ROLLBACK
--
-- construct: SQLAlchemy sequences
BEGIN
--
-- construct: SQLAlchemy sequences
SELECT t.oid, typarray
FROM pg_type t JOIN pg_namespace ns
    ON typnamespace = ns.oid
WHERE typname = 'hstore';
--
-- construct: SQLAlchemy sequences
ROLLBACK
--
-- construct: SQLAlchemy sequences
BEGIN
--
-- construct: SQLAlchemy sequences
-- rhizome: (version:text) PostgreSQL 15.0 (Rhizome 0.1.0) on SQLite, compiled by Java
-- reason: Rhizome's version string
select pg_catalog.version()
--
-- construct: SQLAlchemy sequences
select current_schema()
--
-- construct: SQLAlchemy sequences
-- rhizome: (transaction_isolation:text) serializable
-- reason: SQLite's transactions are serializable; a weaker level asked for is served by it
show transaction isolation level
--
-- construct: SQLAlchemy sequences
show standard_conforming_strings
--
-- construct: SQLAlchemy sequences
ROLLBACK
--
-- construct: SQLAlchemy sequences
BEGIN
--
-- construct: SQLAlchemy sequences
select relname from pg_class c join pg_namespace n on n.oid=c.relnamespace where pg_catalog.pg_table_is_visible(c.oid) and relname='orm_tickets'
--
-- construct: SQLAlchemy sequences
SELECT relname FROM pg_class c join pg_namespace n on n.oid=c.relnamespace where relkind='S' and n.nspname='public' and relname='orm_ticket_seq'
--
-- construct: SQLAlchemy sequences
CREATE SEQUENCE orm_ticket_seq INCREMENT BY 10 START WITH 100
--
-- construct: SQLAlchemy sequences
CREATE TABLE orm_tickets (
	id INTEGER NOT NULL, 
	code VARCHAR(20) NOT NULL, 
	serial_no INTEGER GENERATED BY DEFAULT AS IDENTITY, 
	PRIMARY KEY (id)
)
--
-- construct: SQLAlchemy sequences
COMMIT
--
-- construct: SQLAlchemy sequences
BEGIN
--
-- construct: SQLAlchemy sequences
SELECT relname FROM pg_class c join pg_namespace n on n.oid=c.relnamespace where relkind='S' and n.nspname='public' and relname='orm_ticket_seq'
--
-- construct: SQLAlchemy sequences
ROLLBACK
--
-- construct: SQLAlchemy sequences
BEGIN
--
-- construct: SQLAlchemy sequences
INSERT INTO orm_tickets (id, code) VALUES (nextval('orm_ticket_seq'), 'a'),(nextval('orm_ticket_seq'), 'b') RETURNING orm_tickets.id
--
-- construct: SQLAlchemy sequences
COMMIT
--
-- construct: SQLAlchemy sequences
BEGIN
--
-- construct: SQLAlchemy sequences
SELECT orm_tickets.id AS orm_tickets_id, orm_tickets.code AS orm_tickets_code, orm_tickets.serial_no AS orm_tickets_serial_no 
FROM orm_tickets 
WHERE orm_tickets.id = 100
--
-- construct: SQLAlchemy sequences
SELECT orm_tickets.id AS orm_tickets_id, orm_tickets.code AS orm_tickets_code, orm_tickets.serial_no AS orm_tickets_serial_no 
FROM orm_tickets 
WHERE orm_tickets.id = 110
--
-- construct: SQLAlchemy sequences
SELECT orm_tickets.serial_no 
FROM orm_tickets ORDER BY orm_tickets.id
--
-- construct: SQLAlchemy sequences
SELECT nextval('orm_ticket_seq') AS next_value_1
--
-- construct: SQLAlchemy sequences
ROLLBACK
--
-- construct: SQLAlchemy sequences
BEGIN
--
-- construct: SQLAlchemy sequences
select relname from pg_class c join pg_namespace n on n.oid=c.relnamespace where pg_catalog.pg_table_is_visible(c.oid) and relname='orm_tickets'
--
-- construct: SQLAlchemy sequences
SELECT relname FROM pg_class c join pg_namespace n on n.oid=c.relnamespace where relkind='S' and n.nspname='public' and relname='orm_ticket_seq'
--
-- construct: SQLAlchemy sequences
DROP TABLE orm_tickets
--
-- construct: SQLAlchemy sequences
SELECT relname FROM pg_class c join pg_namespace n on n.oid=c.relnamespace where relkind='S' and n.nspname='public' and relname='orm_ticket_seq'
--
-- construct: SQLAlchemy sequences
DROP SEQUENCE orm_ticket_seq
--
-- construct: SQLAlchemy sequences
COMMIT
--
-- construct: SQLAlchemy sequences
BEGIN
--
-- construct: SQLAlchemy sequences
SELECT relname FROM pg_class c join pg_namespace n on n.oid=c.relnamespace where relkind='S' and n.nspname='public' and relname='orm_ticket_seq'
--
-- construct: SQLAlchemy sequences
SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind in ('r', 'p')
--
-- construct: SQLAlchemy sequences
ROLLBACK
--
-- construct: SQLAlchemy sequences
BEGIN
--
-- construct: SQLAlchemy sequences
select relname from pg_class c join pg_namespace n on n.oid=c.relnamespace where pg_catalog.pg_table_is_visible(c.oid) and relname='orm_tickets'
--
-- construct: SQLAlchemy sequences
SELECT relname FROM pg_class c join pg_namespace n on n.oid=c.relnamespace where relkind='S' and n.nspname='public' and relname='orm_ticket_seq'
--
-- construct: SQLAlchemy sequences
CREATE SEQUENCE orm_ticket_seq INCREMENT BY 10 START WITH 100
--
-- construct: SQLAlchemy sequences
CREATE TABLE orm_tickets (
	id INTEGER NOT NULL, 
	code VARCHAR(20) NOT NULL, 
	serial_no INTEGER GENERATED BY DEFAULT AS IDENTITY, 
	PRIMARY KEY (id)
)
--
-- construct: SQLAlchemy sequences
COMMIT
--
-- construct: SQLAlchemy sequences
BEGIN
--
-- construct: SQLAlchemy sequences
SELECT relname FROM pg_class c join pg_namespace n on n.oid=c.relnamespace where relkind='S' and n.nspname='public' and relname='orm_ticket_seq'
--
-- construct: SQLAlchemy sequences
ROLLBACK
--
-- construct: SQLAlchemy sequences
BEGIN
--
-- construct: SQLAlchemy sequences
INSERT INTO orm_tickets (id, code) VALUES (nextval('orm_ticket_seq'), 'a'),(nextval('orm_ticket_seq'), 'b') RETURNING orm_tickets.id
--
-- construct: SQLAlchemy sequences
COMMIT
--
-- construct: SQLAlchemy sequences
BEGIN
--
-- construct: SQLAlchemy sequences
SELECT orm_tickets.id AS orm_tickets_id, orm_tickets.code AS orm_tickets_code, orm_tickets.serial_no AS orm_tickets_serial_no 
FROM orm_tickets 
WHERE orm_tickets.id = 100
--
-- construct: SQLAlchemy sequences
SELECT orm_tickets.id AS orm_tickets_id, orm_tickets.code AS orm_tickets_code, orm_tickets.serial_no AS orm_tickets_serial_no 
FROM orm_tickets 
WHERE orm_tickets.id = 110
--
-- construct: SQLAlchemy sequences
SELECT orm_tickets.serial_no 
FROM orm_tickets ORDER BY orm_tickets.id
--
-- construct: SQLAlchemy sequences
SELECT nextval('orm_ticket_seq') AS next_value_1
--
-- construct: SQLAlchemy sequences
ROLLBACK
--
-- construct: SQLAlchemy sequences
BEGIN
--
-- construct: SQLAlchemy sequences
select relname from pg_class c join pg_namespace n on n.oid=c.relnamespace where pg_catalog.pg_table_is_visible(c.oid) and relname='orm_tickets'
--
-- construct: SQLAlchemy sequences
SELECT relname FROM pg_class c join pg_namespace n on n.oid=c.relnamespace where relkind='S' and n.nspname='public' and relname='orm_ticket_seq'
--
-- construct: SQLAlchemy sequences
DROP TABLE orm_tickets
--
-- construct: SQLAlchemy sequences
SELECT relname FROM pg_class c join pg_namespace n on n.oid=c.relnamespace where relkind='S' and n.nspname='public' and relname='orm_ticket_seq'
--
-- construct: SQLAlchemy sequences
DROP SEQUENCE orm_ticket_seq
--
-- construct: SQLAlchemy sequences
COMMIT
--
-- construct: SQLAlchemy sequences
BEGIN
--
-- construct: SQLAlchemy sequences
SELECT relname FROM pg_class c join pg_namespace n on n.oid=c.relnamespace where relkind='S' and n.nspname='public' and relname='orm_ticket_seq'
--
-- construct: SQLAlchemy sequences
SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind in ('r', 'p')
--
-- construct: SQLAlchemy sequences
ROLLBACK
