/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part of the catalog that is the same for every tenant, as PostgreSQL 15 has it: the built-in
 * types, the functions they name, access methods, collations, ranges, languages, tablespaces,
 * keywords, the OIDs of the catalog's own relations and the column lists of every relation the node
 * provides. Loaded once from the resources {@code node/tools/extract-pg-catalog.sh} writes.
 */
final class PgStatic {
  /** A column of a catalog relation: its Postgres type, and for a domain the domain's base type. */
  record Column(String name, String type, String baseType) {}

  /** What the node needs of a built-in type. */
  record Type(
      long oid,
      String name,
      int len,
      boolean byval,
      String category,
      long elem,
      long array,
      long collation,
      String align,
      String storage,
      long namespace) {
    /** Whether the type is in pg_catalog (the rest are information_schema's domains). */
    boolean builtIn() {
      return namespace == Oids.NAMESPACE_PG_CATALOG;
    }
  }

  private static final Set<String> NUMERIC_TYPES =
      Set.of(
          "oid",
          "smallint",
          "integer",
          "bigint",
          "xid",
          "real",
          "double precision",
          "regproc",
          "regtype",
          "boolean");

  private static final java.util.regex.Pattern NUMBER =
      java.util.regex.Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

  static final PgStatic INSTANCE = new PgStatic();

  /** Columns by qualified relation name ({@code pg_catalog.pg_class}). */
  final Map<String, List<Column>> columns = new LinkedHashMap<>();

  /**
   * OIDs of the catalog's own relations, by name ({@code pg_class}, {@code
   * information_schema.tables}).
   */
  final Map<String, Long> relationOids = new HashMap<>();

  final Map<Long, Type> types = new HashMap<>();
  final Map<String, Long> typesByName = new HashMap<>();
  final Map<Long, String> procNames = new HashMap<>();
  final Map<String, Long> procsByName = new HashMap<>();
  final Map<String, Long> namespaces = new LinkedHashMap<>();

  /** Static tables as JSON arrays of rows (each an array in the relation's column order). */
  final Map<String, String> json = new HashMap<>();

  /** pg_get_keywords() as a JSON array of objects. */
  final String keywordsJson;

  private PgStatic() {
    CopyText cols = CopyText.resource("columns.tsv");
    for (String[] r : cols.rows()) {
      columns
          .computeIfAbsent(r[0] + "." + r[1], k -> new ArrayList<>())
          .add(new Column(r[3], r[4], r[5]));
    }
    CopyText rels = CopyText.resource("catalog_relations.tsv");
    for (String[] r : rels.rows()) {
      String key = r[0].equals("pg_catalog") ? r[1] : r[0] + "." + r[1];
      relationOids.put(key, Long.parseLong(r[2]));
    }
    CopyText ns = CopyText.resource("pg_namespace.tsv");
    for (String[] r : ns.rows()) {
      namespaces.put(r[1], Long.parseLong(r[0]));
    }
    CopyText pgType = CopyText.resource("pg_type.tsv");
    for (String[] r : pgType.rows()) {
      Type t =
          new Type(
              Long.parseLong(r[pgType.column("oid")]),
              r[pgType.column("typname")],
              Integer.parseInt(r[pgType.column("typlen")]),
              "t".equals(r[pgType.column("typbyval")]),
              r[pgType.column("typcategory")],
              Long.parseLong(r[pgType.column("typelem")]),
              Long.parseLong(r[pgType.column("typarray")]),
              Long.parseLong(r[pgType.column("typcollation")]),
              r[pgType.column("typalign")],
              r[pgType.column("typstorage")],
              Long.parseLong(r[pgType.column("typnamespace")]));
      types.put(t.oid(), t);
      typesByName.put(t.name(), t.oid());
    }
    CopyText pgProc = CopyText.resource("pg_proc.tsv");
    for (String[] r : pgProc.rows()) {
      long oid = Long.parseLong(r[0]);
      procNames.put(oid, r[1]);
      procsByName.putIfAbsent(r[1], oid);
    }
    json.put("pg_type", toJson("pg_catalog.pg_type", pgType));
    json.put("pg_proc", toJson("pg_catalog.pg_proc", pgProc));
    for (String t : List.of("pg_am", "pg_collation", "pg_range", "pg_language", "pg_tablespace")) {
      json.put(t, toJson("pg_catalog." + t, CopyText.resource(t + ".tsv")));
    }
    CopyText kw = CopyText.resource("keywords.tsv");
    StringBuilder sb = new StringBuilder("[");
    for (String[] r : kw.rows()) {
      sb.append(sb.length() == 1 ? "" : ",").append('{');
      for (int i = 0; i < r.length; i++) {
        sb.append(i == 0 ? "" : ",").append(quote(kw.columns().get(i))).append(':');
        sb.append(r[i] == null ? "null" : quote(r[i]));
      }
      sb.append('}');
    }
    keywordsJson = sb.append(']').toString();
  }

  /** The columns of a relation ({@code pg_catalog.pg_class}); fails for one not provided. */
  List<Column> columnsOf(String qualified) {
    List<Column> c = columns.get(qualified);
    if (c == null) {
      throw new IllegalArgumentException("no catalog relation " + qualified);
    }
    return c;
  }

  /**
   * A static table as JSON rows in the relation's column order: numbers and booleans (1/0) as
   * numbers, the rest as strings, missing columns as null.
   */
  private String toJson(String relation, CopyText table) {
    List<Column> cols = columnsOf(relation);
    int[] source = new int[cols.size()];
    for (int i = 0; i < cols.size(); i++) {
      source[i] = table.columns().indexOf(cols.get(i).name());
    }
    StringBuilder sb = new StringBuilder("[");
    for (String[] row : table.rows()) {
      sb.append(sb.length() == 1 ? "" : ",").append('[');
      for (int i = 0; i < cols.size(); i++) {
        sb.append(i == 0 ? "" : ",");
        String v = source[i] < 0 ? null : row[source[i]];
        String type = cols.get(i).baseType();
        if (v == null) {
          sb.append("null");
        } else if (type.equals("boolean")) {
          sb.append("t".equals(v) ? '1' : '0');
        } else if (NUMERIC_TYPES.contains(type) && isNumber(v)) {
          sb.append(v);
        } else {
          sb.append(quote(v));
        }
      }
      sb.append(']');
    }
    return sb.append(']').toString();
  }

  private static boolean isNumber(String v) {
    return NUMBER.matcher(v).matches();
  }

  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
