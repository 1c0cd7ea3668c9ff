/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql.sqlite;

import io.rhizome.pgsql.SessionContext;
import io.rhizome.pgsql.tree.Parser;
import io.rhizome.pgsql.tree.Query;
import java.util.List;
import java.util.Optional;

/** Translates a Postgres statement into the SQLite the tenant's node runs. */
public final class Translation {
  private Translation() {}

  /** What a statement other than a query becomes. */
  public sealed interface Result {}

  /**
   * Run these statements in one transaction instead, and answer with {@code tag} (null: with the
   * last statement's own tag).
   */
  public record Rewritten(List<String> statements, String tag) implements Result {
    public Rewritten {
      statements = List.copyOf(statements);
    }
  }

  /** Nothing to run: answer with this command tag (CREATE SCHEMA IF NOT EXISTS public). */
  public record Acknowledged(String tag) implements Result {}

  /**
   * The SQLite text for {@code sql}, a query ({@code SELECT}, {@code VALUES}, {@code WITH ...
   * SELECT}); empty when it runs as written. A query that needs nothing else gets Postgres' names
   * on its output columns ({@link #withPostgresNames}).
   *
   * @throws io.rhizome.pgsql.SqlException when it is not a query Rhizome reads (42601) or holds a
   *     construct it does not translate (0A000)
   */
  public static Optional<String> ofQuery(String sql, SessionContext ctx) {
    Query q = Parser.parseQuery(sql);
    String written = new Writer(sql, ctx, false).query(q, true);
    if (written.equals(sql.substring(q.start(), q.end())) && !hasKeywordLabel(sql, q)) {
      return OutputLabels.of(sql, q);
    }
    return Optional.of(new Writer(sql, ctx, true).query(q, true));
  }

  /**
   * A query that runs as written ({@code SELECT count(*) FROM t}), with Postgres' names on the
   * output columns SQLite would name otherwise ({@code count(*) AS "count"}); empty when none
   * differs or the statement is not a query Rhizome reads (SQLite's own syntax keeps SQLite's
   * names).
   */
  public static Optional<String> withPostgresNames(String sql) {
    return OutputLabels.of(sql);
  }

  /**
   * Words Postgres takes as a column label after AS and SQLite does not (Sequelize's {@code
   * ix.indisprimary AS primary}); a translated statement quotes every label.
   */
  private static final java.util.Set<String> SQLITE_RESERVED_LABELS =
      java.util.Set.of(
          "add",
          "all",
          "alter",
          "and",
          "as",
          "autoincrement",
          "between",
          "case",
          "check",
          "collate",
          "commit",
          "constraint",
          "create",
          "default",
          "deferrable",
          "delete",
          "distinct",
          "drop",
          "else",
          "escape",
          "except",
          "exists",
          "foreign",
          "from",
          "group",
          "having",
          "in",
          "index",
          "insert",
          "intersect",
          "into",
          "is",
          "isnull",
          "join",
          "limit",
          "not",
          "nothing",
          "notnull",
          "null",
          "on",
          "or",
          "order",
          "primary",
          "references",
          "returning",
          "select",
          "set",
          "table",
          "then",
          "to",
          "transaction",
          "union",
          "unique",
          "update",
          "using",
          "values",
          "when",
          "where");

  private static boolean hasKeywordLabel(String sql, Query q) {
    if (q instanceof Query.SetOperation s) {
      return hasKeywordLabel(sql, s.left()) || hasKeywordLabel(sql, s.right());
    }
    if (q instanceof Query.Parenthesized p) {
      return hasKeywordLabel(sql, p.inner());
    }
    if (q instanceof Query.Select s) {
      for (Query.Target t : s.targets()) {
        if (t.alias() != null
            && sql.charAt(t.aliasStart()) != '"'
            && SQLITE_RESERVED_LABELS.contains(t.alias())) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The SQLite text for an INSERT, UPDATE or DELETE; empty when it runs as written.
   *
   * @throws io.rhizome.pgsql.SqlException as {@link #ofQuery}
   */
  public static Optional<String> ofDml(String sql, SessionContext ctx) {
    return Dml.translate(sql, ctx);
  }

  /**
   * The translation of a DDL statement (CREATE, DROP, ALTER, TRUNCATE, VACUUM, ANALYZE, COMMENT)
   * whose first word, lower case, is {@code verb}; empty when it runs as written.
   *
   * @throws io.rhizome.pgsql.SqlException as {@link #ofQuery}
   */
  public static Optional<Result> ofDdl(String sql, String verb, SessionContext ctx) {
    return Ddl.translate(sql, verb, ctx);
  }
}
