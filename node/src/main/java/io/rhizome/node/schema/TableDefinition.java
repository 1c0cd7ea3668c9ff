/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.schema;

import io.rhizome.node.schema.SchemaTokens.Kind;
import io.rhizome.node.schema.SchemaTokens.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A table's {@code CREATE TABLE} text as SQLite stores it in {@code sqlite_schema}, read into its
 * columns and constraints with their spans, so one part can be replaced and the rest kept byte for
 * byte. It reads SQLite's grammar of table definitions (column constraints in any order, table
 * constraints with or without commas between them, {@code WITHOUT ROWID}, {@code STRICT}); a text
 * it cannot read is refused, never guessed at.
 */
final class TableDefinition {
  /** Words that start a column constraint. */
  private static final Set<String> COLUMN_CONSTRAINT_WORDS =
      Set.of(
          "CONSTRAINT",
          "PRIMARY",
          "NOT",
          "NULL",
          "UNIQUE",
          "CHECK",
          "DEFAULT",
          "COLLATE",
          "REFERENCES",
          "GENERATED",
          "AS");

  /** Words that start a table constraint. */
  private static final Set<String> TABLE_CONSTRAINT_WORDS =
      Set.of("CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN");

  /** What a constraint is. */
  enum Type {
    PRIMARY_KEY,
    UNIQUE,
    CHECK,
    FOREIGN_KEY,
    NOT_NULL,
    NULL,
    DEFAULT,
    COLLATE,
    GENERATED
  }

  /**
   * One constraint, of a column ({@code column} set) or of the table.
   *
   * @param name its name when declared with {@code CONSTRAINT name}, else null
   * @param nameToken the span of that name, or null
   * @param start where it starts ({@code CONSTRAINT} included)
   * @param removeFrom where removing it starts: the end of the token before it (a column
   *     constraint), or the comma before it (a table constraint)
   * @param bodyStart where its own words start (after {@code CONSTRAINT name})
   * @param columns the columns of a table's PRIMARY KEY, UNIQUE or FOREIGN KEY; the one column of a
   *     column constraint
   * @param firstColumn for a CHECK: the first of the table's columns its expression names, or null
   * @param referenced for a FOREIGN KEY: the table it references, else null
   */
  record Constraint(
      String name,
      Token nameToken,
      Type type,
      int start,
      int removeFrom,
      int bodyStart,
      int end,
      String column,
      List<String> columns,
      String firstColumn,
      String referenced) {

    /**
     * Its name: the declared one, else the one Postgres gives such a constraint ({@code t_pkey},
     * {@code t_a_key}, {@code t_a_check}, {@code t_a_fkey}); null for constraints Postgres does not
     * name (NOT NULL, DEFAULT, COLLATE).
     */
    String pgName(String table) {
      if (name != null) {
        return name;
      }
      return switch (type) {
        case PRIMARY_KEY -> table + "_pkey";
        case UNIQUE -> table + "_" + String.join("_", columns) + "_key";
        case FOREIGN_KEY -> table + "_" + String.join("_", columns) + "_fkey";
        case CHECK ->
            table
                + "_"
                + (column != null ? column + "_" : firstColumn != null ? firstColumn + "_" : "")
                + "check";
        default -> null;
      };
    }
  }

  /**
   * One column.
   *
   * @param typeStart where its declared type starts, or -1 without one
   * @param typeEnd where the type ends, or the end of the name without a type
   */
  record Column(
      String name,
      int start,
      int end,
      int typeStart,
      int typeEnd,
      String type,
      List<Constraint> constraints) {

    Optional<Constraint> constraint(Type type) {
      return constraints.stream().filter(c -> c.type() == type).findFirst();
    }
  }

  private final String sql;
  private final List<Token> tokens;
  private int at;
  private int nameEnd;
  private int bodyClose;
  private final List<Column> columns = new ArrayList<>();
  private final List<Constraint> tableConstraints = new ArrayList<>();
  private boolean withoutRowid;

  private TableDefinition(String sql) {
    this.sql = sql;
    this.tokens = SchemaTokens.of(sql);
  }

  /**
   * Reads a stored table definition.
   *
   * @throws UnreadableException when it is not one this reader knows
   */
  static TableDefinition read(String sql) {
    TableDefinition d = new TableDefinition(sql);
    try {
      d.parse();
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      throw new UnreadableException();
    }
    return d;
  }

  /** A table definition this reader cannot take apart. */
  static final class UnreadableException extends RuntimeException {
    UnreadableException() {
      super("the table's definition could not be read", null, false, false);
    }
  }

  String sql() {
    return sql;
  }

  List<Column> columns() {
    return columns;
  }

  boolean withoutRowid() {
    return withoutRowid;
  }

  Optional<Column> column(String name) {
    return columns.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
  }

