/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql.sqlite;

import io.rhizome.pgsql.NodeCatalog;
import io.rhizome.pgsql.SessionContext;
import io.rhizome.pgsql.SqlException;
import io.rhizome.pgsql.Strings;
import io.rhizome.pgsql.Token;
import io.rhizome.pgsql.sqlite.Translation.Acknowledged;
import io.rhizome.pgsql.sqlite.Translation.Result;
import io.rhizome.pgsql.sqlite.Translation.Rewritten;
import io.rhizome.pgsql.tree.Expr;
import io.rhizome.pgsql.tree.Name;
import io.rhizome.pgsql.tree.Parser;
import io.rhizome.pgsql.tree.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Postgres DDL written as SQLite: CREATE TABLE (types, SERIAL and identity columns, defaults,
 * storage parameters), CREATE INDEX (methods, operator classes, CONCURRENTLY), DROP of several
 * objects, TRUNCATE, the ALTER TABLE forms SQLite has an equivalent for, VACUUM and ANALYZE, and
 * the CREATE SCHEMA / CREATE EXTENSION forms that have a meaningful answer.
 *
 * <p>It reads the statement with the query parser's token cursor and edits the source in place
 * ({@link Edits}): what it does not recognise inside a statement it knows is copied as written, so
 * SQLite's own spellings ({@code AUTOINCREMENT}, {@code WITHOUT ROWID}, {@code ON CONFLICT}) pass
 * untouched, and a statement it has nothing to change in comes out as written (no result).
 * Expressions (DEFAULT, CHECK, index expressions and predicates) go through the query {@link
 * Writer}. The table of what becomes of each construct is in docs/compatibility.md.
 */
final class Ddl {
  /** Words that end a column's type and start a column constraint. */
  private static final Set<String> CONSTRAINT_WORDS =
      Set.of(
          "constraint",
          "not",
          "null",
          "default",
          "primary",
          "unique",
          "check",
          "references",
          "generated",
          "collate",
          "deferrable",
          "initially",
          "as");

  /** Words that start a table constraint (instead of a column definition). */
  private static final Set<String> TABLE_CONSTRAINT_WORDS =
      Set.of("constraint", "primary", "unique", "check", "foreign", "exclude", "like");

  private static final Set<String> SERIALS =
      Set.of("serial", "serial4", "bigserial", "serial8", "smallserial", "serial2");

  private static final Set<String> INDEX_METHODS = Set.of("btree", "hash");

  /** Array element types the node's type mapping knows ({@code _int4} is int4[]). */
  private static final Set<String> ARRAY_TYPES =
      Set.of(
          "text", "oid", "int2", "char", "bool", "name", "int4", "int8", "varchar", "float4",
          "float8");

  private final String src;
  private final Parser p;
  private final Writer writer;
  private final Edits edits;

  private Ddl(String src, SessionContext ctx) {
    this.src = src;
    this.p = Parser.over(src);
    this.writer = new Writer(src, ctx, false);
    this.edits = new Edits(src);
  }

  /**
   * The translation of a DDL statement whose first word is {@code verb}; empty when it runs as
   * written.
   */
  static Optional<Result> translate(String sql, String verb, SessionContext ctx) {
    Ddl d = new Ddl(sql, ctx);
    return switch (verb) {
      case "create" -> d.create();
      case "drop" -> d.drop();
      case "truncate" -> d.truncate();
      case "alter" -> d.alter();
      case "vacuum" -> d.vacuum();
      case "analyze", "analyse" -> d.analyze();
      case "comment" -> Optional.of(new Acknowledged("COMMENT"));
      default -> Optional.empty();
    };
  }

  // ---------------------------------------------------------------------------------------------
  // CREATE

  private Optional<Result> create() {
    p.expectWord("create");
    if (p.peekWord("or") && p.peekWordAt(1, "replace")) {
      int start = p.startPos();
      p.next();
      p.next();
      if (!p.peekWord("view")) {
        throw SqlException.unsupported("CREATE OR REPLACE " + word(p.peek()));
      }
      return createOrReplaceView(start);
    }
    int modifierStart = p.startPos();
    boolean temp = false;
    if (p.acceptWord("global") || p.acceptWord("local")) {
      edits.remove(modifierStart, p.endPos());
    }
    if (p.peekWord("unlogged")) {
      // Every write is durable in Rhizome: an unlogged table is an ordinary one.
      Token t = p.next();
      edits.remove(t.start(), t.end());
    } else if (p.acceptWord("temp") || p.acceptWord("temporary")) {
      temp = true;
    }
    boolean unique = p.acceptWord("unique");
    Token what = p.peek();
    if (what == null) {
      return Optional.empty();
    }
    String kind = what.text().toLowerCase(Locale.ROOT);
    return switch (kind) {
      case "table" -> {
        p.next();
        yield createTable(temp);
      }
      case "index" -> {
        p.next();
        yield createIndex(unique);
      }
      case "view" -> {
        p.next();
        yield createView();
      }
      case "schema" -> {
        p.next();
        yield createSchema();
      }
      case "extension" -> {
        p.next();
        yield createExtension();
      }
      case "sequence" -> {
        if (unique || temp) {
          throw SqlException.unsupported(
              "CREATE " + (unique ? "UNIQUE" : "TEMPORARY") + " SEQUENCE");
        }
        p.next();
        yield Optional.of(Sequences.create(p));
      }
      case "materialized",
          "type",
          "domain",
          "function",
          "procedure",
          "rule",
          "policy",
          "role",
          "user",
          "database",
          "aggregate",
          "operator",
          "cast",
          "collation",
          "publication",
          "subscription",
          "tablespace",
          "server",
          "foreign",
          "event",
          "statistics",
          "transform",
          "language",
          "conversion",
          "access",
          "text",
          "group" ->
          throw SqlException.unsupported("CREATE " + kind.toUpperCase(Locale.ROOT));
      default -> Optional.empty(); // TRIGGER, VIRTUAL TABLE: SQLite's
    };
  }

