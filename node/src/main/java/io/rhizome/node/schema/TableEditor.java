/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.schema;

import static io.rhizome.node.schema.SchemaTokens.quote;
import static io.rhizome.node.schema.TableChange.execute;
import static io.rhizome.node.schema.TableChange.storedName;

import io.rhizome.node.schema.AlterTable.Action;
import io.rhizome.node.schema.AlterTable.AddColumnIfMissing;
import io.rhizome.node.schema.AlterTable.AddConstraint;
import io.rhizome.node.schema.AlterTable.DropColumn;
import io.rhizome.node.schema.AlterTable.DropConstraint;
import io.rhizome.node.schema.AlterTable.Native;
import io.rhizome.node.schema.AlterTable.RenameConstraint;
import io.rhizome.node.schema.AlterTable.SetDefault;
import io.rhizome.node.schema.AlterTable.SetNotNull;
import io.rhizome.node.schema.AlterTable.SetType;
import io.rhizome.node.schema.SchemaTokens.Token;
import io.rhizome.node.schema.TableDefinition.Column;
import io.rhizome.node.schema.TableDefinition.Constraint;
import io.rhizome.node.schema.TableDefinition.Type;
import io.rhizome.proto.SqlState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sqlite.SQLiteConnection;

/**
 * The actions of one ALTER TABLE on one table, each on the table's stored definition ({@link
 * TableDefinition}) and its rows: see the package documentation.
 */
final class TableEditor {
  /** The name a new definition is compiled under to check it before it is stored. */
  private static final String CHECK_NAME = "rhizome alter table check";

  private final SQLiteConnection connection;
  private final String table;
  private final String qualified;

  TableEditor(SQLiteConnection connection, String table) {
    this.connection = connection;
    this.table = table;
    this.qualified = "main." + quote(table);
  }

  void apply(Action action) throws SQLException {
    if (action instanceof Native n) {
      execute(connection, "ALTER TABLE " + qualified + " " + n.text());
    } else if (action instanceof AddColumnIfMissing a) {
      if (!hasColumn(a.column())) {
        execute(connection, "ALTER TABLE " + qualified + " ADD COLUMN " + a.definition());
      }
    } else if (action instanceof DropColumn d) {
      dropColumn(d);
    } else if (action instanceof SetType t) {
      setType(t);
    } else if (action instanceof SetDefault d) {
      setDefault(d);
    } else if (action instanceof SetNotNull n) {
      setNotNull(n);
    } else if (action instanceof AddConstraint a) {
      addConstraint(a);
    } else if (action instanceof DropConstraint d) {
      dropConstraint(d);
    } else if (action instanceof RenameConstraint r) {
      renameConstraint(r);
    }
  }

  private void setType(SetType change) throws SQLException {
    TableDefinition def = definition();
    Column column = column(def, change.column());
    String type = change.type().strip();
    boolean onlyKey =
        !def.withoutRowid()
            && def.primaryKey().size() == 1
            && def.primaryKey().get(0).equalsIgnoreCase(column.name());
    if (def.isRowidAlias(column)) {
      // The column is the rowid: its declared type must stay INTEGER, or the table's storage no
      // longer matches its definition. An integer type of any width is what it holds already.
      if (!TableDefinition.affinity(type).equals("INTEGER")) {
        throw new SchemaChangeException(
            SqlState.FEATURE_NOT_SUPPORTED,
            "changing the type of column \""
                + column.name()
                + "\" to a non-integer type: it is the table's rowid");
      }
      type = column.type();
    } else if (onlyKey && type.equalsIgnoreCase("INTEGER")) {
      type = "INT"; // INTEGER would make the key the rowid, which its stored rows are not
    }
    String sql =
        column.typeStart() < 0
            ? def.replace(column.typeEnd(), column.typeEnd(), " " + type)
            : def.replace(column.typeStart(), column.typeEnd(), type);
    store(def, sql);
    boolean newAffinity =
        !TableDefinition.affinity(column.type()).equals(TableDefinition.affinity(type));
    if (change.using() != null || newAffinity) {
      // Values are converted when written: write each one again, through USING if given.
      rewrite(column.name(), change.using() != null ? "(" + change.using() + ")" : null, null);
    }
  }

