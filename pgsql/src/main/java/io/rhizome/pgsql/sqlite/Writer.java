/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql.sqlite;

import io.rhizome.pgsql.NodeCatalog;
import io.rhizome.pgsql.SessionContext;
import io.rhizome.pgsql.SqlException;
import io.rhizome.pgsql.Strings;
import io.rhizome.pgsql.tree.Expr;
import io.rhizome.pgsql.tree.FromItem;
import io.rhizome.pgsql.tree.Name;
import io.rhizome.pgsql.tree.Node;
import io.rhizome.pgsql.tree.Query;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes a parsed Postgres query as SQLite. A node no rule applies to is written as its source text
 * with its children written in place, so what needs no translation stays byte for byte.
 *
 * <p>The rules, in brief (docs/compatibility.md has the full table): schema qualifiers map to what
 * the node provides ({@code pg_catalog.x} to {@code x}, {@code information_schema.x} to {@code
 * information_schema_x}, {@code public.x} to {@code main.x}); session functions and relations
 * become constants of the session ({@link SessionContext}); casts to {@code regclass} and friends
 * become lookups; arrays, {@code ANY}/{@code ALL}, subscripts and set-returning functions become
 * the node's helpers and {@code json_each}; regular-expression operators become {@code
 * regexp_like}; output columns get Postgres' names, and boolean ones the node's boolean type.
 */
final class Writer {
  private final String src;
  private final SessionContext ctx;
  private final SessionRelations sessionRelations;

  /**
   * Whether to give output columns Postgres' names and boolean ones the node's boolean type. Off
   * for the first pass, which tells whether the statement needs translating at all: these only
   * matter once it does.
   */
  private final boolean decorate;

  /** Whether the expression being written is shown to the client (a regclass prints its name). */
  private boolean display;

  /** Replacement texts decided before their node is reached (lifted set-returning functions). */
  private final Map<Node, String> replaced = new IdentityHashMap<>();

  /** Columns of set-returning functions in FROM that SQLite reads as json_each's columns. */
  private final Deque<Map<String, Map<String, String>>> srfScopes = new ArrayDeque<>();

  private int aliases;

  /** A name the next select's first output column must get (ARRAY(SELECT ...)), or null. */
  private String firstColumnName;

  Writer(String src, SessionContext ctx, boolean decorate) {
    this.src = src;
    this.ctx = ctx;
    this.decorate = decorate;
    this.sessionRelations = new SessionRelations(ctx);
  }

  // ---------------------------------------------------------------------------------------------
  // Dispatch

  String write(Node n) {
    String r = replaced.get(n);
    if (r != null) {
      return r;
    }
    if (n instanceof Query q) {
      return query(q, false);
    }
    if (n instanceof Expr e) {
      return expr(e);
    }
    if (n instanceof FromItem f) {
      return fromItem(f);
    }
    return copy(n);
  }

  /** The node's source with its children written in place. */
  private String copy(Node n) {
    return copy(n, Map.of());
  }

  /** As {@link #copy(Node)}, with some children written as given. */
  private String copy(Node n, Map<Node, String> overrides) {
    StringBuilder sb = new StringBuilder(n.end() - n.start() + 16);
    int pos = n.start();
    for (Node c : n.children()) {
      if (c == null) {
        continue;
      }
      sb.append(src, pos, c.start());
      String o = overrides.get(c);
      sb.append(o != null ? o : child(c));
      pos = Math.max(pos, c.end());
    }
    sb.append(src, pos, n.end());
    return sb.toString();
  }

  /** Writes a child with the display flag off (only specific rules turn it on). */
  private String child(Node c) {
    boolean saved = display;
    display = false;
    try {
      return write(c);
    } finally {
      display = saved;
    }
  }

  private String displayed(Node c) {
    boolean saved = display;
    display = true;
    try {
      return write(c);
    } finally {
      display = saved;
    }
  }