  private Optional<Result> createTable(boolean temp) {
    boolean ifNotExists = acceptIfNotExists();
    String table = tableName();
    if (p.peekWord("of") || p.peekWord("partition")) {
      throw SqlException.unsupported("CREATE TABLE ... " + word(p.peek()).toUpperCase(Locale.ROOT));
    }
    if (p.acceptWord("as")) {
      return createTableAs();
    }
    p.expectPunct('(');
    List<Column> columns = new ArrayList<>();
    List<TableConstraint> constraints = new ArrayList<>();
    if (!p.peekPunct(')')) {
      do {
        int start = p.startPos();
        if (p.peek() != null && TABLE_CONSTRAINT_WORDS.contains(word(p.peek()))) {
          constraints.add(tableConstraint(start));
        } else {
          columns.add(column(start));
        }
      } while (p.acceptPunct(','));
    }
    p.expectPunct(')');
    tableOptions(temp);
    if (p.acceptWord("as")) {
      throw SqlException.unsupported("CREATE TABLE with a column list AS a query");
    }
    end();
    List<String> owned = identityColumns(table, columns, constraints);
    Optional<Result> rewritten = rewritten();
    if (owned.isEmpty()) {
      return rewritten;
    }
    // The owned sequences first, in the same transaction: a new table's start from 1 (one left
    // behind by a dropped table of the same name starts over), an existing table's stay.
    List<String> statements = new ArrayList<>();
    for (String sequence : owned) {
      statements.add(
          Sequences.insert(
              sequence,
              new Sequences.Options(),
              ifNotExists ? Sequences.Conflict.IGNORE : Sequences.Conflict.REPLACE));
    }
    statements.add(edits.apply());
    return Optional.of(new Rewritten(statements, null));
  }

  private Optional<Result> createTableAs() {
    Query q = p.query();
    if (p.acceptWord("with")) {
      int start = p.endPos();
      boolean no = p.acceptWord("no");
      p.expectWord("data");
      if (no) {
        throw SqlException.unsupported("CREATE TABLE AS ... WITH NO DATA");
      }
      edits.remove(start - 4, p.endPos());
    }
    end();
    replaceQuery(q);
    return rewritten();
  }

  /** What the table's options after its column list become. */
  private void tableOptions(boolean temp) {
    while (!p.atEnd() && !p.peekPunct(';')) {
      int start = p.startPos();
      if (p.acceptWord("with")) {
        if (p.acceptWord("oids")) {
          throw SqlException.unsupported("WITH OIDS");
        }
        // Storage parameters (fillfactor, autovacuum_*): SQLite has no use for them.
        p.skipParenthesized();
        edits.remove(start, p.endPos());
      } else if (p.peekWord("without") && p.peekWordAt(1, "oids")) {
        p.next();
        p.next();
        edits.remove(start, p.endPos());
      } else if (p.acceptWord("tablespace")) {
        p.next();
        edits.remove(start, p.endPos());
      } else if (p.acceptWord("using")) {
        String method = word(p.next());
        if (!method.equals("heap")) {
          throw SqlException.unsupported("table access method " + method);
        }
        edits.remove(start, p.endPos());
      } else if (p.acceptWord("on")) {
        p.expectWord("commit");
        if (p.acceptWord("preserve")) {
          p.expectWord("rows");
        } else {
          throw SqlException.unsupported("ON COMMIT " + word(p.peek()).toUpperCase(Locale.ROOT));
        }
        if (!temp) {
          throw p.error("ON COMMIT can only be used on temporary tables");
        }
        edits.remove(start, p.endPos());
      } else if (p.peekWord("inherits") || p.peekWord("partition")) {
        throw SqlException.unsupported(word(p.peek()).toUpperCase(Locale.ROOT));
      } else {
        p.next(); // SQLite's WITHOUT ROWID, STRICT and their commas
      }
    }
  }

  /** A column definition, as far as a rule applies to it. */
  private static final class Column {
    String name;
    int start;
    int nameEnd;

    /** Where the type is, or -1 without one. */
    int typeStart = -1;

    int typeEnd = -1;
    boolean identity;
    boolean primaryKey;

    /** The end of the column's PRIMARY KEY words, where AUTOINCREMENT goes. */
    int primaryKeyEnd = -1;

    int end;
  }

  private record TableConstraint(
      String name, int start, int end, boolean primaryKey, List<String> columns) {}

  private Column column(int start) {
    Column c = new Column();
    c.start = start;
    Token name = p.next();
    if (name == null
        || (name.kind() != Token.Kind.WORD && name.kind() != Token.Kind.QUOTED_IDENTIFIER)) {
      throw p.error("expected a column name");
    }
    c.name = name.kind() == Token.Kind.WORD ? name.text().toLowerCase(Locale.ROOT) : name.value();
    c.nameEnd = name.end();
    if (!atElementEnd() && !CONSTRAINT_WORDS.contains(word(p.peek()))) {
      c.typeStart = p.startPos();
      columnType(c);
      c.typeEnd = p.endPos();
    }
    columnConstraints(c);
    c.end = p.endPos();
    return c;
  }

  /** Reads a column's type and rewrites it where SQLite would reject or misread it. */
  private void columnType(Column c) {
    Token first = p.peek();
    String firstWord = first.kind() == Token.Kind.WORD ? word(first) : "";
    if (SERIALS.contains(firstWord)) {
      p.next();
      c.identity = true;
      return;
    }
    int mark = p.mark();
    io.rhizome.pgsql.tree.TypeName type;
    try {
      type = p.typeName();
    } catch (SqlException e) {
      if (e.reason() == SqlException.Reason.FEATURE_NOT_SUPPORTED) {
        throw e;
      }
      p.reset(mark);
      skipType();
      return;
    }
    String canonical = type.canonical();
    if (type.schema() != null) {
      if (!type.schema().equals("pg_catalog")) {
        throw SqlException.unsupported("types in schema " + type.schema());
      }
      edits.replace(type.start(), type.end(), sqliteType(type));
    } else if (type.isArray()) {
      edits.replace(type.start(), type.end(), sqliteType(type));
    } else if (!type.modifiers().isEmpty()
        && (canonical.startsWith("timestamp") || canonical.startsWith("time"))
        && src.substring(type.start(), type.end()).toLowerCase(Locale.ROOT).contains("zone")) {
      // timestamp(3) with time zone: SQLite's type names take their numbers last.
      edits.replace(type.start(), type.end(), sqliteType(type));
    }
    // SQLite's own type names ("UNSIGNED BIG INT") may continue past what Postgres reads.
    skipType();
  }

