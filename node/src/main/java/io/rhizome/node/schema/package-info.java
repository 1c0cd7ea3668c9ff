/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
/**
 * The {@code ALTER TABLE} forms SQLite has no statement for, run by the node on the tenant's
 * connection: {@code ALTER COLUMN ... TYPE / SET DEFAULT / DROP DEFAULT / SET NOT NULL / DROP NOT
 * NULL}, {@code ADD CONSTRAINT} (CHECK, FOREIGN KEY, UNIQUE, PRIMARY KEY), {@code DROP CONSTRAINT},
 * {@code RENAME CONSTRAINT}, the {@code IF [NOT] EXISTS} forms, Postgres' {@code DROP COLUMN ...
 * CASCADE | RESTRICT} (the indexes and constraints that use the column go first), and several
 * actions in one statement; and Postgres' {@code DROP TABLE ... CASCADE}, which drops the other
 * tables' foreign keys to the dropped ones and keeps their rows.
 *
 * <pre>
 *   TableChange        entry point: of(sql) for statements tagged ALTER TABLE or DROP TABLE,
 *     │                    run(connection): a savepoint around the actions
 *     ├─ AlterTable        the statement read into actions (Postgres' forms, SQLite's expressions)
 *     ├─ TableEditor       each action on one table: its stored definition edited, its rows checked
 *     │                    or written again
 *     ├─ DropTables        DROP TABLE [IF EXISTS] a, b CASCADE
 *     ├─ TableDefinition   the stored CREATE TABLE read into columns and constraints with spans
 *     └─ SchemaTokens      SQLite's tokens with their spans
 *   DeclaredConstraints  foreign key names and CHECK constraints for the catalog (pg_constraint)
 * </pre>
 *
 * <h2>Where translation ends</h2>
 *
 * The gateway translates Postgres' {@code ALTER TABLE} into these forms with SQLite's types and
 * expressions ({@code io.rhizome.pgsql.sqlite.Ddl}); the node reads the table's definition, which
 * only it has, and makes the change. The forms are SQLite syntax errors in SQLite itself, so a
 * statement SQLite runs is never taken for one of them, and only a statement whose tag is {@code
 * ALTER TABLE} or {@code DROP TABLE} is read at all: nothing is added to any other statement's
 * path.
 *
 * <h2>Why the definition is edited in place, not rebuilt</h2>
 *
 * SQLite documents two ways ({@code lang_altertable.html}, "Making Other Kinds Of Table Schema
 * Changes"): the twelve-step rebuild (a new table, rows copied, the old one dropped, the new one
 * renamed) and, for changes that leave the stored rows readable as they are, an edit of the table's
 * text in {@code sqlite_schema} with {@code PRAGMA writable_schema} and a raised {@code
 * schema_version}. The rebuild needs {@code PRAGMA foreign_keys=OFF}, which SQLite ignores inside a
 * transaction, and tenants run with foreign keys on, inside the client's transaction (Django and
 * Alembic migrate in one). With them on, dropping the old table deletes its rows first and so runs
 * its children's {@code ON DELETE CASCADE} (every child row is lost), and renaming it away rewrites
 * the children's {@code REFERENCES} to the old name, whatever {@code legacy_alter_table} says (both
 * checked in {@code TableChangeTest}). The in-place edit touches neither: the table keeps its name,
 * its b-tree, its rows, and its children.
 *
 * <p>Every change here leaves the stored rows readable under the new text: a column's declared type
 * changes its affinity, not the record format (the rowid column keeps {@code INTEGER}, and a key
 * column is never made the rowid); defaults, NOT NULL, CHECK and FOREIGN KEY constraints are not
 * stored in rows. What needs rows changed is done with ordinary statements after the edit: values
 * converted to a new affinity or through {@code USING} by an UPDATE, and before a default changes
 * the rows stored before their column was added are written out (SQLite gives them the column's
 * current default when read, so changing it would change them). Those UPDATEs run with the table's
 * triggers set aside. UNIQUE and PRIMARY KEY constraints are stored as indexes, so one added is a
 * unique index of that name, and one declared with the table cannot be dropped (0A000).
 *
 * <p>A new constraint is checked against the rows that exist, with Postgres' SQLSTATEs: {@code
 * 23502} (SET NOT NULL over NULLs), {@code 23514} (CHECK), {@code 23503} ({@code PRAGMA
 * foreign_key_check}), {@code 23505} (UNIQUE, SQLite's own).
 *
 * <h2>Safety</h2>
 *
 * {@code writable_schema} is refused to clients by the lockdown; here it is on only around one
 * {@code UPDATE} of the table's own row, and {@code RESET} in a {@code finally} turns it off and
 * reads the schema anew. The new text is first compiled under another name ({@code CREATE TABLE}
 * prepared, never run), so SQLite has read it before it is stored: a text SQLite could not read
 * would make the whole file unreadable. The statement itself passed the lockdown like any other
 * (its expressions are in its text), and the change runs under a savepoint: an error leaves nothing
 * of it.
 */
package io.rhizome.node.schema;