  /** Every constraint, the columns' first, then the table's. */
  List<Constraint> constraints() {
    List<Constraint> all = new ArrayList<>();
    columns.forEach(c -> all.addAll(c.constraints()));
    all.addAll(tableConstraints);
    return all;
  }

  /** Where the table's name ends: the rest is the definition proper. */
  int nameEnd() {
    return nameEnd;
  }

  /** Where a table constraint is added: just before the closing parenthesis. */
  int bodyEnd() {
    return bodyClose;
  }

  /** The text with {@code [start, end)} replaced. */
  String replace(int start, int end, String with) {
    return sql.substring(0, start) + with + sql.substring(end);
  }

  /** Whether {@code column} is SQLite's rowid under another name ({@code INTEGER PRIMARY KEY}). */
  boolean isRowidAlias(Column column) {
    if (withoutRowid || !column.type().equalsIgnoreCase("INTEGER")) {
      return false;
    }
    List<String> primary = primaryKey();
    return primary.size() == 1 && primary.get(0).equalsIgnoreCase(column.name());
  }

  /** The primary key's columns (none without one). */
  List<String> primaryKey() {
    for (Constraint c : constraints()) {
      if (c.type() == Type.PRIMARY_KEY) {
        return c.columns();
      }
    }
    return List.of();
  }

  // ---------------------------------------------------------------------------------------------

  private void parse() {
    expect("CREATE");
    if (peek().is("TEMP") || peek().is("TEMPORARY")) {
      at++;
    }
    expect("TABLE");
    if (peek().is("IF")) {
      at += 3;
    }
    nameEnd = next().end(); // the name, or the schema
    if (peek().isPunct('.')) {
      at++;
      nameEnd = next().end();
    }
    if (!next().isPunct('(')) {
      throw new UnreadableException(); // CREATE TABLE ... AS SELECT is stored with columns
    }
    boolean constraintsNow = false;
    while (true) {
      Token t = peek();
      if (!constraintsNow && TABLE_CONSTRAINT_WORDS.contains(t.word())) {
        constraintsNow = true;
      }
      if (constraintsNow) {
        tableConstraint();
      } else {
        column();
      }
      Token after = next();
      if (after.isPunct(')')) {
        bodyClose = after.start();
        break;
      }
      if (!after.isPunct(',')) {
        if (constraintsNow && TABLE_CONSTRAINT_WORDS.contains(after.word())) {
          at--; // table constraints need no comma between them
          continue;
        }
        throw new UnreadableException();
      }
    }
    while (at < tokens.size()) {
      if (next().is("WITHOUT")) {
        withoutRowid = true;
      }
    }
  }

  private void column() {
    Token name = next();
    if (!name.isName() && name.kind() != Kind.STRING) {
      throw new UnreadableException();
    }
    int typeStart = -1;
    int typeEnd = name.end();
    while (!atElementEnd() && !COLUMN_CONSTRAINT_WORDS.contains(peek().word())) {
      if (typeStart < 0) {
        typeStart = peek().start();
      }
      if (peek().isPunct('(')) {
        typeEnd = skipParenthesized();
      } else {
        typeEnd = next().end();
      }
    }
    String type = typeStart < 0 ? "" : sql.substring(typeStart, typeEnd);
    List<Constraint> constraints = new ArrayList<>();
    String columnName = name.name();
    while (!atElementEnd()) {
      constraints.add(constraint(columnName, false));
    }
    columns.add(
        new Column(
            columnName,
            name.start(),
            tokens.get(at - 1).end(),
            typeStart,
            typeEnd,
            type,
            List.copyOf(constraints)));
  }

  private void tableConstraint() {
    tableConstraints.add(constraint(null, true));
  }