  /** The declared type SQLite gets for a Postgres type it cannot take as written. */
  private static String sqliteType(io.rhizome.pgsql.tree.TypeName type) {
    String canonical = type.canonical();
    if (type.isArray()) {
      // Arrays are stored in Postgres' text form; the name tells the node the array type.
      return ARRAY_TYPES.contains(canonical) ? "_" + canonical.toUpperCase(Locale.ROOT) : "TEXT";
    }
    return switch (canonical) {
      case "timestamptz" -> "TIMESTAMP WITH TIME ZONE";
      case "timestamp" -> "TIMESTAMP WITHOUT TIME ZONE";
      case "timetz" -> "TIME WITH TIME ZONE";
      case "time" -> "TIME";
      default -> {
        StringBuilder sb = new StringBuilder(canonical.toUpperCase(Locale.ROOT));
        if (!type.modifiers().isEmpty()) {
          sb.append('(');
          for (int i = 0; i < type.modifiers().size(); i++) {
            sb.append(i == 0 ? "" : ",").append(type.modifiers().get(i));
          }
          sb.append(')');
        }
        yield sb.toString();
      }
    };
  }

  /** Skips words and parenthesized numbers of a type name up to the first constraint word. */
  private void skipType() {
    while (!atElementEnd() && !CONSTRAINT_WORDS.contains(word(p.peek()))) {
      if (p.peekPunct('(')) {
        p.skipParenthesized();
      } else {
        p.next();
      }
    }
  }

  private void columnConstraints(Column c) {
    while (!atElementEnd()) {
      int start = p.startPos();
      String w = word(p.peek());
      switch (w) {
        case "constraint" -> {
          p.next();
          p.next();
        }
        case "default" -> {
          p.next();
          Expr e = p.expr();
          if (!booleanDefault(c, e)) {
            defaultValue(e);
          }
        }
        case "check" -> {
          p.next();
          p.expectPunct('(');
          Expr e = p.expr();
          p.expectPunct(')');
          replaceExpr(e);
          noInherit();
        }
        case "generated" -> generated(c, start);
        case "primary" -> {
          p.next();
          p.expectWord("key");
          c.primaryKey = true;
          c.primaryKeyEnd = p.endPos();
          indexParameters();
        }
        case "unique" -> {
          p.next();
          nullsDistinct();
          indexParameters();
        }
        case "references" -> {
          p.next();
          referencedTable();
        }
        case "collate" -> {
          p.next();
          collation();
        }
        default -> {
          if (p.peekPunct('(')) {
            p.skipParenthesized();
          } else {
            p.next();
          }
        }
      }
    }
  }

  /** {@code GENERATED ALWAYS AS (expr) STORED} or {@code GENERATED ... AS IDENTITY [(...)]}. */
  private void generated(Column c, int start) {
    p.next();
    if (p.acceptWord("by")) {
      p.expectWord("default");
    } else {
      p.expectWord("always");
    }
    p.expectWord("as");
    if (p.acceptWord("identity")) {
      if (p.peekPunct('(')) {
        p.skipParenthesized(); // sequence options: the node's counter starts at 1 by 1
      }
      c.identity = true;
      edits.remove(start, p.endPos());
      return;
    }
    p.expectPunct('(');
    Expr e = p.expr();
    p.expectPunct(')');
    replaceExpr(e);
  }

  /**
   * A boolean column's default written as a string ({@code DEFAULT 'true'}, SQLAlchemy's form):
   * SQLite would keep the text, so the column would hold 'true' beside the 1s and 0s of values
   * inserted as booleans; written TRUE or FALSE instead.
   */
  private boolean booleanDefault(Column c, Expr e) {
    if (c.typeStart < 0
        || !(e instanceof Expr.Literal l)
        || l.kind() != Expr.Literal.Kind.STRING
        || !l.isPlainString()) {
      return false;
    }
    String type = src.substring(c.typeStart, c.typeEnd).strip().toLowerCase(Locale.ROOT);
    if (!type.equals("boolean") && !type.equals("bool")) {
      return false;
    }
    String value =
        switch (l.value().strip().toLowerCase(Locale.ROOT)) {
          case "t", "true", "y", "yes", "on", "1" -> "TRUE";
          case "f", "false", "n", "no", "off", "0" -> "FALSE";
          default -> null;
        };
    if (value == null) {
      return false;
    }
    edits.replace(e.start(), e.end(), value);
    return true;
  }

  private void defaultValue(Expr e) {
    String written = writer.expr(e);
    boolean literal =
        e instanceof Expr.Literal l && (l.isPlainString() || l.kind() != Expr.Literal.Kind.STRING)
            || (e instanceof Expr.Unary u
                && (u.op().equals("-") || u.op().equals("+"))
                && u.operand() instanceof Expr.Literal n
                && n.kind() == Expr.Literal.Kind.NUMBER);
    String source = src.substring(e.start(), e.end());
    if (literal && written.equals(source)) {
      return;
    }
    // SQLite takes an expression as a default only in parentheses.
    if (e instanceof Expr.Row r && !r.explicit() && r.items().size() == 1) {
      if (!written.equals(source)) {
        edits.replace(e.start(), e.end(), written);
      }
      return;
    }
    edits.replace(e.start(), e.end(), "(" + written + ")");
  }

  private void noInherit() {
    if (p.peekWord("no") && p.peekWordAt(1, "inherit")) {
      int start = p.startPos();
      p.next();
      p.next();
      edits.remove(start, p.endPos());
    }
  }

  private void nullsDistinct() {
    if (p.peekWord("nulls")) {
      int start = p.startPos();
      p.next();
      if (p.acceptWord("not")) {
        throw SqlException.unsupported("UNIQUE NULLS NOT DISTINCT");
      }
      p.expectWord("distinct");
      edits.remove(start, p.endPos());
    }
  }

  /** {@code INCLUDE (...)}, {@code WITH (...)}, {@code USING INDEX TABLESPACE x}: all dropped. */
  private void indexParameters() {
    while (true) {
      int start = p.startPos();
      if (p.peekWord("include") && p.peekPunctAt(1, '(')) {
        p.next();
        p.skipParenthesized();
      } else if (p.peekWord("with") && p.peekPunctAt(1, '(')) {
        p.next();
        p.skipParenthesized();
      } else if (p.peekWord("using") && p.peekWordAt(1, "index")) {
        p.next();
        p.next();
        p.expectWord("tablespace");
        p.next();
      } else {
        return;
      }
      edits.remove(start, p.endPos());
    }
  }