  private void setDefault(SetDefault change) throws SQLException {
    TableDefinition def = definition();
    Column column = column(def, change.column());
    Optional<Constraint> old = column.constraint(Type.DEFAULT);
    // A row stored before its column was added has no value for it, and reads the column's
    // current default: write such rows' value before the default changes. ADD COLUMN takes
    // constant defaults only, so only rows holding the old constant (or NULL) can be such rows.
    String oldValue =
        old.map(c -> def.sql().substring(c.bodyStart() + "DEFAULT".length(), c.end()).strip())
            .orElse("NULL");
    if (isConstant(oldValue)) {
      rewrite(column.name(), null, quote(column.name()) + " IS (" + oldValue + ")");
    }
    String sql;
    if (change.expression() == null) {
      if (old.isEmpty()) {
        return;
      }
      sql = def.replace(old.get().removeFrom(), old.get().end(), "");
    } else {
      String value = defaultValue(change.expression().strip());
      sql =
          old.isPresent()
              ? def.replace(old.get().bodyStart(), old.get().end(), "DEFAULT " + value)
              : def.replace(column.end(), column.end(), " DEFAULT " + value);
    }
    store(def, sql);
  }

  private void setNotNull(SetNotNull change) throws SQLException {
    TableDefinition def = definition();
    Column column = column(def, change.column());
    List<Constraint> notNull =
        column.constraints().stream().filter(c -> c.type() == Type.NOT_NULL).toList();
    if (change.notNull()) {
      if (!notNull.isEmpty()) {
        return;
      }
      if (exists(
          "SELECT 1 FROM " + qualified + " WHERE " + quote(column.name()) + " IS NULL LIMIT 1")) {
        throw new SchemaChangeException(
            SqlState.NOT_NULL_VIOLATION,
            "column \"" + column.name() + "\" of relation \"" + table + "\" contains null values");
      }
      store(def, def.replace(column.end(), column.end(), " NOT NULL"));
      return;
    }
    for (String key : def.primaryKey()) {
      if (key.equalsIgnoreCase(column.name())) {
        throw new SchemaChangeException(
            SqlState.INVALID_TABLE_DEFINITION,
            "column \"" + column.name() + "\" is in a primary key");
      }
    }
    if (notNull.isEmpty()) {
      return;
    }
    String sql = def.sql();
    for (int i = notNull.size() - 1; i >= 0; i--) {
      Constraint c = notNull.get(i);
      sql = sql.substring(0, c.removeFrom()) + sql.substring(c.end());
    }
    store(def, sql);
  }

  private void addConstraint(AddConstraint change) throws SQLException {
    TableDefinition def = definition();
    String name = change.name() != null ? change.name() : implicitName(def, change);
    if (constraintNamed(def, name).isPresent() || indexNamed(name) != null) {
      throw new SchemaChangeException(
          SqlState.DUPLICATE_OBJECT,
          "constraint \"" + name + "\" for relation \"" + table + "\" already exists");
    }
    for (String c : change.columns()) {
      column(def, c);
    }
    switch (change.type()) {
      case UNIQUE, PRIMARY_KEY -> {
        // A unique index: SQLite adds no key to the storage of a table that exists.
        List<String> columns = new ArrayList<>();
        change.columns().forEach(c -> columns.add(quote(c)));
        execute(
            connection,
            "CREATE UNIQUE INDEX main."
                + quote(name)
                + " ON "
                + quote(table)
                + " ("
                + String.join(", ", columns)
                + ")");
      }
      case CHECK -> {
        store(
            def,
            def.replace(
                def.bodyEnd(), def.bodyEnd(), ", CONSTRAINT " + quote(name) + " " + change.body()));
        if (change.validate()
            && exists(
                "SELECT 1 FROM " + qualified + " WHERE NOT (" + change.check() + ") LIMIT 1")) {
          throw new SchemaChangeException(
              SqlState.CHECK_VIOLATION,
              "check constraint \""
                  + name
                  + "\" of relation \""
                  + table
                  + "\" is violated by some row");
        }
      }
      case FOREIGN_KEY -> {
        String parent = storedName(connection, change.referenced());
        if (parent == null) {
          throw new SchemaChangeException(
              SqlState.UNDEFINED_TABLE, "relation \"" + change.referenced() + "\" does not exist");
        }
        store(
            def,
            def.replace(
                def.bodyEnd(), def.bodyEnd(), ", CONSTRAINT " + quote(name) + " " + change.body()));
        if (change.validate() && foreignKeyViolated(parent)) {
          throw new SchemaChangeException(
              SqlState.FOREIGN_KEY_VIOLATION,
              "insert or update on table \""
                  + table
                  + "\" violates foreign key constraint \""
                  + name
                  + "\"");
        }
      }
      default -> throw new IllegalStateException("not a constraint to add: " + change.type());
    }
  }

