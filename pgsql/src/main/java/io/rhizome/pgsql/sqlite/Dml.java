/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql.sqlite;

import io.rhizome.pgsql.SessionContext;
import io.rhizome.pgsql.SqlException;
import io.rhizome.pgsql.Strings;
import io.rhizome.pgsql.Token;
import io.rhizome.pgsql.tree.Expr;
import io.rhizome.pgsql.tree.FromItem;
import io.rhizome.pgsql.tree.Name;
import io.rhizome.pgsql.tree.Parser;
import io.rhizome.pgsql.tree.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * INSERT, UPDATE and DELETE in Postgres' dialect written as SQLite. SQLite has the same statements
 * (with RETURNING, ON CONFLICT ... DO UPDATE/NOTHING, UPDATE ... FROM), so what changes is inside
 * them: their expressions and queries go through the query {@link Writer} (casts, {@code now()},
 * {@code ILIKE}, ...), and {@code public.t} loses its schema where SQLite takes none. The rest of
 * the text is copied as written.
 */
final class Dml {
  private final String src;
  private final Parser p;
  private final Writer writer;
  private final Edits edits;

  private Dml(String src, SessionContext ctx) {
    this.src = src;
    this.p = Parser.over(src);
    this.writer = new Writer(src, ctx, false);
    this.edits = new Edits(src);
  }

  /** The translation of an INSERT, UPDATE or DELETE; empty when it runs as written. */
  static Optional<String> translate(String sql, SessionContext ctx) {
    Dml d = new Dml(sql, ctx);
    d.statement();
    String out = d.edits.apply();
    return out.equals(sql) ? Optional.empty() : Optional.of(out);
  }

  private void statement() {
    if (p.peekWord("with")) {
      // Left to the qualifier mapping (a WITH ... INSERT in SQLite's dialect runs as written).
      throw p.error("WITH before INSERT, UPDATE or DELETE is not translated");
    }
    if (p.acceptWord("insert")) {
      insert();
    } else if (p.acceptWord("update")) {
      update();
    } else if (p.acceptWord("delete")) {
      delete();
    } else {
      throw p.error("expected INSERT, UPDATE or DELETE");
    }
    if (p.acceptWord("returning")) {
      do {
        Query.Target t = p.target();
        String written = writer.target(t, false);
        replace(t.start(), t.end(), written);
      } while (p.acceptPunct(','));
    }
    p.acceptPunct(';');
    if (!p.atEnd()) {
      throw p.error("unexpected");
    }
  }

  private void insert() {
    if (p.acceptWord("or")) {
      p.next(); // SQLite's INSERT OR REPLACE / IGNORE / ...
    }
    p.expectWord("into");
    table();
    if (p.acceptWord("as")) {
      p.next();
    }
    int columnsStart = p.startPos();
    List<int[]> columns = null;
    if (p.peekPunct('(') && !p.startsQuery()) {
      columns = columnList();
    }
    int columnsEnd = columns == null ? columnsStart : p.endPos();
    if (p.peekWord("overriding")) {
      throw SqlException.unsupported("INSERT ... OVERRIDING");
    }
    if (p.acceptWord("default")) {
      p.expectWord("values");
    } else {
      Query q = p.query();
      if (q instanceof Query.Values v && hasDefault(v)) {
        valuesWithDefault(v, columns, columnsStart, columnsEnd);
      } else {
        replace(q.start(), q.end(), writer.query(q, false));
      }
    }
    if (p.acceptWord("on")) {
      p.expectWord("conflict");
      if (p.peekWord("on") && p.peekWordAt(1, "constraint")) {
        throw SqlException.unsupported("ON CONFLICT ON CONSTRAINT");
      }
      if (p.peekPunct('(')) {
        p.skipParenthesized();
        if (p.acceptWord("where")) {
          expr();
        }
      }
      p.expectWord("do");
      if (!p.acceptWord("nothing")) {
        p.expectWord("update");
        p.expectWord("set");
        assignments();
        if (p.acceptWord("where")) {
          expr();
        }
      }
    }
  }