  /** After REFERENCES: the table (SQLite takes no schema there) and its columns. */
  private void referencedTable() {
    Name name = p.name();
    if (name.size() > 1) {
      if (name.size() > 2 || !name.qualifier().equals("public")) {
        throw SqlException.unsupported("references to tables in schema " + name.qualifier());
      }
      edits.replace(name.start(), name.end(), ownName(name));
    }
    if (p.peekPunct('(')) {
      p.skipParenthesized();
    }
  }

  private void collation() {
    Token t = p.next();
    int start = t.start();
    String name = t.kind() == Token.Kind.QUOTED_IDENTIFIER ? t.value() : word(t);
    if (p.peekPunct('.')) {
      p.next();
      Token second = p.next();
      name = second.kind() == Token.Kind.QUOTED_IDENTIFIER ? second.value() : word(second);
    }
    String mapped =
        switch (name.toLowerCase(Locale.ROOT)) {
          case "c", "posix", "ucs_basic" -> "BINARY";
          case "binary", "nocase", "rtrim" -> null; // SQLite's own
          case "default" -> "BINARY";
          default -> throw SqlException.unsupported("the collation " + name);
        };
    if (mapped != null) {
      edits.replace(start, p.endPos(), mapped);
    }
  }

  private TableConstraint tableConstraint(int start) {
    String name = null;
    if (p.acceptWord("constraint")) {
      name = identifier(p.next());
    }
    String w = word(p.peek());
    switch (w) {
      case "primary" -> {
        p.next();
        p.expectWord("key");
        List<String> columns = columnList();
        indexParameters();
        skipToElementEnd();
        return new TableConstraint(name, start, p.endPos(), true, columns);
      }
      case "unique" -> {
        p.next();
        nullsDistinct();
        columnList();
        indexParameters();
      }
      case "check" -> {
        p.next();
        p.expectPunct('(');
        Expr e = p.expr();
        p.expectPunct(')');
        replaceExpr(e);
        noInherit();
      }
      case "foreign" -> {
        p.next();
        p.expectWord("key");
        columnList();
        p.expectWord("references");
        referencedTable();
      }
      case "exclude" -> throw SqlException.unsupported("EXCLUDE constraints");
      case "like" -> throw SqlException.unsupported("CREATE TABLE (LIKE ...)");
      default -> throw p.error("expected a table constraint");
    }
    skipToElementEnd();
    return new TableConstraint(name, start, p.endPos(), false, List.of());
  }

  private List<String> columnList() {
    p.expectPunct('(');
    List<String> columns = new ArrayList<>();
    do {
      columns.add(identifier(p.next()));
      while (!p.peekPunct(',') && !p.peekPunct(')') && !p.atEnd()) {
        p.next(); // ASC, DESC, COLLATE x (SQLite's forms)
      }
    } while (p.acceptPunct(','));
    p.expectPunct(')');
    return columns;
  }

  /**
   * SERIAL and identity columns. The column that is the table's one-column primary key becomes
   * SQLite's {@code INTEGER PRIMARY KEY AUTOINCREMENT}: the rowid, numbered from 1 and never
   * reused, as a sequence would. Any other such column gets a sequence of its own, named as
   * Postgres names it ({@code table_column_seq}), and {@code NOT NULL DEFAULT nextval(...)}.
   *
   * @return the owned sequences to create
   */
  private List<String> identityColumns(
      String table, List<Column> columns, List<TableConstraint> constraints) {
    List<String> owned = new ArrayList<>();
    for (Column c : columns) {
      if (!c.identity) {
        continue;
      }
      TableConstraint tablePk = null;
      for (TableConstraint t : constraints) {
        if (t.primaryKey() && t.columns().size() == 1 && t.columns().get(0).equals(c.name)) {
          tablePk = t;
        }
      }
      if (c.typeStart >= 0) {
        edits.replace(c.typeStart, c.typeEnd, "INTEGER");
      } else {
        edits.insert(c.nameEnd, " INTEGER");
      }
      if (c.primaryKey) {
        edits.insert(c.primaryKeyEnd, " AUTOINCREMENT");
      } else if (tablePk != null) {
        // Move the table's PRIMARY KEY (id) onto the column: AUTOINCREMENT is a column constraint.
        int removeFrom = src.lastIndexOf(',', tablePk.start());
        edits.replace(removeFrom, tablePk.end(), "");
        edits.insert(
            c.end,
            (tablePk.name() == null ? "" : " CONSTRAINT " + Strings.identifier(tablePk.name()))
                + " PRIMARY KEY AUTOINCREMENT");
      } else {
        String sequence = Sequences.ownedName(table, c.name);
        owned.add(sequence);
        edits.insert(c.end, " NOT NULL DEFAULT (nextval(" + Strings.literal(sequence) + "))");
      }
    }
    return owned;
  }

  private Optional<Result> createIndex(boolean unique) {
    int concurrently = p.startPos();
    if (p.acceptWord("concurrently")) {
      edits.remove(concurrently, p.endPos());
    }
    acceptIfNotExists();
    String indexName = null;
    int nameAt = p.startPos();
    if (!p.peekWord("on")) {
      // Postgres takes no schema here; SQLite's form (main.i) is left as written.
      indexName = p.name().last();
    }
    p.expectWord("on");
    int only = p.startPos();
    if (p.acceptWord("only")) {
      edits.remove(only, p.endPos());
    }
    Name table = p.name();
    if (table.size() > 1) {
      if (table.size() > 2 || !table.qualifier().equals("public")) {
        throw SqlException.unsupported("tables in schema " + table.qualifier());
      }
      edits.replace(table.start(), table.end(), ownName(table));
    }
    int using = p.startPos();
    if (p.acceptWord("using")) {
      String method = word(p.next());
      if (!INDEX_METHODS.contains(method)) {
        throw SqlException.unsupported("index method " + method);
      }
      edits.remove(using, p.endPos());
    }
    p.expectPunct('(');
    List<String> columnNames = new ArrayList<>();
    do {
      Expr e = p.expr();
      columnNames.add(e instanceof Expr.ColumnRef r && r.name() != null ? r.name().last() : "expr");
      replaceExpr(e);
      indexElementOptions();
    } while (p.acceptPunct(','));
    p.expectPunct(')');
    indexParameters();
    nullsDistinct();
    int tablespace = p.startPos();
    if (p.acceptWord("tablespace")) {
      p.next();
      edits.remove(tablespace, p.endPos());
    }
    if (p.acceptWord("where")) {
      replaceExpr(p.expr());
    }
    end();
    if (indexName == null) {
      // Postgres names an unnamed index after its table and columns.
      String generated =
          table.last() + "_" + String.join("_", columnNames) + (unique ? "_key" : "_idx");
      edits.insert(nameAt, Strings.identifier(generated) + " ");
    }
    return rewritten();
  }