  private boolean foreignKeyViolated(String parent) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT 1 FROM pragma_foreign_key_check(?, 'main') k"
                + " WHERE k.parent = ? COLLATE NOCASE LIMIT 1")) {
      s.setString(1, table);
      s.setString(2, parent);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      if (String.valueOf(e.getMessage()).contains("foreign key mismatch")) {
        throw new SchemaChangeException(
            SqlState.INVALID_FOREIGN_KEY,
            "there is no unique constraint matching given keys for referenced table \""
                + parent
                + "\"");
      }
      throw e;
    }
  }

  /**
   * Drops a column as Postgres does: the table's indexes on it, and its foreign keys and CHECK
   * constraints that use it, go first (SQLite refuses to drop a column they use).
   */
  private void dropColumn(DropColumn change) throws SQLException {
    if (!hasColumn(change.column())) {
      if (change.ifExists()) {
        return;
      }
      throw new SchemaChangeException(
          SqlState.UNDEFINED_COLUMN,
          "column \"" + change.column() + "\" of relation \"" + table + "\" does not exist");
    }
    List<String> indexes = new ArrayList<>();
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT DISTINCT l.name FROM pragma_index_list(?, 'main') l,"
                + " pragma_index_info(l.name, 'main') i"
                + " WHERE l.origin = 'c' AND i.name = ? COLLATE NOCASE")) {
      s.setString(1, table);
      s.setString(2, change.column());
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          indexes.add(rs.getString(1));
        }
      }
    }
    for (String index : indexes) {
      execute(connection, "DROP INDEX main." + quote(index));
    }
    TableDefinition def = definition();
    List<Constraint> using = new ArrayList<>();
    for (Constraint c : def.constraints()) {
      if (c.column() != null) {
        continue; // a column's own constraints go with it
      }
      boolean uses =
          c.type() == Type.FOREIGN_KEY
              ? c.columns().stream().anyMatch(change.column()::equalsIgnoreCase)
              : c.type() == Type.CHECK && mentions(def, c, change.column());
      if (uses) {
        using.add(c);
      }
    }
    if (!using.isEmpty()) {
      String sql = def.sql();
      for (int i = using.size() - 1; i >= 0; i--) {
        Constraint c = using.get(i);
        sql = sql.substring(0, c.removeFrom()) + sql.substring(c.end());
      }
      store(def, sql);
    }
    execute(connection, "ALTER TABLE " + qualified + " DROP COLUMN " + quote(change.column()));
  }

  private static boolean mentions(TableDefinition def, Constraint c, String column) {
    for (Token t : SchemaTokens.of(def.sql().substring(c.bodyStart(), c.end()))) {
      if (t.isName() && t.name().equalsIgnoreCase(column)) {
        return true;
      }
    }
    return false;
  }

  /** Removes this table's foreign keys that reference {@code parent}. */
  void dropForeignKeysTo(String parent) throws SQLException {
    TableDefinition def = definition();
    List<Constraint> keys =
        def.constraints().stream()
            .filter(c -> c.type() == Type.FOREIGN_KEY && parent.equalsIgnoreCase(c.referenced()))
            .toList();
    if (keys.isEmpty()) {
      return;
    }
    String sql = def.sql();
    for (int i = keys.size() - 1; i >= 0; i--) {
      Constraint c = keys.get(i);
      sql = sql.substring(0, c.removeFrom()) + sql.substring(c.end());
    }
    store(def, sql);
  }

  private void dropConstraint(DropConstraint change) throws SQLException {
    TableDefinition def = definition();
    Optional<Constraint> found = constraintNamed(def, change.name());
    if (found.isPresent()) {
      Constraint c = found.get();
      if (c.type() == Type.PRIMARY_KEY || c.type() == Type.UNIQUE) {
        throw new SchemaChangeException(
            SqlState.FEATURE_NOT_SUPPORTED,
            "dropping constraint \""
                + change.name()
                + "\": a PRIMARY KEY or UNIQUE constraint declared with the table is part of"
                + " its storage in SQLite");
      }
      store(def, def.replace(c.removeFrom(), c.end(), ""));
      return;
    }
    String index = indexNamed(change.name());
    if (index != null) {
      execute(connection, "DROP INDEX main." + quote(index));
      return;
    }
    if (!change.ifExists()) {
      throw new SchemaChangeException(
          SqlState.UNDEFINED_OBJECT,
          "constraint \"" + change.name() + "\" of relation \"" + table + "\" does not exist");
    }
  }

  private void renameConstraint(RenameConstraint change) throws SQLException {
    TableDefinition def = definition();
    if (constraintNamed(def, change.to()).isPresent() || indexNamed(change.to()) != null) {
      throw new SchemaChangeException(
          SqlState.DUPLICATE_OBJECT,
          "constraint \"" + change.to() + "\" for relation \"" + table + "\" already exists");
    }
    Optional<Constraint> found = constraintNamed(def, change.from());
    if (found.isPresent()) {
      Constraint c = found.get();
      String sql =
          c.nameToken() != null
              ? def.replace(c.nameToken().start(), c.nameToken().end(), quote(change.to()))
              : def.replace(c.start(), c.start(), "CONSTRAINT " + quote(change.to()) + " ");
      store(def, sql);
      return;
    }
    String index = indexNamed(change.from());
    if (index == null) {
      throw new SchemaChangeException(
          SqlState.UNDEFINED_OBJECT,
          "constraint \"" + change.from() + "\" of relation \"" + table + "\" does not exist");
    }
    String indexSql = indexSql(index);
    List<Token> tokens = SchemaTokens.of(indexSql);
    int at = tokens.get(1).is("UNIQUE") ? 3 : 2;
    if (tokens.get(at).is("IF")) {
      at += 3;
    }
    Token name = tokens.get(at);
    if (at + 1 < tokens.size() && tokens.get(at + 1).isPunct('.')) {
      name = tokens.get(at + 2);
    }
    String renamed =
        indexSql.substring(0, tokens.get(at).start())
            + quote(change.to())
            + indexSql.substring(name.end());
    execute(connection, "DROP INDEX main." + quote(index));
    execute(connection, renamed);
  }

  // -------------------------------------------------------------------------------------------

  /**
   * Stores {@code sql} as the table's definition, after compiling it under another name: a
   * definition SQLite cannot read would make the whole file unreadable. This is the edit of {@code
   * sqlite_schema} SQLite documents for changes that leave the stored rows as they are
   * (lang_altertable.html, "Making Other Kinds Of Table Schema Changes"), with the schema version
   * raised so every connection reads the table anew.
   */
  private void store(TableDefinition old, String sql) throws SQLException {
    TableDefinition def = TableDefinition.read(sql);
    String check = "CREATE TABLE main." + quote(CHECK_NAME) + sql.substring(def.nameEnd());
    connection.prepareStatement(check).close();
    long version;
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA main.schema_version")) {
      rs.next();
      version = rs.getLong(1);
    }
    execute(connection, "PRAGMA writable_schema = ON");
    try {
      try (PreparedStatement s =
          connection.prepareStatement(
              "UPDATE main.sqlite_schema SET sql = ? WHERE type = 'table' AND name = ?")) {
        s.setString(1, sql);
        s.setString(2, table);
        if (s.executeUpdate() != 1) {
          throw new SQLException("the table's definition was not found to update");
        }
      }
      execute(connection, "PRAGMA main.schema_version = " + (version + 1));
    } finally {
      // Off again before anything else runs, and the schema read anew from what is stored.
      execute(connection, "PRAGMA writable_schema = RESET");
    }
  }

  /**
   * Writes {@code column} of every row ({@code where} they match) again, as {@code value} or as
   * itself: with the table's triggers set aside, so that no trigger of the tenant's runs for it
   * (Postgres runs none for ALTER TABLE).
   */
  private void rewrite(String column, String value, String where) throws SQLException {
    List<String> triggers = new ArrayList<>();
    List<String> names = new ArrayList<>();
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT name, sql FROM main.sqlite_schema WHERE type = 'trigger'"
                + " AND tbl_name = ? AND sql IS NOT NULL")) {
      s.setString(1, table);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
          triggers.add(rs.getString(2));
        }
      }
    }
    for (String name : names) {
      execute(connection, "DROP TRIGGER main." + quote(name));
    }
    String q = quote(column);
    execute(
        connection,
        "UPDATE "
            + qualified
            + " SET "
            + q
            + " = "
            + (value == null ? q : value)
            + (where == null ? "" : " WHERE " + where));
    for (String trigger : triggers) {
      execute(connection, trigger);
    }
  }

  private TableDefinition definition() throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT sql FROM main.sqlite_schema WHERE type = 'table' AND name = ?")) {
      s.setString(1, table);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          throw new SchemaChangeException(
              SqlState.UNDEFINED_TABLE, "relation \"" + table + "\" does not exist");
        }
        return TableDefinition.read(rs.getString(1));
      }
    } catch (TableDefinition.UnreadableException e) {
      throw new SchemaChangeException(
          SqlState.FEATURE_NOT_SUPPORTED,
          "ALTER TABLE of \"" + table + "\": its definition could not be read");
    }
  }

  private Column column(TableDefinition def, String name) throws SchemaChangeException {
    return def.column(name)
        .orElseThrow(
            () ->
                new SchemaChangeException(
                    SqlState.UNDEFINED_COLUMN,
                    "column \"" + name + "\" of relation \"" + table + "\" does not exist"));
  }

  private boolean hasColumn(String name) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT 1 FROM pragma_table_xinfo(?, 'main') WHERE name = ? COLLATE NOCASE")) {
      s.setString(1, table);
      s.setString(2, name);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  private Optional<Constraint> constraintNamed(TableDefinition def, String name) {
    Constraint caseless = null;
    for (Constraint c : def.constraints()) {
      String pgName = c.pgName(table);
      if (name.equals(pgName)) {
        return Optional.of(c);
      }
      if (caseless == null && name.equalsIgnoreCase(pgName)) {
        caseless = c;
      }
    }
    return Optional.ofNullable(caseless);
  }

  /** The index of this table named {@code name} that a statement created, or null. */
  private String indexNamed(String name) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT name FROM main.sqlite_schema WHERE type = 'index' AND tbl_name = ?"
                + " AND name = ? COLLATE NOCASE AND sql IS NOT NULL")) {
      s.setString(1, table);
      s.setString(2, name);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private String indexSql(String index) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT sql FROM main.sqlite_schema WHERE type = 'index' AND name = ?")) {
      s.setString(1, index);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private boolean exists(String query) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      return rs.next();
    }
  }

  /** The name Postgres gives a constraint added without one. */
  private String implicitName(TableDefinition def, AddConstraint change) {
    String cols = String.join("_", change.columns());
    return switch (change.type()) {
      case PRIMARY_KEY -> table + "_pkey";
      case UNIQUE -> table + "_" + cols + "_key";
      case FOREIGN_KEY -> table + "_" + cols + "_fkey";
      default -> {
        String first = null;
        for (Token t : SchemaTokens.of(change.check())) {
          if (t.isName() && def.column(t.name()).isPresent()) {
            first = def.column(t.name()).get().name();
            break;
          }
        }
        yield table + "_" + (first == null ? "" : first + "_") + "check";
      }
    };
  }

  /**
   * Whether a stored default is a constant, the only kind ADD COLUMN takes (so the only kind rows
   * stored before their column was added can read).
   */
  private static boolean isConstant(String value) {
    for (Token t : SchemaTokens.of(value)) {
      if (t.kind() == SchemaTokens.Kind.WORD && !t.is("NULL") && !t.is("TRUE") && !t.is("FALSE")) {
        return false; // CURRENT_TIMESTAMP, a function, a column
      }
    }
    return true;
  }

  /** A default's value as SQLite takes it: a literal as written, any other expression in ( ). */
  private static String defaultValue(String expression) {
    List<Token> tokens = SchemaTokens.of(expression);
    boolean literal =
        tokens.size() == 1
                && (tokens.get(0).kind() == SchemaTokens.Kind.STRING
                    || tokens.get(0).kind() == SchemaTokens.Kind.NUMBER
                    || tokens.get(0).is("NULL")
                    || tokens.get(0).is("TRUE")
                    || tokens.get(0).is("FALSE")
                    || tokens.get(0).is("CURRENT_TIMESTAMP")
                    || tokens.get(0).is("CURRENT_DATE")
                    || tokens.get(0).is("CURRENT_TIME"))
            || (tokens.size() == 2
                && (tokens.get(0).isPunct('-') || tokens.get(0).isPunct('+'))
                && tokens.get(1).kind() == SchemaTokens.Kind.NUMBER);
    return literal ? expression : "(" + expression + ")";
  }
}
