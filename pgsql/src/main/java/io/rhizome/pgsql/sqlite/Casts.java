/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql.sqlite;

import io.rhizome.pgsql.NodeCatalog;
import io.rhizome.pgsql.SqlException;
import io.rhizome.pgsql.Strings;
import io.rhizome.pgsql.tree.Expr;
import io.rhizome.pgsql.tree.TypeName;
import java.util.Locale;
import java.util.Set;

/**
 * Casts ({@code x::t}, {@code CAST(x AS t)}, {@code t 'x'}). SQLite stores values by storage class,
 * so most casts become SQLite's CAST to the class, or nothing for a constant that already is one.
 * The object identifier types are lookups: {@code 'books'::regclass} is the relation's OID where a
 * value is compared, and a cast of an OID prints the object's name where it is shown to the client
 * (a select-list item, or the operand of a cast to text). Array types keep the value, which is an
 * array in Postgres' text form already.
 */
final class Casts {
  private Casts() {}

  private static final Set<String> INTEGERS = Set.of("int2", "int4", "int8", "oid", "xid", "cid");
  private static final Set<String> TEXTS =
      Set.of("text", "varchar", "bpchar", "name", "char", "citext", "unknown");
  private static final Set<String> REALS = Set.of("float4", "float8");

  /** Types whose values pass as they are (text forms SQLite stores as text). */
  private static final Set<String> AS_IS =
      Set.of(
          "json",
          "jsonb",
          "date",
          "time",
          "timetz",
          "timestamp",
          "timestamptz",
          "interval",
          "uuid",
          "bytea",
          "int2vector",
          "oidvector",
          "pg_node_tree",
          "aclitem",
          "anyarray",
          "regoper",
          "regoperator",
          "regconfig",
          "regdictionary",
          "regcollation",
          "void",
          "record",
          "inet",
          "cidr",
          "macaddr");

  /**
   * Declared types a cast parameter gets, named so the node's type mapping reads them as the
   * Postgres type (its affinity is the one SQLite gives the name: integers for INT4, ...).
   */
  private static final java.util.Map<String, String> PARAMETER_TYPES =
      java.util.Map.ofEntries(
          java.util.Map.entry("int2", "INT2"),
          java.util.Map.entry("int4", "INT4"),
          java.util.Map.entry("int8", "INT8"),
          java.util.Map.entry("float4", "FLOAT4"),
          java.util.Map.entry("float8", "FLOAT8"),
          java.util.Map.entry("numeric", "NUMERIC"),
          java.util.Map.entry("text", "TEXT"),
          java.util.Map.entry("varchar", "VARCHAR"),
          java.util.Map.entry("name", "NAME"),
          java.util.Map.entry("oid", "OID"),
          java.util.Map.entry("char", "PG_CHAR"),
          java.util.Map.entry("bool", "BOOL"),
          java.util.Map.entry("uuid", "UUID"),
          java.util.Map.entry("json", "JSON"),
          java.util.Map.entry("bytea", "BYTEA"),
          java.util.Map.entry("date", "DATE"),
          java.util.Map.entry("timestamptz", "TIMESTAMPTZ"));

  /** The OIDs of the array types of these element types. */
  private static final java.util.Map<String, Integer> ARRAY_OIDS =
      java.util.Map.ofEntries(
          java.util.Map.entry("bool", 1000),
          java.util.Map.entry("char", 1002),
          java.util.Map.entry("name", 1003),
          java.util.Map.entry("int2", 1005),
          java.util.Map.entry("int4", 1007),
          java.util.Map.entry("text", 1009),
          java.util.Map.entry("varchar", 1015),
          java.util.Map.entry("int8", 1016),
          java.util.Map.entry("float4", 1021),
          java.util.Map.entry("float8", 1022),
          java.util.Map.entry("oid", 1028));