  /** After an index column: an operator class (dropped), ASC/DESC, NULLS FIRST/LAST (dropped). */
  private void indexElementOptions() {
    while (!p.atEnd() && !p.peekPunct(',') && !p.peekPunct(')')) {
      int start = p.startPos();
      if (p.acceptWord("asc") || p.acceptWord("desc")) {
        continue;
      }
      if (p.acceptWord("nulls")) {
        // SQLite orders NULLs first ascending, as NULLS FIRST; an index's order is a plan matter.
        p.next();
        edits.remove(start, p.endPos());
        continue;
      }
      // An operator class (varchar_pattern_ops, text_pattern_ops, ...) and its parameters.
      p.name();
      if (p.peekPunct('(')) {
        p.skipParenthesized();
      }
      edits.remove(start, p.endPos());
    }
  }

  private Optional<Result> createView() {
    acceptIfNotExists();
    tableName();
    if (p.peekPunct('(')) {
      p.skipParenthesized(); // SQLite takes a column list too
    }
    if (p.peekWord("with") && p.peekPunctAt(1, '(')) {
      int start = p.startPos();
      p.next();
      p.skipParenthesized();
      edits.remove(start, p.endPos());
    }
    p.expectWord("as");
    Query q = p.query();
    if (p.peekWord("with")) {
      throw SqlException.unsupported("WITH CHECK OPTION");
    }
    end();
    replaceQuery(q);
    return rewritten();
  }

  /** {@code CREATE OR REPLACE VIEW v AS q}: the view dropped and created in one transaction. */
  private Optional<Result> createOrReplaceView(int start) {
    p.expectWord("view");
    int nameStart = p.startPos();
    String name = tableName();
    String nameText = src.substring(nameStart, p.endPos());
    edits.replace(start, p.endPos(), "VIEW " + nameText);
    if (p.peekPunct('(')) {
      p.skipParenthesized();
    }
    p.expectWord("as");
    Query q = p.query();
    end();
    replaceQuery(q);
    if (name == null) {
      throw p.error("expected a view name");
    }
    return Optional.of(
        new Rewritten(List.of("DROP VIEW IF EXISTS " + nameText, edits.apply()), "CREATE VIEW"));
  }

  private Optional<Result> createSchema() {
    boolean ifNotExists = acceptIfNotExists();
    String name;
    if (p.acceptWord("authorization")) {
      name = identifier(p.next());
    } else {
      name = identifier(p.next());
      if (p.acceptWord("authorization")) {
        p.next();
      }
    }
    end();
    if (!name.equals("public")) {
      throw SqlException.unsupported("schemas other than public");
    }
    if (!ifNotExists) {
      throw new SqlException(
          SqlException.Reason.DUPLICATE_SCHEMA, "schema \"public\" already exists");
    }
    return Optional.of(new Acknowledged("CREATE SCHEMA"));
  }

  private Optional<Result> createExtension() {
    boolean ifNotExists = acceptIfNotExists();
    String name = identifier(p.next());
    while (!p.atEnd() && !p.peekPunct(';')) {
      p.next(); // [WITH] SCHEMA s, VERSION v, CASCADE
    }
    if (name.equals("plpgsql") && ifNotExists) {
      return Optional.of(new Acknowledged("CREATE EXTENSION"));
    }
    throw SqlException.unsupported("extension \"" + name + "\"");
  }

  // ---------------------------------------------------------------------------------------------
  // DROP, TRUNCATE

  private Optional<Result> drop() {
    p.expectWord("drop");
    String kind = word(p.next());
    switch (kind) {
      case "table", "view", "index" -> {}
      case "trigger" -> {
        return Optional.empty(); // SQLite's DROP TRIGGER [IF EXISTS] name
      }
      case "sequence" -> {
        return Optional.of(Sequences.drop(p));
      }
      case "schema",
          "extension",
          "type",
          "domain",
          "function",
          "procedure",
          "materialized",
          "role",
          "user",
          "database",
          "owned",
          "policy",
          "rule" ->
          throw SqlException.unsupported("DROP " + kind.toUpperCase(Locale.ROOT));
      default -> {
        return Optional.empty();
      }
    }
    boolean changed = false;
    if (kind.equals("index") && p.acceptWord("concurrently")) {
      changed = true;
    }
    boolean ifExists = acceptIfExists();
    List<String> names = new ArrayList<>();
    do {
      Name n = p.name();
      if (n.size() > 1) {
        if (n.size() > 2 || !n.qualifier().equals("public")) {
          throw SqlException.unsupported("objects in schema " + n.qualifier());
        }
        changed = true;
        names.add("main." + ownName(n));
      } else {
        names.add(src.substring(n.start(), n.end()));
      }
    } while (p.acceptPunct(','));
    boolean cascade = p.acceptWord("cascade");
    if (cascade || p.acceptWord("restrict")) {
      changed = true;
    }
    end();
    if (cascade && kind.equals("table")) {
      // The node drops the other tables' foreign keys to these, as Postgres does, in one
      // statement (io.rhizome.node.schema.DropTables); dependent views are not dropped.
      return Optional.of(
          new Rewritten(
              List.of(
                  "DROP TABLE "
                      + (ifExists ? "IF EXISTS " : "")
                      + String.join(", ", names)
                      + " CASCADE"),
              null));
    }
    if (!changed && names.size() == 1) {
      return Optional.empty();
    }
    String head = "DROP " + kind.toUpperCase(Locale.ROOT) + (ifExists ? " IF EXISTS " : " ");
    List<String> statements = new ArrayList<>();
    if (names.size() > 1 && kind.equals("table")) {
      // Postgres drops them all at once: references among them are no reason to fail midway.
      statements.add("PRAGMA defer_foreign_keys = ON");
    }
    for (String n : names) {
      statements.add(head + n);
    }
    return Optional.of(new Rewritten(statements, "DROP " + kind.toUpperCase(Locale.ROOT)));
  }

