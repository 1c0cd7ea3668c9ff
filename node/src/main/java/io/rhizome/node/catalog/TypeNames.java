/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.catalog;

import java.util.Locale;
import java.util.Map;

/**
 * Type names as Postgres prints and reads them: {@code format_type(oid, typmod)}, the input of
 * {@code regtype} ({@code 'integer'}, {@code 'character varying'}, {@code 'text[]'}, {@code
 * 'pg_catalog.int4'}), and the type modifier a declared SQLite type carries ({@code
 * NUMERIC(10,2)}).
 */
final class TypeNames {
  private TypeNames() {}

  /** format_type's SQL names of built-in types. */
  private static final Map<String, String> SQL_NAMES =
      Map.ofEntries(
          Map.entry("bool", "boolean"),
          Map.entry("int2", "smallint"),
          Map.entry("int4", "integer"),
          Map.entry("int8", "bigint"),
          Map.entry("float4", "real"),
          Map.entry("float8", "double precision"),
          Map.entry("varchar", "character varying"),
          Map.entry("bpchar", "character"),
          Map.entry("char", "\"char\""),
          Map.entry("timestamp", "timestamp without time zone"),
          Map.entry("timestamptz", "timestamp with time zone"),
          Map.entry("time", "time without time zone"),
          Map.entry("timetz", "time with time zone"),
          Map.entry("varbit", "bit varying"));

  /** regtype's input aliases. */
  private static final Map<String, String> ALIASES =
      Map.ofEntries(
          Map.entry("boolean", "bool"),
          Map.entry("smallint", "int2"),
          Map.entry("integer", "int4"),
          Map.entry("int", "int4"),
          Map.entry("bigint", "int8"),
          Map.entry("real", "float4"),
          Map.entry("float", "float8"),
          Map.entry("double precision", "float8"),
          Map.entry("character varying", "varchar"),
          Map.entry("character", "bpchar"),
          Map.entry("char", "bpchar"),
          Map.entry("\"char\"", "char"),
          Map.entry("decimal", "numeric"),
          Map.entry("timestamp without time zone", "timestamp"),
          Map.entry("timestamp with time zone", "timestamptz"),
          Map.entry("time without time zone", "time"),
          Map.entry("time with time zone", "timetz"),
          Map.entry("bit varying", "varbit"));

  /** {@code format_type(oid, typmod)}; null for a null oid, "???" for an unknown one. */
  static String format(Long oid, Long typmod) {
    if (oid == null) {
      return null;
    }
    if (oid == 0) {
      return "-"; // InvalidOid, as Postgres prints it
    }
    PgStatic.Type t = PgStatic.INSTANCE.types.get(oid);
    if (t == null) {
      return "???";
    }
    if (t.category().equals("A") && t.elem() != 0 && t.name().startsWith("_")) {
      return format(t.elem(), typmod) + "[]";
    }
    if (!t.builtIn()) {
      return "information_schema." + t.name(); // not on the search path
    }
    String name = SQL_NAMES.getOrDefault(t.name(), t.name());
    long mod = typmod == null ? -1 : typmod;
    if (mod < 0) {
      return name;
    }
    return switch (t.name()) {
      case "varchar", "bpchar" -> name + "(" + (mod - 4) + ")";
      case "numeric" -> {
        long m = mod - 4;
        yield "numeric(" + ((m >> 16) & 0xffff) + "," + (m & 0xffff) + ")";
      }
      case "timestamp", "timestamptz", "time", "timetz" -> {
        String[] parts = name.split(" ", 2);
        yield parts[0] + "(" + mod + ")" + (parts.length > 1 ? " " + parts[1] : "");
      }
      case "bit", "varbit" -> name + "(" + mod + ")";
      default -> name;
    };
  }

  /** The OID {@code name} names as regtype reads it, or null. */
  static Long regtype(String name) {
    String s = name.strip().toLowerCase(Locale.ROOT);
    int arrays = 0;
    while (s.endsWith("[]")) {
      s = s.substring(0, s.length() - 2).strip();
      arrays++;
    }
    if (s.startsWith("pg_catalog.")) {
      s = s.substring("pg_catalog.".length());
    }
    int paren = s.indexOf('(');
    if (paren >= 0) {
      int close = s.indexOf(')', paren);
      s = (s.substring(0, paren) + (close >= 0 ? s.substring(close + 1) : "")).strip();
    }
    if (s.startsWith("\"") && s.endsWith("\"") && s.length() > 2 && !s.equals("\"char\"")) {
      s = s.substring(1, s.length() - 1);
    }
    s = ALIASES.getOrDefault(s, s);
    Long oid = PgStatic.INSTANCE.typesByName.get(s);
    for (int i = 0; i < arrays && oid != null; i++) {
      PgStatic.Type t = PgStatic.INSTANCE.types.get(oid);
      oid = t == null || t.array() == 0 ? null : t.array();
    }
    return oid;
  }

  /** The typmod Postgres would keep for a column declared {@code declared} (-1 for none). */
  static long typmod(String declared) {
    if (declared == null) {
      return -1;
    }
    String d = declared.toUpperCase(Locale.ROOT).strip();
    int open = d.indexOf('(');
    int close = d.indexOf(')', open + 1);
    if (open < 0 || close < 0) {
      return -1;
    }
    String base = d.substring(0, open).strip();
    String[] args = d.substring(open + 1, close).split(",");
    try {
      if (base.equals("NUMERIC") || base.equals("DECIMAL")) {
        long p = Long.parseLong(args[0].strip());
        long sc = args.length > 1 ? Long.parseLong(args[1].strip()) : 0;
        return ((p << 16) | sc) + 4;
      }
    } catch (NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
