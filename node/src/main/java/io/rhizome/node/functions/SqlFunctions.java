/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.functions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Pattern;
import org.sqlite.Function;
import org.sqlite.SQLiteConnection;

/**
 * The custom SQL functions of a node, checked once and registered on every tenant connection.
 *
 * <p>A name must be a plain identifier, must not be one of SQLite's built-in functions (read from
 * SQLite itself, so a newer SQLite's additions count too) and must not look like part of the
 * surface the lockdown polices ({@code load_extension}, table-valued {@code pragma_*} functions,
 * {@code sqlite_*}): a custom {@code pragma_database_list} could otherwise pass for the pragma the
 * lockdown allows, and a custom {@code upper} would change the meaning of every tenant's queries.
 * Each name is defined once, whatever its arity, so a call always means one definition.
 */
public final class SqlFunctions {
  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  /**
   * Prefixes SQLite and the lockdown give a meaning of their own; {@code rhizome_} names the node's
   * own functions.
   */
  private static final List<String> RESERVED_PREFIXES = List.of("pragma_", "sqlite_", "rhizome_");

  private static final Set<String> RESERVED_NAMES = Set.of("load_extension");

  private static final SqlFunctions NONE = new SqlFunctions(List.of());

  private final List<SqlFunction> functions;

  private SqlFunctions(List<SqlFunction> functions) {
    this.functions = List.copyOf(functions);
  }

  /** No custom functions. */
  public static SqlFunctions none() {
    return NONE;
  }

  /**
   * The functions of every {@link SqlFunctionProvider} visible to {@code loader}.
   *
   * @throws InvalidSqlFunctionException when a definition is invalid (see {@link #of})
   */
  public static SqlFunctions load(ClassLoader loader) {
    List<SqlFunction> all = new ArrayList<>();
    for (SqlFunctionProvider provider : ServiceLoader.load(SqlFunctionProvider.class, loader)) {
      List<SqlFunction> provided = provider.functions();
      if (provided == null) {
        throw new InvalidSqlFunctionException(
            provider.getClass().getName() + ".functions() returned null");
      }
      all.addAll(provided);
    }
    return of(all);
  }

  /**
   * Checks {@code functions} against SQLite's built-ins and each other.
   *
   * @throws InvalidSqlFunctionException naming the first offending function
   */
  public static SqlFunctions of(List<SqlFunction> functions) {
    if (functions.isEmpty()) {
      return NONE;
    }
    Set<String> builtIns = builtInFunctions();
    Set<String> seen = new HashSet<>();
    for (SqlFunction function : functions) {
      String name = function.name().toLowerCase(Locale.ROOT);
      if (!NAME.matcher(name).matches()) {
        throw new InvalidSqlFunctionException(
            "custom SQL function name \""
                + function.name()
                + "\" is not a plain identifier (letters, digits, _; at most 63)");
      }
      if (RESERVED_NAMES.contains(name) || RESERVED_PREFIXES.stream().anyMatch(name::startsWith)) {
        throw new InvalidSqlFunctionException(
            "custom SQL function name \"" + name + "\" is reserved by the node");
      }
      if (builtIns.contains(name)) {
        throw new InvalidSqlFunctionException(
            "custom SQL function \"" + name + "\" would shadow SQLite's built-in function");
      }
      if (!seen.add(name)) {
        throw new InvalidSqlFunctionException(
            "custom SQL function \"" + name + "\" is defined more than once");
      }
      int arity = function.arity();
      if (arity < SqlFunction.ANY_ARITY || arity > SqlFunction.MAX_ARITY) {
        throw new InvalidSqlFunctionException(
            "custom SQL function \""
                + name
                + "\" has arity "
                + arity
                + "; it must be -1 (any) or 0 to "
                + SqlFunction.MAX_ARITY);
      }
    }
    return new SqlFunctions(functions);
  }

  /**
   * These functions, checked to take no name of {@code nodeNames}, the functions the node defines
   * itself (its Postgres catalog's): a custom function must not shadow one.
   *
   * @throws InvalidSqlFunctionException naming the first that does
   */
  public SqlFunctions checkedAgainst(Set<String> nodeNames) {
    for (SqlFunction function : functions) {
      if (nodeNames.contains(function.name().toLowerCase(Locale.ROOT))) {
        throw new InvalidSqlFunctionException(
            "custom SQL function \""
                + function.name()
                + "\" would shadow a function of the node's Postgres catalog");
      }
    }
    return this;
  }

  /** The names of the functions, lower case, in definition order. */
  public List<String> names() {
    return functions.stream().map(f -> f.name().toLowerCase(Locale.ROOT)).toList();
  }

  public boolean isEmpty() {
    return functions.isEmpty();
  }

  /**
   * Registers every function on {@code connection}. Each connection gets its own adapter objects:
   * sqlite-jdbc keeps the current call's context in them, so they must not be shared between
   * connections that run on different threads.
   */
  public void register(SQLiteConnection connection) throws SQLException {
    registerOn(connection, functions);
  }

  /**
   * Registers functions the node defines itself (not checked like custom ones: the node's own names
   * are its to choose) on {@code connection}.
   */
  public static void registerOn(SQLiteConnection connection, List<SqlFunction> functions)
      throws SQLException {
    for (SqlFunction function : functions) {
      int flags = function.deterministic() ? Function.FLAG_DETERMINISTIC : 0;
      Function adapter =
          function instanceof SqlFunction.Scalar scalar
              ? new ScalarAdapter(scalar)
              : new AggregateAdapter((SqlFunction.Aggregate) function);
      Function.create(connection, function.name(), adapter, function.arity(), flags);
    }
  }

  /** The names of SQLite's own functions, as a fresh connection lists them. */
  private static Set<String> builtInFunctions() {
    Set<String> names = new HashSet<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT name FROM pragma_function_list")) {
      while (rs.next()) {
        names.add(rs.getString(1).toLowerCase(Locale.ROOT));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot list SQLite's built-in functions", e);
    }
    if (names.isEmpty()) {
      // A SQLite built without introspection pragmas: no check is not an acceptable fallback.
      throw new IllegalStateException("SQLite listed no built-in functions");
    }
    return names;
  }
}