  /** {@code TRUNCATE [TABLE] [ONLY] t [*], ...}: a DELETE of every row of each, at once. */
  private Optional<Result> truncate() {
    p.expectWord("truncate");
    p.acceptWord("table");
    List<String> tables = new ArrayList<>();
    List<String> names = new ArrayList<>();
    do {
      p.acceptWord("only");
      Name n = p.name();
      names.add(n.last());
      if (n.size() > 1) {
        if (n.size() > 2 || !n.qualifier().equals("public")) {
          throw SqlException.unsupported("tables in schema " + n.qualifier());
        }
        tables.add("main." + ownName(n));
      } else {
        tables.add(src.substring(n.start(), n.end()));
      }
      if (p.peek() != null && p.peek().isOperator("*")) {
        p.next();
      }
    } while (p.acceptPunct(','));
    boolean restart = false;
    while (!p.atEnd() && !p.peekPunct(';')) {
      if (p.acceptWord("restart")) {
        p.expectWord("identity");
        restart = true;
      } else if (p.acceptWord("continue")) {
        p.expectWord("identity");
      } else if (p.acceptWord("cascade")) {
        throw SqlException.unsupported("TRUNCATE ... CASCADE");
      } else if (!p.acceptWord("restrict")) {
        throw p.error("unexpected");
      }
    }
    List<String> statements = new ArrayList<>();
    if (tables.size() > 1) {
      statements.add("PRAGMA defer_foreign_keys = ON");
    }
    if (restart) {
      // A statement that returns no rows (a script's rows reach the client) and calls the function
      // once, whatever the table holds: SQLite fills the IN list before it looks at any row.
      for (int k = 0; k < names.size(); k++) {
        statements.add(
            "DELETE FROM "
                + tables.get(k)
                + " WHERE rowid IN (SELECT NULL WHERE "
                + NodeCatalog.RESTART_IDENTITY
                + "("
                + Strings.literal(names.get(k))
                + ") = 0)");
      }
    }
    for (String t : tables) {
      statements.add("DELETE FROM " + t);
    }
    return Optional.of(new Rewritten(statements, "TRUNCATE TABLE"));
  }

  // ---------------------------------------------------------------------------------------------
  // ALTER TABLE

  private Optional<Result> alter() {
    p.expectWord("alter");
    if (p.acceptWord("sequence")) {
      return Optional.of(Sequences.alter(p));
    }
    if (!p.acceptWord("table")) {
      String kind = word(p.peek());
      if (Set.of("index", "view", "trigger").contains(kind)) {
        return Optional.empty();
      }
      throw SqlException.unsupported("ALTER " + kind.toUpperCase(Locale.ROOT));
    }
    // Actions SQLite has become SQLite statements; with any action SQLite lacks (or IF EXISTS),
    // the whole statement goes to the node in its own ALTER TABLE forms (io.rhizome.node.schema),
    // written with SQLite's types and expressions, which the node runs as one change.
    boolean ifExists = acceptIfExists();
    boolean nodeForm = ifExists;
    int only = p.startPos();
    boolean changed = false;
    if (p.acceptWord("only")) {
      edits.remove(only, p.endPos());
      changed = true;
    }
    Name table = p.name();
    String tableText;
    String bare;
    if (table.size() > 1) {
      if (table.size() > 2 || !table.qualifier().equals("public")) {
        throw SqlException.unsupported("tables in schema " + table.qualifier());
      }
      tableText = "main." + ownName(table);
      bare = ownName(table);
      changed = true;
    } else {
      tableText = src.substring(table.start(), table.end());
      bare = tableText;
    }
    if (p.peek() != null && p.peek().isOperator("*")) {
      p.next();
    }
    List<String> statements = new ArrayList<>();
    List<String> actions = new ArrayList<>();
    String head = "ALTER TABLE " + tableText + " ";
    do {
      int start = p.startPos();
      String action = word(p.peek());
      switch (action) {
        case "add" -> {
          p.next();
          if (p.peek() != null && TABLE_CONSTRAINT_WORDS.contains(word(p.peek()))) {
            AddedConstraint added = addConstraint(table.last(), bare);
            if (added.index() != null) {
              statements.add(added.index());
            } else {
              nodeForm = true;
            }
            actions.add(added.action());
            changed = true;
          } else {
            p.acceptWord("column");
            boolean ifNotExists = acceptIfNotExists();
            Column c = column(p.startPos());
            if (c.identity) {
              throw SqlException.unsupported("adding a SERIAL or identity column");
            }
            String definition = edits.apply(c.start, c.end);
            statements.add(head + "ADD COLUMN " + definition);
            actions.add("ADD COLUMN " + (ifNotExists ? "IF NOT EXISTS " : "") + definition);
            nodeForm |= ifNotExists;
          }
        }
        case "drop" -> {
          p.next();
          if (p.acceptWord("constraint")) {
            boolean ifConstraintExists = acceptIfExists();
            Token name = p.next();
            if (p.acceptWord("cascade") || p.acceptWord("restrict")) {
              changed = true;
            }
            actions.add(
                "DROP CONSTRAINT " + (ifConstraintExists ? "IF EXISTS " : "") + name.text());
            nodeForm = true;
            continue;
          }
          p.acceptWord("column");
          boolean ifColumnExists = acceptIfExists();
          Token col = p.next();
          String behaviour = "";
          if (p.acceptWord("cascade")) {
            behaviour = " CASCADE";
          } else if (p.acceptWord("restrict")) {
            behaviour = " RESTRICT";
          }
          statements.add(head + "DROP COLUMN " + col.text());
          // With CASCADE or RESTRICT, Postgres' DROP COLUMN (Django's): the node drops the
          // indexes and constraints that use the column first, which SQLite's refuses to.
          actions.add(
              "DROP COLUMN " + (ifColumnExists ? "IF EXISTS " : "") + col.text() + behaviour);
          nodeForm |= ifColumnExists || !behaviour.isEmpty();
        }
        case "rename" -> {
          p.next();
          if (p.peekWord("constraint")) {
            nodeForm = true;
          }
          while (!p.atEnd() && !p.peekPunct(',') && !p.peekPunct(';')) {
            p.next();
          }
          statements.add(head + src.substring(start, p.endPos()));
          actions.add(src.substring(start, p.endPos()));
        }
        case "owner" -> {
          // The tenant's user owns every object.
          p.next();
          p.expectWord("to");
          p.next();
          changed = true;
        }
        case "alter" -> {
          p.next();
          p.acceptWord("column");
          Token col = p.next();
          String alteration = alterColumn();
          if (alteration != null) {
            actions.add("ALTER COLUMN " + col.text() + " " + alteration);
            nodeForm = true;
          }
          changed = true;
        }
        default ->
            throw SqlException.unsupported("ALTER TABLE ... " + action.toUpperCase(Locale.ROOT));
      }
    } while (p.acceptPunct(','));
    end();
    if (nodeForm) {
      return Optional.of(
          new Rewritten(
              List.of(
                  "ALTER TABLE "
                      + (ifExists ? "IF EXISTS " : "")
                      + tableText
                      + " "
                      + String.join(", ", actions)),
              null));
    }
    if (statements.size() == 1 && !changed && edits.isEmpty()) {
      return Optional.empty();
    }
    if (statements.isEmpty()) {
      return Optional.of(new Acknowledged("ALTER TABLE"));
    }
    boolean ownTag = statements.size() == 1 && statements.get(0).startsWith("ALTER TABLE");
    return Optional.of(new Rewritten(statements, ownTag ? null : "ALTER TABLE"));
  }