  static String write(Writer w, Expr.Cast c) {
    TypeName type = c.type();
    String t = type.canonical().toLowerCase(Locale.ROOT);
    Expr operand = c.operand();
    if (type.schema() != null && !type.schema().equals("pg_catalog")) {
      throw SqlException.unsupported("casts to type " + type.schema() + "." + t);
    }
    if (operand instanceof Expr.Param) {
      // The node describes the parameter by the declared type (clients bind by it).
      if (type.isArray()) {
        Integer array = ARRAY_OIDS.get(t);
        if (array != null) {
          return "CAST(" + w.writeChild(operand) + " AS " + NodeCatalog.TEXT_ARRAY + array + ")";
        }
      } else {
        String declared = PARAMETER_TYPES.get(t);
        if (declared != null) {
          return "CAST(" + w.writeChild(operand) + " AS " + declared + ")";
        }
      }
    }
    if (type.isArray()) {
      return keep(w, operand);
    }
    String literal = stringLiteral(operand);
    boolean number = operand instanceof Expr.Literal l && l.kind() == Expr.Literal.Kind.NUMBER;
    switch (t) {
      case "regclass" -> {
        if (w.isDisplayed()) {
          if (literal != null) {
            return Strings.literal(RegNames.unqualified(literal));
          }
          return NodeCatalog.RELNAME + "(" + w.writeChild(operand) + ")";
        }
        if (number) {
          return w.writeChild(operand);
        }
        return "to_regclass(" + w.writeChild(operand) + ")";
      }
      case "regtype" -> {
        String oid = number ? w.writeChild(operand) : "to_regtype(" + w.writeChild(operand) + ")";
        return w.isDisplayed() ? "format_type(" + oid + ", NULL)" : oid;
      }
      case "regproc", "regprocedure" -> {
        if (literal != null) {
          return Strings.literal(RegNames.unqualified(literal));
        }
        return keep(w, operand);
      }
      case "regnamespace" -> {
        if (w.isDisplayed()) {
          return literal != null
              ? Strings.literal(RegNames.unqualified(literal))
              : NodeCatalog.NSPNAME + "(" + w.writeChild(operand) + ")";
        }
        return number
            ? w.writeChild(operand)
            : NodeCatalog.NAMESPACE_OID + "(" + w.writeChild(operand) + ")";
      }
      case "regrole" -> {
        if (w.isDisplayed()) {
          return Strings.literal(w.context().user());
        }
        return Integer.toString(SessionRelations.ROLE_OID);
      }
      case "bool" -> {
        if (literal != null) {
          return boolConstant(literal);
        }
        return NodeCatalog.BOOL_IN + "(" + w.writeChild(operand) + ")";
      }
      default -> {}
    }
    if (INTEGERS.contains(t)) {
      if (number) {
        return w.writeChild(operand);
      }
      if (literal != null && literal.strip().matches("[+-]?[0-9]{1,19}")) {
        return literal.strip();
      }
      return "CAST(" + w.writeChild(operand) + " AS INTEGER)";
    }
    if (REALS.contains(t)) {
      return number ? w.writeChild(operand) : "CAST(" + w.writeChild(operand) + " AS REAL)";
    }
    if (t.equals("numeric")) {
      return number ? w.writeChild(operand) : "CAST(" + w.writeChild(operand) + " AS NUMERIC)";
    }
    if (TEXTS.contains(t)) {
      if (literal != null) {
        return Strings.literal(literal);
      }
      return "CAST(" + w.writeDisplayed(operand) + " AS TEXT)";
    }
    if (AS_IS.contains(t)) {
      return keep(w, operand);
    }
    throw SqlException.unsupported("casts to type " + t);
  }

  /** The operand alone, in parentheses unless it is one operand already. */
  private static String keep(Writer w, Expr operand) {
    String written = w.writeChild(operand);
    return Expressions.isPrimary(operand) ? written : "(" + written + ")";
  }

  private static String stringLiteral(Expr e) {
    return e instanceof Expr.Literal l && l.kind() == Expr.Literal.Kind.STRING ? l.value() : null;
  }

  /** Postgres' boolean input. */
  private static String boolConstant(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "t", "true", "y", "yes", "on", "1" -> "TRUE";
      case "f", "false", "n", "no", "off", "0" -> "FALSE";
      default ->
          throw new SqlException(
              SqlException.Reason.INVALID_PARAMETER_VALUE,
              "invalid input syntax for type boolean: \"" + text + "\"");
    };
  }
}
