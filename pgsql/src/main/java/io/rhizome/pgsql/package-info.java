/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
/**
 * Rhizome's Postgres SQL front end: what the gateway needs to know about a statement's text before
 * it goes to a node. No Netty, no gRPC, no I/O: text in, decisions and text out.
 *
 * <h2>Structure</h2>
 *
 * <pre>
 *   StatementSplitter   a query string into statements (quotes, comments, dollar quotes, trigger
 *                       bodies), one pass over the characters, no tokens
 *   Classifier          once per statement: Session | Copy | PassThrough | Translated | Refused
 *     ├─ TransactionControl Postgres' BEGIN/START TRANSACTION/COMMIT/ABORT forms as SQLite's
 *     ├─ QuickScan          the cheap skip: one pass, no allocation, for anything a rule could change
 *     ├─ session/           SessionParser → SessionCommand (SET, SHOW, RESET, DISCARD, set_config...)
 *     ├─ tree/              Parser: a SELECT (WITH, VALUES, set operations) into a tree whose every
 *     │                     node keeps its source span, so untouched text is copied, not re-printed
 *     └─ sqlite/            Translation: the tree written as SQLite for the node's catalog
 *                           (Writer, Casts, Functions, Arrays, SetReturning, SessionRelations...);
 *                           Ddl and Dml: Postgres DDL and INSERT/UPDATE/DELETE, read with the
 *                           parser's cursor and edited in place (Edits), expressions by Writer
 *   Lexer (+ Token)     tokens in Postgres or SQLite mode (Dialect), for the parsers and COPY
 *   NodeCatalog         the contract with the node: the relations, functions and helper
 *                       relations a translated statement may name
 *   SessionContext      what a translation may ask of the session (user, database, settings)
 * </pre>
 *
 * <h2>The cheap skip</h2>
 *
 * Every statement on the query path passes {@link io.rhizome.pgsql.Classifier#classify}. The first
 * word decides session statements, COPY and transaction control (whose plain forms, {@code BEGIN}
 * and {@code COMMIT}, pass after a look at the characters behind the verb); then {@link
 * io.rhizome.pgsql.QuickScan} looks, in one pass without allocating, for Postgres-only syntax
 * ({@code ::}, {@code ~}, {@code E'...'}, jsonb's {@code #>}/{@code @>}/{@code ?}, word pairs such
 * as {@code DISTINCT ON} and {@code FOR UPDATE}, the advisory lock functions: what must be
 * translated or refused by name rather than left to SQLite's syntax error) and for the few words a
 * translation rule applies to ({@code pg_*}, {@code information_schema}, {@code public}, {@code
 * ANY}, {@code ARRAY}, session functions...). A statement with none of them (a point query {@code
 * SELECT v FROM kv WHERE k = $1}) is passed through without a token being built: about 0.2 µs for
 * classify and 0.1 µs for the split on this machine. Only a statement that has something to
 * translate is tokenized and parsed.
 *
 * <h2>What is translated, and what is not</h2>
 *
 * Queries (SELECT, WITH, VALUES) that use the catalog or Postgres-only syntax are parsed and
 * written as SQLite: schema qualifiers ({@code pg_catalog.x} is the node's {@code x}, {@code
 * information_schema.x} is {@code information_schema_x}, {@code public.t} is {@code main.t}), casts
 * (the {@code reg*} types as lookups), {@code = ANY}/{@code <> ALL}, arrays in Postgres' text form,
 * set-returning functions as {@code json_each}, regular expressions, Postgres' output column names,
 * typed booleans, and the session's own facts as constants (current_user, current_setting,
 * pg_settings, pg_roles). DDL (always read: it is rare) and INSERT/UPDATE/DELETE (read when the
 * cheap scan finds something) are translated where SQLite would reject or misread them: types,
 * SERIAL keys, storage options, several objects in one DROP or TRUNCATE (a {@link
 * io.rhizome.pgsql.Classifier.Script} of SQLite statements answered with one tag), index methods
 * and operator classes, the clock functions; docs/compatibility.md has the table. Other statements
 * only get their schema qualifiers mapped. A construct the translation does not know fails with
 * SQLSTATE {@code 0A000} naming it, never with a wrong answer; a statement that only uses words a
 * rule applies to (which are also fine SQLite names) and that the parser cannot read is left to
 * SQLite, so SQLite-dialect statements that worked before work byte for byte.
 *
 * <h2>Trust</h2>
 *
 * The node never relies on this module for its safety: its lockdown reads every statement with its
 * own lexer ({@code io.rhizome.node.store.SqlWords}), whatever the gateway sent.
 */
package io.rhizome.pgsql;