  /**
   * After {@code ALTER [COLUMN] c}: the node's form of the alteration ({@code TYPE t [USING e]},
   * {@code SET DEFAULT e}, ...), or null for one with nothing to do in SQLite ({@code SET
   * STATISTICS}, {@code SET STORAGE}, {@code SET COMPRESSION}).
   */
  private String alterColumn() {
    if (p.acceptWord("set")) {
      if (p.acceptWord("default")) {
        Expr e = p.expr();
        return "SET DEFAULT " + writer.expr(e);
      }
      if (p.acceptWord("not")) {
        p.expectWord("null");
        return "SET NOT NULL";
      }
      if (p.acceptWord("data")) {
        p.expectWord("type");
        return newType();
      }
      if (p.acceptWord("statistics") || p.acceptWord("storage") || p.acceptWord("compression")) {
        p.next(); // plan and storage hints: SQLite has none of them
        return null;
      }
      throw SqlException.unsupported(
          "ALTER COLUMN ... SET " + word(p.peek()).toUpperCase(Locale.ROOT));
    }
    if (p.acceptWord("drop")) {
      if (p.acceptWord("default")) {
        return "DROP DEFAULT";
      }
      if (p.acceptWord("not")) {
        p.expectWord("null");
        return "DROP NOT NULL";
      }
      throw SqlException.unsupported(
          "ALTER COLUMN ... DROP " + word(p.peek()).toUpperCase(Locale.ROOT));
    }
    if (p.acceptWord("type")) {
      return newType();
    }
    throw SqlException.unsupported("ALTER COLUMN ... " + word(p.peek()).toUpperCase(Locale.ROOT));
  }

  /** {@code TYPE t [COLLATE c] [USING e]} as the node's {@code TYPE t [USING e]}. */
  private String newType() {
    int typeStart = p.startPos();
    io.rhizome.pgsql.tree.TypeName type = p.typeName();
    if (SERIALS.contains(type.canonical())) {
      throw p.error("type \"" + type.canonical() + "\" does not exist");
    }
    boolean rewrite =
        type.schema() != null
            || type.isArray()
            || (!type.modifiers().isEmpty()
                && type.canonical().startsWith("time")
                && src.substring(type.start(), type.end())
                    .toLowerCase(Locale.ROOT)
                    .contains("zone"));
    if (type.schema() != null && !type.schema().equals("pg_catalog")) {
      throw SqlException.unsupported("types in schema " + type.schema());
    }
    String text = rewrite ? sqliteType(type) : src.substring(typeStart, type.end());
    if (p.peekWord("collate")) {
      throw SqlException.unsupported("ALTER COLUMN ... TYPE ... COLLATE");
    }
    if (!p.acceptWord("using")) {
      return "TYPE " + text;
    }
    Expr using = p.expr();
    if (using instanceof Expr.Cast cast
        && cast.operand() instanceof Expr.ColumnRef
        && cast.type().canonical().equals(type.canonical())
        && cast.type().modifiers().equals(type.modifiers())
        && cast.type().arrayDims() == type.arrayDims()) {
      // USING c::t to the same type: what the change does without USING.
      return "TYPE " + text;
    }
    // In parentheses: a word after USING reads as a module name to the node's lockdown.
    return "TYPE " + text + " USING (" + writer.expr(using) + ")";
  }

  /**
   * An added constraint: the node's form of the action, and for PRIMARY KEY and UNIQUE also the
   * SQLite statement that makes it when no action needs the node.
   */
  private record AddedConstraint(String action, String index) {}

  /**
   * ADD [CONSTRAINT n] PRIMARY KEY / UNIQUE (cols): a unique index (SQLite adds no key to the
   * storage of a table that exists). CHECK and FOREIGN KEY: the node's form, with the expression
   * translated and the referenced table's schema dropped.
   */
  private AddedConstraint addConstraint(String table, String tableText) {
    int start = p.startPos();
    String name = null;
    if (p.acceptWord("constraint")) {
      name = identifier(p.next());
    }
    String kind = word(p.next());
    switch (kind) {
      case "primary", "unique" -> {}
      case "check" -> {
        p.expectPunct('(');
        Expr e = p.expr();
        p.expectPunct(')');
        replaceExpr(e);
        noInherit();
        acceptNotValid();
        return new AddedConstraint("ADD " + edits.apply(start, p.endPos()), null);
      }
      case "foreign" -> {
        p.expectWord("key");
        columnList();
        p.expectWord("references");
        referencedTable();
        while (!p.atEnd() && !p.peekPunct(',') && !p.peekPunct(';')) {
          p.next(); // MATCH, ON DELETE/UPDATE, [NOT] DEFERRABLE, INITIALLY, NOT VALID
        }
        return new AddedConstraint("ADD " + edits.apply(start, p.endPos()), null);
      }
      default ->
          throw SqlException.unsupported("ALTER TABLE ... ADD " + kind.toUpperCase(Locale.ROOT));
    }
    boolean primary = kind.equals("primary");
    if (primary) {
      p.expectWord("key");
    } else {
      nullsDistinct();
    }
    if (p.peekWord("using") && p.peekWordAt(1, "index")) {
      throw SqlException.unsupported("ADD CONSTRAINT ... USING INDEX");
    }
    int colsStart = p.startPos();
    List<String> columns = columnList();
    String cols = src.substring(colsStart, p.endPos());
    indexParameters();
    if (p.peekWord("deferrable") || p.peekWord("initially") || p.peekWord("not")) {
      throw SqlException.unsupported("deferrable unique constraints");
    }
    if (name == null) {
      name = primary ? table + "_pkey" : table + "_" + String.join("_", columns) + "_key";
    }
    String quoted = Strings.identifier(name);
    return new AddedConstraint(
        "ADD CONSTRAINT " + quoted + (primary ? " PRIMARY KEY " : " UNIQUE ") + cols,
        "CREATE UNIQUE INDEX " + quoted + " ON " + tableText + " " + cols);
  }