  /** One constraint, of {@code column} or (with {@code table}) of the table. */
  private Constraint constraint(String column, boolean table) {
    Token first = peek();
    int removeFrom;
    if (table) {
      Token before = tokens.get(at - 1);
      removeFrom = before.isPunct(',') ? before.start() : first.start();
    } else {
      removeFrom = tokens.get(at - 1).end();
    }
    String name = null;
    Token nameToken = null;
    if (first.is("CONSTRAINT")) {
      at++;
      nameToken = next();
      name = nameToken.name();
    }
    int bodyStart = peek().start();
    Token word = next();
    Type type;
    List<String> columns = column == null ? List.of() : List.of(column);
    String firstColumn = null;
    String referenced = null;
    switch (word.word()) {
      case "PRIMARY" -> {
        expect("KEY");
        type = Type.PRIMARY_KEY;
        if (table) {
          columns = columnList();
        } else if (peek().is("ASC") || peek().is("DESC")) {
          at++;
        }
        conflictClause();
        if (peek().is("AUTOINCREMENT")) {
          at++;
        }
      }
      case "UNIQUE" -> {
        type = Type.UNIQUE;
        if (table) {
          columns = columnList();
        }
        conflictClause();
      }
      case "NOT" -> {
        expect("NULL");
        type = Type.NOT_NULL;
        conflictClause();
      }
      case "NULL" -> {
        type = Type.NULL;
        conflictClause();
      }
      case "CHECK" -> {
        type = Type.CHECK;
        int open = at;
        skipParenthesized();
        if (column == null) {
          firstColumn = firstColumnNamed(open, at);
        }
      }
      case "DEFAULT" -> {
        type = Type.DEFAULT;
        if (peek().isPunct('(')) {
          skipParenthesized();
        } else {
          if (peek().isPunct('-') || peek().isPunct('+')) {
            at++;
          }
          next();
        }
      }
      case "COLLATE" -> {
        type = Type.COLLATE;
        next();
      }
      case "REFERENCES" -> {
        type = Type.FOREIGN_KEY;
        at--;
        referenced = foreignKeyClause();
      }
      case "FOREIGN" -> {
        expect("KEY");
        type = Type.FOREIGN_KEY;
        columns = columnList();
        referenced = foreignKeyClause();
      }
      case "GENERATED", "AS" -> {
        type = Type.GENERATED;
        if (word.is("GENERATED")) {
          expect("ALWAYS");
          expect("AS");
        }
        skipParenthesized();
        if (peek().is("STORED") || peek().is("VIRTUAL")) {
          at++;
        }
      }
      default -> throw new UnreadableException();
    }
    return new Constraint(
        name,
        nameToken,
        type,
        first.start(),
        removeFrom,
        bodyStart,
        tokens.get(at - 1).end(),
        column,
        columns,
        firstColumn,
        referenced);
  }

  /** {@code REFERENCES t [(cols)] [actions]}: returns {@code t}. */
  private String foreignKeyClause() {
    expect("REFERENCES");
    String table = next().name();
    if (peek().isPunct('(')) {
      skipParenthesized();
    }
    while (at < tokens.size()) {
      Token t = peek();
      if (t.is("ON")) {
        at++;
        next(); // DELETE, UPDATE
        Token action = next();
        if (action.is("SET") || action.is("NO")) {
          next(); // NULL, DEFAULT, ACTION
        }
      } else if (t.is("MATCH")) {
        at += 2;
      } else if (t.is("DEFERRABLE")
          || (t.is("NOT") && at + 1 < tokens.size() && tokens.get(at + 1).is("DEFERRABLE"))) {
        at += t.is("NOT") ? 2 : 1;
        if (peek().is("INITIALLY")) {
          at += 2;
        }
      } else {
        return table;
      }
    }
    return table;
  }

  private void conflictClause() {
    if (at + 1 < tokens.size() && peek().is("ON") && tokens.get(at + 1).is("CONFLICT")) {
      at += 3;
    }
  }

  /** A parenthesized list of columns (each maybe with COLLATE and ASC/DESC): their names. */
  private List<String> columnList() {
    if (!next().isPunct('(')) {
      throw new UnreadableException();
    }
    List<String> names = new ArrayList<>();
    int depth = 0;
    boolean itemStart = true;
    while (true) {
      Token t = next();
      if (t.isPunct('(')) {
        depth++;
      } else if (t.isPunct(')')) {
        if (depth == 0) {
          return List.copyOf(names);
        }
        depth--;
      } else if (t.isPunct(',') && depth == 0) {
        itemStart = true;
        continue;
      } else if (itemStart && t.isName()) {
        names.add(t.name());
      }
      itemStart = false;
    }
  }

  private String firstColumnNamed(int from, int to) {
    for (int i = from; i < to; i++) {
      Token t = tokens.get(i);
      if (t.isName()) {
        for (Column c : columns) {
          if (c.name().equalsIgnoreCase(t.name())) {
            return c.name();
          }
        }
      }
    }
    return null;
  }

  /** Skips a balanced parenthesized group; returns where it ends. */
  private int skipParenthesized() {
    if (!next().isPunct('(')) {
      throw new UnreadableException();
    }
    int depth = 1;
    while (true) {
      Token t = next();
      if (t.isPunct('(')) {
        depth++;
      } else if (t.isPunct(')') && --depth == 0) {
        return t.end();
      }
    }
  }

  private boolean atElementEnd() {
    Token t = peek();
    return t.isPunct(',') || t.isPunct(')');
  }

  private Token peek() {
    return tokens.get(at);
  }

  private Token next() {
    return tokens.get(at++);
  }

  private void expect(String word) {
    if (!next().is(word)) {
      throw new UnreadableException();
    }
  }

  /** SQLite's affinity of a declared type (section 3.1 of its datatype page). */
  static String affinity(String type) {
    String t = type.toUpperCase(Locale.ROOT);
    if (t.contains("INT")) {
      return "INTEGER";
    }
    if (t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT")) {
      return "TEXT";
    }
    if (t.isEmpty() || t.contains("BLOB")) {
      return "BLOB";
    }
    if (t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB")) {
      return "REAL";
    }
    return "NUMERIC";
  }
}
