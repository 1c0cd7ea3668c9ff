/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node;

import io.rhizome.node.exec.DeclaredTypes;
import io.rhizome.node.functions.SqlFunction;
import java.util.List;

/**
 * SQL functions the node itself puts on every tenant connection, for the gateway's rewrites of
 * catalog queries: they let those rewrites use the node's own rules instead of copies of them.
 */
final class NodeFunctions {
  /** {@code rhizome_pg_type(declared_type)}: the type OID the node reports for such a column. */
  static final String PG_TYPE = "rhizome_pg_type";

  private NodeFunctions() {}

  static List<SqlFunction> all() {
    return List.of(
        new SqlFunction.Scalar(
            PG_TYPE, 1, true, args -> (long) DeclaredTypes.oid(textOrNull(args[0]))));
  }

  private static String textOrNull(Object value) {
    return value == null ? null : value.toString();
  }
}