  private String source(Node n) {
    return src.substring(n.start(), n.end());
  }

  // ---------------------------------------------------------------------------------------------
  // Queries

  /**
   * @param typed whether the query's output columns are read by a client or an outer query (then
   *     boolean expressions get the node's boolean type, and expressions Postgres' column names)
   */
  String query(Query q, boolean typed) {
    if (q instanceof Query.Select s) {
      return select(s, typed);
    }
    if (q instanceof Query.SetOperation s) {
      Map<Node, String> o = new IdentityHashMap<>();
      if (s.with() != null) {
        o.put(s.with(), with(s.with()));
      }
      o.put(s.left(), query(s.left(), typed));
      if (s.right() != null) {
        o.put(s.right(), query(s.right(), typed));
      }
      if (s.tail() != null) {
        o.put(s.tail(), tail(s.tail()));
      }
      return copy(s, o);
    }
    if (q instanceof Query.Parenthesized p) {
      return copy(p, identity(p.inner(), query(p.inner(), typed)));
    }
    if (q instanceof Query.Values v) {
      Map<Node, String> o = new IdentityHashMap<>();
      if (v.with() != null) {
        o.put(v.with(), with(v.with()));
      }
      if (v.tail() != null) {
        o.put(v.tail(), tail(v.tail()));
      }
      return copy(v, o);
    }
    throw new IllegalStateException("unknown query node " + q);
  }

  private String with(Query.With w) {
    Map<Node, String> o = new IdentityHashMap<>();
    for (Query.Cte cte : w.ctes()) {
      o.put(cte, copy(cte, identity(cte.query(), query(cte.query(), true))));
    }
    return copy(w, o);
  }

  private String select(Query.Select s, boolean typed) {
    if (!s.distinctOn().isEmpty()) {
      throw SqlException.unsupported("SELECT DISTINCT ON");
    }
    srfScopes.push(correlatedFunctions(s));
    try {
      List<String> lifted = liftSetReturning(s);
      Map<Node, String> o = new IdentityHashMap<>();
      if (s.with() != null) {
        o.put(s.with(), with(s.with()));
      }
      String forced = firstColumnName;
      firstColumnName = null;
      for (Query.Target t : s.targets()) {
        if (forced != null && t == s.targets().get(0)) {
          o.put(t, child(t.expr()) + " AS " + forced);
        } else {
          o.put(t, target(t, typed));
        }
      }
      for (FromItem f : s.from()) {
        o.put(f, fromItem(f));
      }
      if (s.tail() != null) {
        o.put(s.tail(), tail(s.tail()));
      }
      String text = copy(s, o);
      if (lifted.isEmpty()) {
        return text;
      }
      // Add the lifted functions to the FROM list (or give the SELECT one).
      int at = s.fromEnd() >= 0 ? s.fromEnd() : s.targets().get(s.targets().size() - 1).end();
      String insertion = (s.fromEnd() >= 0 ? ", " : " FROM ") + String.join(", ", lifted);
      String before = copyRange(s, s.start(), at, o);
      String after = copyRange(s, at, s.end(), o);
      return before + insertion + after;
    } finally {
      srfScopes.pop();
    }
  }

  /** The written text of the part [from, to) of a node, children written as overridden. */
  private String copyRange(Node n, int from, int to, Map<Node, String> overrides) {
    StringBuilder sb = new StringBuilder();
    int pos = from;
    for (Node c : n.children()) {
      if (c == null || c.end() <= from || c.start() >= to) {
        continue;
      }
      sb.append(src, pos, c.start());
      String o = overrides.get(c);
      sb.append(o != null ? o : child(c));
      pos = c.end();
    }
    sb.append(src, pos, to);
    return sb.toString();
  }

