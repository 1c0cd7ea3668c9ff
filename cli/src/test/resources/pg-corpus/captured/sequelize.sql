-- Statements Sequelize 6.37 (stock postgres dialect, node-postgres 8) sent to PostgreSQL 15: cli/src/test/node/sequelize_app.js. Recorded with cli/tools/record_corpus.py.
--
-- construct: Sequelize
SET client_min_messages TO warning;SET TIME ZONE INTERVAL '+00:00' HOUR TO MINUTE;
--
-- construct: Sequelize
WITH ranges AS (  SELECT pg_range.rngtypid, pg_type.typname AS rngtypname,         pg_type.typarray AS rngtyparray, pg_range.rngsubtype    FROM pg_range LEFT OUTER JOIN pg_type ON pg_type.oid = pg_range.rngtypid)SELECT pg_type.typname, pg_type.typtype, pg_type.oid, pg_type.typarray,       ranges.rngtypname, ranges.rngtypid, ranges.rngtyparray  FROM pg_type LEFT OUTER JOIN ranges ON pg_type.oid = ranges.rngsubtype WHERE (pg_type.typtype IN('b', 'e'));
--
-- construct: Sequelize
SET client_min_messages TO warning;SET TIME ZONE INTERVAL '+00:00' HOUR TO MINUTE;
--
-- construct: Sequelize
DROP TABLE IF EXISTS "sq_reviews";
--
-- construct: Sequelize
DROP TABLE IF EXISTS "sq_books" CASCADE;
--
-- construct: Sequelize
DROP TABLE IF EXISTS "sq_authors" CASCADE;
--
-- construct: Sequelize
SELECT DISTINCT tc.constraint_name as constraint_name, tc.constraint_schema as constraint_schema, tc.constraint_catalog as constraint_catalog, tc.table_name as table_name,tc.table_schema as table_schema,tc.table_catalog as table_catalog,tc.initially_deferred as initially_deferred,tc.is_deferrable as is_deferrable,kcu.column_name as column_name,ccu.table_schema  AS referenced_table_schema,ccu.table_catalog  AS referenced_table_catalog,ccu.table_name  AS referenced_table_name,ccu.column_name AS referenced_column_name FROM information_schema.table_constraints AS tc JOIN information_schema.key_column_usage AS kcu ON tc.constraint_name = kcu.constraint_name JOIN information_schema.constraint_column_usage AS ccu ON ccu.constraint_name = tc.constraint_name WHERE constraint_type = 'FOREIGN KEY' AND tc.table_name = 'sq_authors' AND tc.table_catalog = 'sequelize'
--
-- construct: Sequelize
SELECT DISTINCT tc.constraint_name as constraint_name, tc.constraint_schema as constraint_schema, tc.constraint_catalog as constraint_catalog, tc.table_name as table_name,tc.table_schema as table_schema,tc.table_catalog as table_catalog,tc.initially_deferred as initially_deferred,tc.is_deferrable as is_deferrable,kcu.column_name as column_name,ccu.table_schema  AS referenced_table_schema,ccu.table_catalog  AS referenced_table_catalog,ccu.table_name  AS referenced_table_name,ccu.column_name AS referenced_column_name FROM information_schema.table_constraints AS tc JOIN information_schema.key_column_usage AS kcu ON tc.constraint_name = kcu.constraint_name JOIN information_schema.constraint_column_usage AS ccu ON ccu.constraint_name = tc.constraint_name WHERE constraint_type = 'FOREIGN KEY' AND tc.table_name = 'sq_books' AND tc.table_catalog = 'sequelize'
--
-- construct: Sequelize
DROP TABLE IF EXISTS "sq_authors" CASCADE;
--
-- construct: Sequelize
DROP TABLE IF EXISTS "sq_books" CASCADE;
--
-- construct: Sequelize
DROP TABLE IF EXISTS "sq_authors" CASCADE;
--
-- construct: Sequelize
CREATE TABLE IF NOT EXISTS "sq_authors" ("id"  SERIAL , "name" VARCHAR(60) NOT NULL UNIQUE, "active" BOOLEAN NOT NULL DEFAULT true, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL, PRIMARY KEY ("id"));
--
-- construct: Sequelize
SELECT i.relname AS name, ix.indisprimary AS primary, ix.indisunique AS unique, ix.indkey AS indkey, array_agg(a.attnum) as column_indexes, array_agg(a.attname) AS column_names, pg_get_indexdef(ix.indexrelid) AS definition FROM pg_class t, pg_class i, pg_index ix, pg_attribute a WHERE t.oid = ix.indrelid AND i.oid = ix.indexrelid AND a.attrelid = t.oid AND t.relkind = 'r' and t.relname = 'sq_authors' GROUP BY i.relname, ix.indexrelid, ix.indisprimary, ix.indisunique, ix.indkey ORDER BY i.relname;
--
-- construct: Sequelize
DROP TABLE IF EXISTS "sq_books" CASCADE;
--
-- construct: Sequelize
CREATE TABLE IF NOT EXISTS "sq_books" ("id"  SERIAL , "title" VARCHAR(255) NOT NULL, "price" DECIMAL(8,2), "published" DATE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL, "authorId" INTEGER REFERENCES "sq_authors" ("id") ON DELETE CASCADE ON UPDATE CASCADE, PRIMARY KEY ("id"));
--
-- construct: Sequelize
SELECT i.relname AS name, ix.indisprimary AS primary, ix.indisunique AS unique, ix.indkey AS indkey, array_agg(a.attnum) as column_indexes, array_agg(a.attname) AS column_names, pg_get_indexdef(ix.indexrelid) AS definition FROM pg_class t, pg_class i, pg_index ix, pg_attribute a WHERE t.oid = ix.indrelid AND i.oid = ix.indexrelid AND a.attrelid = t.oid AND t.relkind = 'r' and t.relname = 'sq_books' GROUP BY i.relname, ix.indexrelid, ix.indisprimary, ix.indisunique, ix.indkey ORDER BY i.relname;
--
-- construct: Sequelize
CREATE UNIQUE INDEX "sq_books_title" ON "sq_books" ("title")
--
-- construct: Sequelize
SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'sq_authors'
--
-- construct: Sequelize
SELECT i.relname AS name, ix.indisprimary AS primary, ix.indisunique AS unique, ix.indkey AS indkey, array_agg(a.attnum) as column_indexes, array_agg(a.attname) AS column_names, pg_get_indexdef(ix.indexrelid) AS definition FROM pg_class t, pg_class i, pg_index ix, pg_attribute a WHERE t.oid = ix.indrelid AND i.oid = ix.indexrelid AND a.attrelid = t.oid AND t.relkind = 'r' and t.relname = 'sq_authors' GROUP BY i.relname, ix.indexrelid, ix.indisprimary, ix.indisunique, ix.indkey ORDER BY i.relname;
--
-- construct: Sequelize
SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'sq_books'
--
-- construct: Sequelize
SELECT i.relname AS name, ix.indisprimary AS primary, ix.indisunique AS unique, ix.indkey AS indkey, array_agg(a.attnum) as column_indexes, array_agg(a.attname) AS column_names, pg_get_indexdef(ix.indexrelid) AS definition FROM pg_class t, pg_class i, pg_index ix, pg_attribute a WHERE t.oid = ix.indrelid AND i.oid = ix.indexrelid AND a.attrelid = t.oid AND t.relkind = 'r' and t.relname = 'sq_books' GROUP BY i.relname, ix.indexrelid, ix.indisprimary, ix.indisunique, ix.indkey ORDER BY i.relname;
--
-- construct: Sequelize
SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type LIKE '%TABLE' AND table_name != 'spatial_ref_sys';
--
-- construct: Sequelize
CREATE TABLE IF NOT EXISTS "sq_reviews" ("id"  SERIAL , "bookId" INTEGER NOT NULL REFERENCES "sq_books" ("id") ON DELETE CASCADE, "stars" INTEGER NOT NULL DEFAULT 3, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), PRIMARY KEY ("id"));
--
-- construct: Sequelize
ALTER TABLE "public"."sq_reviews" ADD COLUMN "body" TEXT;
--
-- construct: Sequelize
CREATE INDEX "sq_reviews_book_stars" ON "sq_reviews" ("bookId", "stars")
--
-- construct: Sequelize
SELECT pk.constraint_type as "Constraint",c.column_name as "Field", c.column_default as "Default",c.is_nullable as "Null", (CASE WHEN c.udt_name = 'hstore' THEN c.udt_name ELSE c.data_type END) || (CASE WHEN c.character_maximum_length IS NOT NULL THEN '(' || c.character_maximum_length || ')' ELSE '' END) as "Type", (SELECT array_agg(e.enumlabel) FROM pg_catalog.pg_type t JOIN pg_catalog.pg_enum e ON t.oid=e.enumtypid WHERE t.typname=c.udt_name) AS "special", (SELECT pgd.description FROM pg_catalog.pg_statio_all_tables AS st INNER JOIN pg_catalog.pg_description pgd on (pgd.objoid=st.relid) WHERE c.ordinal_position=pgd.objsubid AND c.table_name=st.relname) AS "Comment" FROM information_schema.columns c LEFT JOIN (SELECT tc.table_schema, tc.table_name, cu.column_name, tc.constraint_type FROM information_schema.TABLE_CONSTRAINTS tc JOIN information_schema.KEY_COLUMN_USAGE  cu ON tc.table_schema=cu.table_schema and tc.table_name=cu.table_name and tc.constraint_name=cu.constraint_name and tc.constraint_type='PRIMARY KEY') pk ON pk.table_schema=c.table_schema AND pk.table_name=c.table_name AND pk.column_name=c.column_name WHERE c.table_name = 'sq_reviews' AND c.table_schema = 'public'
--
-- construct: Sequelize
-- params: ["Ann", "t", "2026-12-06 07:45:47.361+00", "2026-12-06 07:45:47.361+00"]
INSERT INTO "sq_authors" ("id","name","active","createdAt","updatedAt") VALUES (DEFAULT,$1,$2,$3,$4) RETURNING "id","name","active","createdAt","updatedAt";
--
-- construct: Sequelize
INSERT INTO "sq_authors" ("id","name","active","createdAt","updatedAt") VALUES (DEFAULT,'bob',true,'2026-12-06 07:45:47.371 +00:00','2026-12-06 07:45:47.371 +00:00'),(DEFAULT,'Cleo',false,'2026-12-06 07:45:47.371 +00:00','2026-12-06 07:45:47.371 +00:00') RETURNING "id","name","active","createdAt","updatedAt";
--
-- construct: Sequelize
-- params: ["Dune", "12.50", "1965-08-01", "2026-12-06 07:45:47.375+00", "2026-12-06 07:45:47.375+00", "1"]
INSERT INTO "sq_books" ("id","title","price","published","createdAt","updatedAt","authorId") VALUES (DEFAULT,$1,$2,$3,$4,$5,$6) RETURNING "id","title","price","published","createdAt","updatedAt","authorId";
--
-- construct: Sequelize
INSERT INTO "sq_books" ("id","title","price","createdAt","updatedAt","authorId") VALUES (DEFAULT,'Emma',7,'2026-12-06 07:45:47.381 +00:00','2026-12-06 07:45:47.381 +00:00',1),(DEFAULT,'Beloved','9.99','2026-12-06 07:45:47.381 +00:00','2026-12-06 07:45:47.381 +00:00',2) RETURNING "id","title","price","published","createdAt","updatedAt","authorId";
--
-- construct: Sequelize
INSERT INTO "sq_reviews" ("bookId", "stars", "body") VALUES (1, 5, 'great')
--
-- construct: Sequelize
-- params: ["Ann", "t", "2026-12-06 07:45:47.384+00", "2026-12-06 07:45:47.384+00"]
INSERT INTO "sq_authors" ("id","name","active","createdAt","updatedAt") VALUES (DEFAULT,$1,$2,$3,$4) RETURNING "id","name","active","createdAt","updatedAt";
--
-- construct: Sequelize
-- params: ["Dune", "2026-12-06 07:45:47.387+00", "2026-12-06 07:45:47.387+00", "1"]
INSERT INTO "sq_books" ("id","title","createdAt","updatedAt","authorId") VALUES (DEFAULT,$1,$2,$3,$4) RETURNING "id","title","price","published","createdAt","updatedAt","authorId";
--
-- construct: Sequelize
SELECT "id", "name", "active", "createdAt", "updatedAt" FROM "sq_authors" AS "author" WHERE "author"."name" ILIKE '%E%' ORDER BY "author"."name" DESC LIMIT 2 OFFSET 0;
--
-- construct: Sequelize
SELECT "id", "title", "price", "published", "createdAt", "updatedAt", "authorId" FROM "sq_books" AS "book" ORDER BY "book"."title" ASC LIMIT 2 OFFSET 1;
--
-- construct: Sequelize
SELECT "id", "title", "price", "published", "createdAt", "updatedAt", "authorId" FROM "sq_books" AS "book" WHERE "book"."price" < 10 AND "book"."title" NOT ILIKE 'x%' ORDER BY "book"."price" ASC;
--
-- construct: Sequelize
SELECT "author"."id", "author"."name", "author"."active", "author"."createdAt", "author"."updatedAt", "books"."id" AS "books.id", "books"."title" AS "books.title", "books"."price" AS "books.price", "books"."published" AS "books.published", "books"."createdAt" AS "books.createdAt", "books"."updatedAt" AS "books.updatedAt", "books"."authorId" AS "books.authorId" FROM "sq_authors" AS "author" LEFT OUTER JOIN "sq_books" AS "books" ON "author"."id" = "books"."authorId" ORDER BY "author"."id" ASC, "books"."title" ASC;
--
-- construct: Sequelize
SELECT "author".*, "books"."id" AS "books.id", "books"."title" AS "books.title", "books"."price" AS "books.price", "books"."published" AS "books.published", "books"."createdAt" AS "books.createdAt", "books"."updatedAt" AS "books.updatedAt", "books"."authorId" AS "books.authorId" FROM (SELECT "author"."id", "author"."name", "author"."active", "author"."createdAt", "author"."updatedAt" FROM "sq_authors" AS "author" ORDER BY "author"."id" ASC LIMIT 1 OFFSET 1) AS "author" LEFT OUTER JOIN "sq_books" AS "books" ON "author"."id" = "books"."authorId" ORDER BY "author"."id" ASC;
--
-- construct: Sequelize
SELECT "book"."id", "book"."title", "book"."price", "book"."published", "book"."createdAt", "book"."updatedAt", "book"."authorId", "author"."id" AS "author.id", "author"."name" AS "author.name", "author"."active" AS "author.active", "author"."createdAt" AS "author.createdAt", "author"."updatedAt" AS "author.updatedAt" FROM "sq_books" AS "book" LEFT OUTER JOIN "sq_authors" AS "author" ON "book"."authorId" = "author"."id" WHERE "book"."title" = 'Dune' LIMIT 1;
--
-- construct: Sequelize
SELECT count(*) AS "count" FROM "sq_books" AS "book";
--
-- construct: Sequelize
SELECT count(*) AS "count" FROM "sq_authors" AS "author" WHERE "author"."active" = true;
--
-- construct: Sequelize
-- params: ["8.00", "2026-12-06 07:45:47.419+00", "Emma"]
UPDATE "sq_books" SET "price"=$1,"updatedAt"=$2 WHERE "title" = $3
--
-- construct: Sequelize
UPDATE "sq_books" SET "price"="price"+ 1,"updatedAt"='2026-12-06 07:45:47.421 +00:00' WHERE "title" = 'Beloved' RETURNING *
--
-- construct: Sequelize
SELECT "title", "price" FROM "sq_books" AS "book" ORDER BY "book"."title" ASC;
--
-- construct: Sequelize
-- params: ["13.00", "2026-12-06 07:45:47.423+00", "1"]
UPDATE "sq_books" SET "price"=$1,"updatedAt"=$2 WHERE "id" = $3
--
-- construct: Sequelize
SELECT "id", "title", "price", "published", "createdAt", "updatedAt", "authorId" FROM "sq_books" AS "book" WHERE "book"."id" = 1;
--
-- construct: Sequelize
START TRANSACTION;
--
-- construct: Sequelize
-- params: ["Dan", "t", "2026-12-06 07:45:47.428+00", "2026-12-06 07:45:47.428+00"]
INSERT INTO "sq_authors" ("id","name","active","createdAt","updatedAt") VALUES (DEFAULT,$1,$2,$3,$4) RETURNING "id","name","active","createdAt","updatedAt";
--
-- construct: Sequelize
COMMIT;
--
-- construct: Sequelize
START TRANSACTION;
--
-- construct: Sequelize
-- params: ["Eve", "t", "2026-12-06 07:45:47.43+00", "2026-12-06 07:45:47.43+00"]
INSERT INTO "sq_authors" ("id","name","active","createdAt","updatedAt") VALUES (DEFAULT,$1,$2,$3,$4) RETURNING "id","name","active","createdAt","updatedAt";
--
-- construct: Sequelize
ROLLBACK;
--
-- construct: Sequelize
START TRANSACTION;
--
-- construct: Sequelize
DELETE FROM "sq_books" WHERE "title" = 'Emma'
--
-- construct: Sequelize
COMMIT;
--
-- construct: Sequelize
SELECT "id", "name", "active", "createdAt", "updatedAt" FROM "sq_authors" AS "author" ORDER BY "author"."id" ASC;
--
-- construct: Sequelize
DELETE FROM "sq_authors" WHERE "name" = 'Ann'
--
-- construct: Sequelize
SELECT "id", "title", "price", "published", "createdAt", "updatedAt", "authorId" FROM "sq_books" AS "book" ORDER BY "book"."title" ASC;
--
-- construct: Sequelize
SELECT count(*) AS n FROM "sq_reviews"
--
-- construct: Sequelize
DROP TABLE IF EXISTS "sq_reviews";
--
-- construct: Sequelize
DROP TABLE IF EXISTS "sq_books";
--
-- construct: Sequelize
DROP TABLE IF EXISTS "sq_authors";
--
-- construct: Sequelize
SELECT DISTINCT tc.constraint_name as constraint_name, tc.constraint_schema as constraint_schema, tc.constraint_catalog as constraint_catalog, tc.table_name as table_name,tc.table_schema as table_schema,tc.table_catalog as table_catalog,tc.initially_deferred as initially_deferred,tc.is_deferrable as is_deferrable,kcu.column_name as column_name,ccu.table_schema  AS referenced_table_schema,ccu.table_catalog  AS referenced_table_catalog,ccu.table_name  AS referenced_table_name,ccu.column_name AS referenced_column_name FROM information_schema.table_constraints AS tc JOIN information_schema.key_column_usage AS kcu ON tc.constraint_name = kcu.constraint_name JOIN information_schema.constraint_column_usage AS ccu ON ccu.constraint_name = tc.constraint_name WHERE constraint_type = 'FOREIGN KEY' AND tc.table_name = 'sq_authors' AND tc.table_catalog = 'sequelize'
--
-- construct: Sequelize
SELECT DISTINCT tc.constraint_name as constraint_name, tc.constraint_schema as constraint_schema, tc.constraint_catalog as constraint_catalog, tc.table_name as table_name,tc.table_schema as table_schema,tc.table_catalog as table_catalog,tc.initially_deferred as initially_deferred,tc.is_deferrable as is_deferrable,kcu.column_name as column_name,ccu.table_schema  AS referenced_table_schema,ccu.table_catalog  AS referenced_table_catalog,ccu.table_name  AS referenced_table_name,ccu.column_name AS referenced_column_name FROM information_schema.table_constraints AS tc JOIN information_schema.key_column_usage AS kcu ON tc.constraint_name = kcu.constraint_name JOIN information_schema.constraint_column_usage AS ccu ON ccu.constraint_name = tc.constraint_name WHERE constraint_type = 'FOREIGN KEY' AND tc.table_name = 'sq_books' AND tc.table_catalog = 'sequelize'
--
-- construct: Sequelize
DROP TABLE IF EXISTS "sq_authors";
--
-- construct: Sequelize
DROP TABLE IF EXISTS "sq_books";
--
-- construct: Sequelize
SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type LIKE '%TABLE' AND table_name != 'spatial_ref_sys';