  /** The spans of the names of an INSERT's column list. */
  private List<int[]> columnList() {
    p.expectPunct('(');
    List<int[]> columns = new ArrayList<>();
    do {
      Name n = p.name();
      columns.add(new int[] {n.start(), n.end()});
      while (p.acceptPunct('[') || p.acceptPunct('.')) {
        skipToColumnEnd(); // a subscript or field: not a plain column
      }
    } while (p.acceptPunct(','));
    p.expectPunct(')');
    return columns;
  }

  private void skipToColumnEnd() {
    while (!p.atEnd() && !p.peekPunct(',') && !p.peekPunct(')')) {
      p.next();
    }
  }

  private static boolean hasDefault(Query.Values v) {
    for (Expr.Row row : v.rows()) {
      for (Expr e : row.items()) {
        if (e instanceof Expr.Default) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * {@code VALUES (DEFAULT, ...)}, which SQLite lacks: a column whose value is DEFAULT in every row
   * is left out of the column list and the rows, so SQLite applies its default (ORMs write the
   * serial key so: {@code INSERT INTO t ("id", "name") VALUES (DEFAULT, $1)}). DEFAULT in some rows
   * of a column only, or without a column list, has no such form.
   */
  private void valuesWithDefault(
      Query.Values v, List<int[]> columns, int columnsStart, int columnsEnd) {
    if (columns == null) {
      throw SqlException.unsupported("DEFAULT in VALUES without a column list");
    }
    if (v.with() != null || v.tail() != null) {
      throw SqlException.unsupported("DEFAULT in a VALUES with WITH, ORDER BY or LIMIT");
    }
    int width = columns.size();
    boolean[] keep = new boolean[width];
    for (Expr.Row row : v.rows()) {
      if (row.items().size() != width) {
        throw new SqlException(
            SqlException.Reason.SYNTAX_ERROR, "VALUES lists must all be the same length");
      }
    }
    for (int k = 0; k < width; k++) {
      int defaults = 0;
      for (Expr.Row row : v.rows()) {
        if (row.items().get(k) instanceof Expr.Default) {
          defaults++;
        }
      }
      if (defaults != 0 && defaults != v.rows().size()) {
        throw SqlException.unsupported("DEFAULT in some rows of a column of a multi-row VALUES");
      }
      keep[k] = defaults == 0;
    }
    StringBuilder names = new StringBuilder();
    for (int k = 0; k < width; k++) {
      if (keep[k]) {
        names
            .append(names.length() == 0 ? "" : ", ")
            .append(src, columns.get(k)[0], columns.get(k)[1]);
      }
    }
    if (names.length() == 0) {
      if (v.rows().size() > 1) {
        throw SqlException.unsupported("several rows of DEFAULT only");
      }
      edits.remove(columnsStart, columnsEnd);
      edits.replace(v.start(), v.end(), "DEFAULT VALUES");
      return;
    }
    edits.replace(columnsStart, columnsEnd, "(" + names + ")");
    StringBuilder rows = new StringBuilder("VALUES ");
    for (int r = 0; r < v.rows().size(); r++) {
      rows.append(r == 0 ? "(" : ", (");
      boolean first = true;
      for (int k = 0; k < width; k++) {
        if (keep[k]) {
          rows.append(first ? "" : ", ").append(writer.expr(v.rows().get(r).items().get(k)));
          first = false;
        }
      }
      rows.append(')');
    }
    edits.replace(v.start(), v.end(), rows.toString());
  }

  private void update() {
    if (p.acceptWord("or")) {
      p.next();
    }
    only();
    table();
    alias();
    p.expectWord("set");
    assignments();
    if (p.acceptWord("from")) {
      do {
        FromItem f = p.fromItem();
        replace(f.start(), f.end(), writer.fromItem(f));
      } while (p.acceptPunct(','));
    }
    where();
  }

  private void delete() {
    p.expectWord("from");
    only();
    int tableStart = p.startPos();
    Name table = table();
    String alias = alias();
    int tableEnd = p.endPos();
    if (p.peekWord("using")) {
      deleteUsing(table, alias, tableStart, tableEnd);
      return;
    }
    where();
  }

  /**
   * {@code DELETE FROM t [AS a] USING u, ... [WHERE cond]}, which SQLite lacks: the rows of {@code
   * t} the join finds, by rowid: {@code DELETE FROM t [AS a] WHERE a.rowid IN (SELECT a.rowid FROM
   * t [AS a], u, ... [WHERE cond])}. (A table WITHOUT ROWID, which Postgres DDL never makes, has no
   * rowid: SQLite's error.)
   */
  private void deleteUsing(Name table, String alias, int tableStart, int tableEnd) {
    int usingStart = p.startPos();
    p.expectWord("using");
    StringBuilder from = new StringBuilder();
    do {
      FromItem f = p.fromItem();
      from.append(", ").append(writer.fromItem(f));
    } while (p.acceptPunct(','));
    String condition = null;
    if (p.acceptWord("where")) {
      if (p.peekWord("current") && p.peekWordAt(1, "of")) {
        throw SqlException.unsupported("WHERE CURRENT OF");
      }
      condition = writer.expr(p.expr());
    }
    int end = p.endPos();
    String target = edits.apply(tableStart, tableEnd);
    String ref = alias != null ? alias : src.substring(table.start(), table.end());
    edits.replace(
        usingStart,
        end,
        "WHERE "
            + ref
            + ".rowid IN (SELECT "
            + ref
            + ".rowid FROM "
            + target
            + from
            + (condition == null ? "" : " WHERE " + condition)
            + ")");
  }

  private void where() {
    if (p.acceptWord("where")) {
      if (p.peekWord("current") && p.peekWordAt(1, "of")) {
        throw SqlException.unsupported("WHERE CURRENT OF");
      }
      expr();
    }
    if (p.peekWord("order") || p.peekWord("limit")) {
      // SQLite's UPDATE/DELETE ... ORDER BY ... LIMIT: left as written.
      while (!p.atEnd() && !p.peekWord("returning") && !p.peekPunct(';')) {
        p.next();
      }
    }
  }

  private void assignments() {
    do {
      if (p.peekPunct('(')) {
        p.skipParenthesized();
      } else {
        p.name();
      }
      if (!p.acceptPunct('=') && !(p.peek() != null && p.peek().isOperator("="))) {
        throw p.error("expected \"=\"");
      }
      if (p.peek() != null && p.peek().isOperator("=")) {
        p.next();
      }
      if (p.peekWord("default")) {
        p.next();
      } else {
        expr();
      }
    } while (p.acceptPunct(','));
  }

  private void expr() {
    Expr e = p.expr();
    replace(e.start(), e.end(), writer.expr(e));
  }

  private void only() {
    int start = p.startPos();
    if (p.acceptWord("only")) {
      edits.remove(start, p.endPos());
    }
  }

  /** The target table: {@code public.t} is the tenant's {@code t}. */
  private Name table() {
    Name n = p.name();
    if (n.size() > 1) {
      if (n.size() > 2 || !n.qualifier().equals("public")) {
        if (n.qualifier().equals("main") || n.qualifier().equals("temp")) {
          return n;
        }
        throw SqlException.unsupported("tables in schema " + n.qualifier());
      }
      String own = n.quoted().get(1) ? Strings.identifier(n.last()) : n.last();
      edits.replace(n.start(), n.end(), "main." + own);
    }
    if (p.peek() != null && p.peek().isOperator("*")) {
      int start = p.startPos();
      p.next();
      edits.remove(start, p.endPos());
    }
    return n;
  }

  /** The alias of the target table, if it has one (its text as written). */
  private String alias() {
    if (p.acceptWord("as")) {
      Token t = p.next();
      return src.substring(t.start(), t.end());
    } else if (p.peek() != null
        && (p.peek().kind() == Token.Kind.QUOTED_IDENTIFIER
            || (p.peek().kind() == Token.Kind.WORD
                && !p.peekWord("set")
                && !p.peekWord("where")
                && !p.peekWord("using")
                && !p.peekWord("returning")
                && !p.peekWord("indexed")
                && !p.peekWord("not")))) {
      Token t = p.next();
      edits.insert(t.start(), "AS "); // SQLite's UPDATE and DELETE take an alias after AS only
      return src.substring(t.start(), t.end());
    }
    return null;
  }

  private void replace(int start, int end, String written) {
    if (!written.equals(src.substring(start, end))) {
      edits.replace(start, end, written);
    }
  }
}
