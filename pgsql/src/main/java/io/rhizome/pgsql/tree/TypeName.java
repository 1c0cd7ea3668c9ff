/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql.tree;

import java.util.List;

/**
 * A type as written in a cast: its canonical Postgres name ({@code int4}, {@code varchar}, {@code
 * timestamptz}, {@code regclass}, {@code char} for the quoted {@code "char"}, ...), its modifiers
 * and array dimensions.
 *
 * @param schema the schema it was qualified with, or null
 * @param canonical the type's own name in Postgres' catalog, aliases resolved
 * @param modifiers the numbers in parentheses ({@code varchar(20)}: [20])
 * @param arrayDims how many {@code []} follow (0 for a scalar)
 */
public record TypeName(
    String schema, String canonical, List<Long> modifiers, int arrayDims, int start, int end)
    implements Node {
  public TypeName {
    modifiers = List.copyOf(modifiers);
  }

  public boolean isArray() {
    return arrayDims > 0;
  }

  @Override
  public List<Node> children() {
    return List.of();
  }
}