  private void acceptNotValid() {
    if (p.peekWord("not") && p.peekWordAt(1, "valid")) {
      p.next();
      p.next();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // VACUUM, ANALYZE

  /**
   * {@code VACUUM [options] [table, ...]}. SQLite's VACUUM rewrites the whole file and takes no
   * table; Postgres' VACUUM of a table reclaims space in place, which SQLite does by itself. So a
   * VACUUM of tables analyzes them (it checks they exist, and with ANALYZE it is what was asked),
   * and one of no table is SQLite's VACUUM.
   */
  private Optional<Result> vacuum() {
    p.expectWord("vacuum");
    boolean options = false;
    if (p.peekPunct('(')) {
      p.skipParenthesized();
      options = true;
    }
    while (p.peekWord("full")
        || p.peekWord("freeze")
        || p.peekWord("verbose")
        || p.peekWord("analyze")
        || p.peekWord("analyse")) {
      p.next();
      options = true;
    }
    List<String> tables = tableList();
    end();
    if (tables.isEmpty()) {
      return options ? Optional.of(new Rewritten(List.of("VACUUM"), "VACUUM")) : Optional.empty();
    }
    List<String> statements = new ArrayList<>();
    for (String t : tables) {
      statements.add("ANALYZE " + t);
    }
    return Optional.of(new Rewritten(statements, "VACUUM"));
  }

  private Optional<Result> analyze() {
    boolean changed = p.next().isKeyword("analyse");
    if (p.peekPunct('(')) {
      p.skipParenthesized();
      changed = true;
    }
    if (p.acceptWord("verbose")) {
      changed = true;
    }
    int mark = p.mark();
    List<String> tables = tableList();
    end();
    if (!changed && tables.size() <= 1 && !hasColumnList(mark)) {
      return Optional.empty();
    }
    if (tables.isEmpty()) {
      return Optional.of(new Rewritten(List.of("ANALYZE"), "ANALYZE"));
    }
    List<String> statements = new ArrayList<>();
    for (String t : tables) {
      statements.add("ANALYZE " + t);
    }
    return Optional.of(new Rewritten(statements, "ANALYZE"));
  }

  private boolean hasColumnList(int mark) {
    int now = p.mark();
    p.reset(mark);
    boolean found = false;
    while (!p.atEnd()) {
      if (p.next().isPunctuation('(')) {
        found = true;
      }
    }
    p.reset(now);
    return found;
  }

  /** Tables of VACUUM / ANALYZE, each with an optional column list (ignored). */
  private List<String> tableList() {
    List<String> tables = new ArrayList<>();
    if (p.atEnd() || p.peekPunct(';')) {
      return tables;
    }
    do {
      Name n = p.name();
      if (n.size() > 1) {
        if (n.size() > 2 || !n.qualifier().equals("public")) {
          throw SqlException.unsupported("tables in schema " + n.qualifier());
        }
        tables.add("main." + ownName(n));
      } else {
        tables.add(src.substring(n.start(), n.end()));
      }
      if (p.peekPunct('(')) {
        p.skipParenthesized();
      }
    } while (p.acceptPunct(','));
    return tables;
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private Optional<Result> rewritten() {
    if (edits.isEmpty()) {
      return Optional.empty();
    }
    String out = edits.apply();
    if (out.equals(src)) {
      return Optional.empty();
    }
    return Optional.of(new Rewritten(List.of(out), null));
  }

  private void replaceExpr(Expr e) {
    String written = writer.expr(e);
    if (!written.equals(src.substring(e.start(), e.end()))) {
      edits.replace(e.start(), e.end(), written);
    }
  }

  private void replaceQuery(Query q) {
    String written = writer.query(q, false);
    if (!written.equals(src.substring(q.start(), q.end()))) {
      edits.replace(q.start(), q.end(), written);
    }
  }

  /** A table name being created or altered: {@code public.t} is SQLite's {@code main.t}. */
  private String tableName() {
    Name n = p.name();
    if (n.size() > 1) {
      if (n.size() > 2 || !n.qualifier().equals("public")) {
        throw SqlException.unsupported("tables in schema " + n.qualifier());
      }
      edits.replace(n.start(), n.end(), "main." + ownName(n));
    }
    return n.last();
  }

  /** The name's last part as written (quoted if it was). */
  private static String ownName(Name n) {
    return n.quoted().get(n.size() - 1) ? Strings.identifier(n.last()) : n.last();
  }

  private boolean acceptIfNotExists() {
    if (p.peekWord("if") && p.peekWordAt(1, "not")) {
      p.next();
      p.next();
      p.expectWord("exists");
      return true;
    }
    return false;
  }

  private boolean acceptIfExists() {
    if (p.peekWord("if") && p.peekWordAt(1, "exists")) {
      p.next();
      p.next();
      return true;
    }
    return false;
  }

  private boolean atElementEnd() {
    return p.atEnd() || p.peekPunct(',') || p.peekPunct(')') || p.peekPunct(';');
  }

  private void skipToElementEnd() {
    while (!atElementEnd()) {
      if (p.peekPunct('(')) {
        p.skipParenthesized();
      } else {
        p.next();
      }
    }
  }

  private void end() {
    p.acceptPunct(';');
    if (!p.atEnd()) {
      throw p.error("unexpected");
    }
  }

  private static String identifier(Token t) {
    if (t == null) {
      throw SqlException.syntax("expected a name at end of input");
    }
    return t.kind() == Token.Kind.QUOTED_IDENTIFIER ? t.value() : word(t);
  }

  private static String word(Token t) {
    return t == null || t.kind() != Token.Kind.WORD ? "" : t.text().toLowerCase(Locale.ROOT);
  }
}
