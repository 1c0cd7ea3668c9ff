/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql.tree;

import io.rhizome.pgsql.SqlException;
import io.rhizome.pgsql.Token;
import io.rhizome.pgsql.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Postgres type name (including the multi-word SQL forms such as {@code double precision},
 * {@code character varying(20)} and {@code timestamp with time zone}) and resolves it to the type's
 * own name in Postgres' catalog.
 */
public final class TypeNames {
  /** SQL spellings and aliases to the catalog's names. */
  private static final Map<String, String> ALIASES =
      Map.ofEntries(
          Map.entry("int", "int4"),
          Map.entry("integer", "int4"),
          Map.entry("smallint", "int2"),
          Map.entry("bigint", "int8"),
          Map.entry("real", "float4"),
          Map.entry("float", "float8"),
          Map.entry("double precision", "float8"),
          Map.entry("boolean", "bool"),
          Map.entry("decimal", "numeric"),
          Map.entry("dec", "numeric"),
          Map.entry("character varying", "varchar"),
          Map.entry("char varying", "varchar"),
          Map.entry("character", "bpchar"),
          Map.entry("char", "bpchar"),
          Map.entry("nchar", "bpchar"),
          Map.entry("national character", "bpchar"),
          Map.entry("national character varying", "varchar"),
          Map.entry("bit varying", "varbit"),
          Map.entry("timestamp without time zone", "timestamp"),
          Map.entry("timestamp with time zone", "timestamptz"),
          Map.entry("time without time zone", "time"),
          Map.entry("time with time zone", "timetz"),
          Map.entry("serial", "int4"),
          Map.entry("bigserial", "int8"),
          Map.entry("smallserial", "int2"));

  /** Words that may start a typed constant ({@code date '2020-01-01'}). */
  private static final Set<String> CONSTANT_TYPES =
      Set.of(
          "date",
          "time",
          "timestamp",
          "timestamptz",
          "int2",
          "int4",
          "int8",
          "integer",
          "int",
          "smallint",
          "bigint",
          "numeric",
          "decimal",
          "real",
          "float4",
          "float8",
          "double",
          "boolean",
          "bool",
          "text",
          "varchar",
          "char",
          "character",
          "bytea",
          "json",
          "jsonb",
          "uuid",
          "oid",
          "regclass",
          "regtype",
          "regproc",
          "regprocedure",
          "regnamespace",
          "regrole",
          "name",
          "inet",
          "cidr",
          "macaddr",
          "money",
          "xml",
          "point");

  private TypeNames() {}

  /** Whether {@code word} may start a typed constant. */
  static boolean isTypeWord(String word) {
    return CONSTANT_TYPES.contains(word);
  }

  /** The catalog name of a type written {@code name} (lower case), aliases resolved. */
  public static String canonical(String name) {
    return ALIASES.getOrDefault(name, name);
  }

  /** Reads a type name at the parser's position. */
  static TypeName read(Parser p, int start) {
    Token first = p.next();
    if (first == null) {
      throw p.error("expected a type name");
    }
    String schema = null;
    String name;
    if (first.kind() == Kind.QUOTED_IDENTIFIER) {
      name = first.value();
    } else if (first.kind() == Kind.WORD) {
      name = first.text().toLowerCase(Locale.ROOT);
    } else {
      throw p.error("expected a type name");
    }
    if (p.peek() != null && p.peek().isPunctuation('.')) {
      p.next();
      Token second = p.next();
      if (second == null
          || (second.kind() != Kind.WORD && second.kind() != Kind.QUOTED_IDENTIFIER)) {
        throw p.error("expected a type name");
      }
      schema = name;
      name = second.kind() == Kind.WORD ? second.text().toLowerCase(Locale.ROOT) : second.value();
    } else if (first.kind() == Kind.WORD) {
      name = multiWord(p, name);
    }
    List<Long> modifiers = new ArrayList<>();
    if (p.peek() != null && p.peek().isPunctuation('(')) {
      p.next();
      do {
        Token m = p.next();
        if (m == null || m.kind() != Kind.NUMBER) {
          throw SqlException.unsupported("type modifiers that are not numbers");
        }
        try {
          modifiers.add(Long.parseLong(m.text()));
        } catch (NumberFormatException e) {
          throw p.error("bad type modifier");
        }
      } while (p.peek() != null && p.peek().isPunctuation(',') && p.next() != null);
      if (p.peek() == null || !p.peek().isPunctuation(')')) {
        throw p.error("expected \")\"");
      }
      p.next();
      if (name.equals("timestamp") || name.equals("time")) {
        name = zone(p, name);
      }
    }
    int dims = 0;
    while (p.peek() != null && p.peek().isPunctuation('[')) {
      p.next();
      if (p.peek() != null && p.peek().kind() == Kind.NUMBER) {
        p.next();
      }
      if (p.peek() == null || !p.peek().isPunctuation(']')) {
        throw p.error("expected \"]\"");
      }
      p.next();
      dims++;
    }
    if (p.peek() != null && p.peek().isKeyword("array")) {
      p.next();
      dims = Math.max(1, dims);
    }
    String canonical;
    if (first.kind() == Kind.QUOTED_IDENTIFIER && schema == null) {
      canonical = name; // "char" is the one-byte type, not bpchar
    } else if (name.equals("float") && modifiers.size() == 1) {
      canonical = modifiers.get(0) <= 24 ? "float4" : "float8";
      modifiers = List.of();
    } else {
      canonical = canonical(name);
    }
    return new TypeName(schema, canonical, modifiers, dims, start, p.endPos());
  }

  /** The rest of a multi-word SQL type name starting with {@code word}. */
  private static String multiWord(Parser p, String word) {
    switch (word) {
      case "double" -> {
        if (p.peek() != null && p.peek().isKeyword("precision")) {
          p.next();
          return "double precision";
        }
        return word;
      }
      case "character", "char" -> {
        if (p.peek() != null && p.peek().isKeyword("varying")) {
          p.next();
          return word + " varying";
        }
        return word;
      }
      case "national" -> {
        if (p.peek() != null && (p.peek().isKeyword("character") || p.peek().isKeyword("char"))) {
          p.next();
          if (p.peek() != null && p.peek().isKeyword("varying")) {
            p.next();
            return "national character varying";
          }
          return "national character";
        }
        return word;
      }
      case "bit" -> {
        if (p.peek() != null && p.peek().isKeyword("varying")) {
          p.next();
          return "bit varying";
        }
        return word;
      }
      case "timestamp", "time" -> {
        return zone(p, word);
      }
      case "interval" -> {
        if (p.peek() != null && p.peek().kind() == Kind.WORD) {
          String f = p.peek().text().toLowerCase(Locale.ROOT);
          if (Set.of("year", "month", "day", "hour", "minute", "second").contains(f)) {
            throw SqlException.unsupported("interval fields in a type name");
          }
        }
        return word;
      }
      default -> {
        return word;
      }
    }
  }

  /** {@code WITH TIME ZONE} / {@code WITHOUT TIME ZONE} after timestamp or time. */
  private static String zone(Parser p, String word) {
    if (p.peek() == null) {
      return word;
    }
    boolean with = p.peek().isKeyword("with");
    boolean without = p.peek().isKeyword("without");
    if ((with || without)
        && p.peekAt(1) != null
        && p.peekAt(1).isKeyword("time")
        && p.peekAt(2) != null
        && p.peekAt(2).isKeyword("zone")) {
      p.next();
      p.next();
      p.next();
      return word + (with ? " with time zone" : " without time zone");
    }
    return word;
  }
}