  private String target(Query.Target t, boolean typed) {
    Expr e = t.expr();
    String written = displayed(e);
    if (decorate
        && typed
        && !(e instanceof Expr.ColumnRef)
        && Expressions.isBoolean(e)
        && !Expressions.hasAggregate(e)) {
      written =
          "(SELECT "
              + NodeCatalog.BOOL_COLUMN
              + " FROM "
              + NodeCatalog.BOOL_TABLE
              + " WHERE "
              + NodeCatalog.BOOL_COLUMN
              + " = ("
              + written
              + "))";
    }
    if (!decorate) {
      return copy(t, identity(e, written));
    }
    // In a translated statement every label is written quoted, as Postgres folded it: Postgres
    // takes keywords as labels (AS default), SQLite does not; and an expression without one gets
    // Postgres' name for it, where SQLite would name it by its text.
    if (t.alias() != null) {
      return src.substring(t.start(), t.expr().start())
          + written
          + src.substring(t.expr().end(), t.aliasStart())
          + Strings.identifier(t.alias());
    }
    String name = ColumnNames.of(e);
    String text = copy(t, identity(e, written));
    return name == null ? text : text + " AS " + Strings.identifier(name);
  }

  private String tail(Query.Tail tail) {
    boolean reorder =
        tail.limitAll()
            || tail.fetchStart() >= 0
            || (tail.offset() != null
                && (tail.limit() == null || tail.offset().start() < tail.limit().start()));
    for (Query.SortItem item : tail.orderBy()) {
      if (item.using() != null) {
        throw SqlException.unsupported("ORDER BY ... USING");
      }
    }
    if (!reorder) {
      return copy(tail);
    }
    StringBuilder sb = new StringBuilder();
    int limitStart = tail.limitStart();
    sb.append(copyRange(tail, tail.start(), limitStart, Map.of()).stripTrailing());
    sb.append(" LIMIT ").append(tail.limit() == null ? "-1" : child(tail.limit()));
    if (tail.offset() != null) {
      sb.append(" OFFSET ").append(child(tail.offset()));
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------------------------------------
  // FROM

  private String fromItem(FromItem f) {
    if (f instanceof FromItem.Table t) {
      return table(t);
    }
    if (f instanceof FromItem.Subquery s) {
      if (s.lateral()) {
        throw SqlException.unsupported("LATERAL subqueries");
      }
      return copy(s, identity(s.query(), query(s.query(), true)));
    }
    if (f instanceof FromItem.Function fn) {
      return SetReturning.fromItem(this, fn);
    }
    return copy(f);
  }

  private String table(FromItem.Table t) {
    Name name = t.name();
    String relation = name.last();
    String schema = name.qualifier();
    if (name.size() > 3 || (name.size() == 3 && !name.parts().get(0).equals(ctx.database()))) {
      throw SqlException.unsupported("cross-database references");
    }
    if ((schema == null || schema.equals("pg_catalog")) && sessionRelations.has(relation)) {
      String alias = t.alias() == null ? " AS " + relation : "";
      return copy(t, identity(name, sessionRelations.subquery(relation))) + alias;
    }
    String mapped = relationName(schema, relation, name);
    if (mapped == null) {
      return copy(t);
    }
    return copy(t, identity(name, mapped));
  }

  /** The SQLite name for a schema-qualified relation, or null when it stays as written. */
  String relationName(String schema, String relation, Name name) {
    if (schema == null) {
      return null;
    }
    String own = name.quoted().get(name.size() - 1) ? Strings.identifier(relation) : relation;
    return switch (schema) {
      case "pg_catalog" -> own;
      case "information_schema" -> "information_schema_" + relation;
      case "public" -> "main." + own;
      default -> {
        if (schema.equals("pg_temp") || schema.startsWith("pg_temp_")) {
          yield "temp." + own;
        }
        yield null;
      }
    };
  }

  /** Set-returning functions in FROM whose arguments refer to other FROM items, by alias. */
  private Map<String, Map<String, String>> correlatedFunctions(Query.Select s) {
    Map<String, Map<String, String>> scope = new HashMap<>();
    for (FromItem f : s.from()) {
      collectCorrelated(f, scope);
    }
    return scope;
  }

  private void collectCorrelated(FromItem f, Map<String, Map<String, String>> scope) {
    if (f instanceof FromItem.Join j) {
      collectCorrelated(j.left(), scope);
      collectCorrelated(j.right(), scope);
    } else if (f instanceof FromItem.Parenthesized p) {
      collectCorrelated(p.inner(), scope);
    } else if (f instanceof FromItem.Function fn && SetReturning.isCorrelated(fn)) {
      scope.put(SetReturning.alias(fn), SetReturning.columns(fn));
    }
  }

  /** The json_each column expression a reference to a correlated function's column stands for. */
  private String srfColumn(Name name) {
    if (name.size() == 2) {
      for (Map<String, Map<String, String>> scope : srfScopes) {
        Map<String, String> columns = scope.get(name.parts().get(0));
        if (columns != null && columns.containsKey(name.last())) {
          return columns.get(name.last());
        }
      }
    } else if (name.size() == 1) {
      for (Map<String, Map<String, String>> scope : srfScopes) {
        for (Map<String, String> columns : scope.values()) {
          if (columns.containsKey(name.last())) {
            return columns.get(name.last());
          }
        }
      }
    }
    return null;
  }

  /** Registers the set-returning calls in a select list; returns the json_each items to add. */
  private List<String> liftSetReturning(Query.Select s) {
    List<Expr.FuncCall> calls = new ArrayList<>();
    List<Expr.Field> fields = new ArrayList<>();
    for (Query.Target t : s.targets()) {
      Expressions.collectSetReturning(t.expr(), calls, fields);
    }
    if (calls.isEmpty()) {
      return List.of();
    }
    return SetReturning.lift(this, calls, fields, replaced, "rhz_srf" + (++aliases));
  }

  // ---------------------------------------------------------------------------------------------
  // Expressions

  String expr(Expr e) {
    if (e instanceof Expr.Literal l) {
      return literal(l);
    }
    if (e instanceof Expr.ColumnRef c) {
      return columnRef(c);
    }
    if (e instanceof Expr.FuncCall f) {
      return Functions.write(this, f);
    }
    if (e instanceof Expr.Cast c) {
      return Casts.write(this, c);
    }
    if (e instanceof Expr.Binary b) {
      return binary(b);
    }
    if (e instanceof Expr.Like l) {
      return like(l);
    }
    if (e instanceof Expr.Quantified q) {
      return Arrays.quantified(this, q);
    }
    if (e instanceof Expr.SqlValue v) {
      return sqlValue(v);
    }
    if (e instanceof Expr.ArrayLiteral a) {
      return Arrays.literal(this, a);
    }
    if (e instanceof Expr.ArrayQuery a) {
      return Arrays.query(this, a);
    }
    if (e instanceof Expr.Subscript s) {
      return Arrays.subscript(this, s);
    }
    if (e instanceof Expr.Field f) {
      return "json_extract(" + child(f.base()) + ", " + Strings.literal("$." + f.field()) + ")";
    }
    if (e instanceof Expr.Collate c) {
      return collate(c);
    }
    if (e instanceof Expr.IsTest t && t.what().equals("UNKNOWN")) {
      return child(t.operand()) + (t.not() ? " IS NOT NULL" : " IS NULL");
    }
    if (e instanceof Expr.Between b && b.symmetric()) {
      throw SqlException.unsupported("BETWEEN SYMMETRIC");
    }
    if (e instanceof Expr.Row r && r.explicit()) {
      StringBuilder sb = new StringBuilder("(");
      for (int i = 0; i < r.items().size(); i++) {
        sb.append(i == 0 ? "" : ", ").append(child(r.items().get(i)));
      }
      return sb.append(')').toString();
    }
    if (e instanceof Expr.AtTimeZone) {
      throw SqlException.unsupported("AT TIME ZONE");
    }
    if (e instanceof Expr.Unary u && !Set.of("NOT", "-", "+", "~").contains(u.op())) {
      throw SqlException.unsupported("the prefix operator " + u.op());
    }
    if (e instanceof Expr.Subquery s) {
      return copy(s, identity(s.query(), query(s.query(), false)));
    }
    return copy(e);
  }

  private String literal(Expr.Literal l) {
    if (l.kind() == Expr.Literal.Kind.STRING && !l.isPlainString()) {
      char first = Character.toUpperCase(l.text().charAt(0));
      if (first == 'X') {
        return l.text(); // SQLite reads x'..' as a blob, as Postgres reads it as bits
      }
      return Strings.literal(l.value());
    }
    return l.text();
  }

  private String columnRef(Expr.ColumnRef c) {
    Name name = c.name();
    if (name == null) {
      return copy(c);
    }
    if (!c.star()) {
      String srf = srfColumn(name);
      if (srf != null) {
        return srf;
      }
    }
    if (name.size() >= 3) {
      String schema = name.parts().get(name.size() - 3);
      String relation = name.parts().get(name.size() - 2);
      String mapped = relationName(schema, relation, subName(name, name.size() - 1));
      if (mapped != null) {
        String column =
            name.quoted().get(name.size() - 1) ? Strings.identifier(name.last()) : name.last();
        return mapped + "." + column + (c.star() ? ".*" : "");
      }
    }
    return copy(c);
  }

  /** The first {@code n} parts of a name. */
  private static Name subName(Name name, int n) {
    return new Name(
        name.parts().subList(0, n), name.quoted().subList(0, n), name.start(), name.end());
  }

  private static final Set<String> SQLITE_OPERATORS =
      Set.of(
          "=",
          "<>",
          "!=",
          "<",
          ">",
          "<=",
          ">=",
          "||",
          "+",
          "-",
          "*",
          "/",
          "%",
          "&",
          "|",
          "<<",
          ">>",
          "->",
          "->>",
          "AND",
          "OR",
          "IS DISTINCT FROM",
          "IS NOT DISTINCT FROM");

  private String binary(Expr.Binary b) {
    String op = b.op();
    switch (op) {
      case "~", "~*", "!~", "!~*" -> {
        String call =
            "regexp_like("
                + child(b.left())
                + ", "
                + child(b.right())
                + (op.contains("*") ? ", 'i')" : ")");
        return op.startsWith("!") ? "(NOT " + call + ")" : "(" + call + ")";
      }
      case "~~", "~~*", "!~~", "!~~*" -> {
        return "("
            + child(b.left())
            + (op.startsWith("!") ? " NOT LIKE " : " LIKE ")
            + child(b.right())
            + " ESCAPE '\\')";
      }
      case "||" -> {
        if (Expressions.isArray(b.left()) || Expressions.isArray(b.right())) {
          return NodeCatalog.ARRAY_CAT + "(" + child(b.left()) + ", " + child(b.right()) + ")";
        }
      }
      default -> {}
    }
    if (!SQLITE_OPERATORS.contains(op)) {
      throw SqlException.unsupported("the operator " + op);
    }
    if (op.equals("=") || op.equals("<>") || op.equals("!=")) {
      String bool = booleanComparison(b);
      if (bool != null) {
        return bool;
      }
    }
    if (b.explicit()) {
      return "(" + child(b.left()) + " " + op + " " + child(b.right()) + ")";
    }
    return copy(b);
  }

  /**
   * A catalog boolean column compared with a string constant ('t', 'f', 'true', ...): the constant
   * as TRUE or FALSE, since the node stores booleans as 1 and 0.
   */
  private String booleanComparison(Expr.Binary b) {
    Expr.Literal literal = null;
    Expr column = null;
    if (b.right() instanceof Expr.Literal l && b.left() instanceof Expr.ColumnRef) {
      literal = l;
      column = b.left();
    } else if (b.left() instanceof Expr.Literal l && b.right() instanceof Expr.ColumnRef) {
      literal = l;
      column = b.right();
    }
    if (literal == null
        || literal.kind() != Expr.Literal.Kind.STRING
        || ((Expr.ColumnRef) column).name() == null
        || !NodeCatalog.BOOLEAN_COLUMNS.contains(((Expr.ColumnRef) column).name().last())) {
      return null;
    }
    String value =
        switch (literal.value().strip().toLowerCase(Locale.ROOT)) {
          case "t", "true", "y", "yes", "on", "1" -> "TRUE";
          case "f", "false", "n", "no", "off", "0" -> "FALSE";
          default -> null;
        };
    if (value == null) {
      return null;
    }
    Map<Node, String> o = new IdentityHashMap<>();
    o.put(literal, value);
    return copy(b, o);
  }

  private String like(Expr.Like l) {
    if (l.op().equals("SIMILAR TO")) {
      throw SqlException.unsupported("SIMILAR TO");
    }
    if (l.escape() instanceof Expr.Literal e
        && e.kind() == Expr.Literal.Kind.STRING
        && e.value().isEmpty()) {
      // ESCAPE '' turns escaping off (Hibernate writes it); SQLite's LIKE without ESCAPE has none.
      return child(l.operand()) + (l.not() ? " NOT LIKE " : " LIKE ") + child(l.pattern());
    }
    if (l.op().equals("LIKE") && l.escape() != null) {
      return copy(l);
    }
    // Postgres' LIKE escapes with a backslash unless told otherwise; SQLite's has no escape.
    return child(l.operand())
        + (l.not() ? " NOT LIKE " : " LIKE ")
        + child(l.pattern())
        + " ESCAPE "
        + (l.escape() == null ? "'\\'" : child(l.escape()));
  }

  private String collate(Expr.Collate c) {
    String collation = c.collation().last();
    return switch (collation.toLowerCase(Locale.ROOT)) {
      case "default" -> child(c.operand());
      case "c", "posix", "ucs_basic" -> child(c.operand()) + " COLLATE BINARY";
      default -> throw SqlException.unsupported("the collation " + collation);
    };
  }

  private String sqlValue(Expr.SqlValue v) {
    switch (v.word()) {
      case "CURRENT_USER", "SESSION_USER", "USER", "CURRENT_ROLE" -> {
        return Strings.literal(ctx.user());
      }
      case "CURRENT_CATALOG" -> {
        return Strings.literal(ctx.database());
      }
      case "CURRENT_SCHEMA" -> {
        return SessionValues.currentSchema(ctx);
      }
      case "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP" -> {
        if (v.end() - v.start() != v.word().length()) {
          throw SqlException.unsupported(v.word() + " with a precision");
        }
        return copy(v);
      }
      default -> throw SqlException.unsupported(v.word());
    }
  }

  /** Writes a SELECT whose first output column is named {@code name}. */
  String selectNamingFirstColumn(Query.Select s, String name) {
    firstColumnName = name;
    return select(s, false);
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers for the rule classes

  SessionContext context() {
    return ctx;
  }

  String sourceText(Node n) {
    return source(n);
  }

  String writeChild(Node c) {
    return child(c);
  }

  String writeDisplayed(Node c) {
    return displayed(c);
  }

  boolean isDisplayed() {
    return display;
  }

  String copyNode(Node n) {
    return copy(n);
  }

  String copyNode(Node n, Map<Node, String> overrides) {
    return copy(n, overrides);
  }

  /** An override map of one node. */
  static Map<Node, String> identity(Node n, String text) {
    Map<Node, String> m = new IdentityHashMap<>();
    m.put(n, text);
    return m;
  }
}
