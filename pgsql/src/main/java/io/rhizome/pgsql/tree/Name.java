/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql.tree;

import java.util.List;
import java.util.Locale;

/**
 * A possibly qualified name ({@code a}, {@code s.a}, {@code "S"."a"}), as parts already folded the
 * way Postgres folds them: unquoted parts to lower case, quoted parts as written.
 *
 * @param parts the folded parts, at least one
 * @param quoted whether each part was quoted
 */
public record Name(List<String> parts, List<Boolean> quoted, int start, int end) implements Node {
  public Name {
    parts = List.copyOf(parts);
    quoted = List.copyOf(quoted);
  }

  /** The last part: the object's own name. */
  public String last() {
    return parts.get(parts.size() - 1);
  }

  /** The qualifier (schema) when there are two or more parts, else null. */
  public String qualifier() {
    return parts.size() >= 2 ? parts.get(parts.size() - 2) : null;
  }

  public int size() {
    return parts.size();
  }

  /** Whether this is the single unquoted word {@code word} (case-insensitive). */
  public boolean is(String word) {
    return parts.size() == 1
        && !quoted.get(0)
        && parts.get(0).equals(word.toLowerCase(Locale.ROOT));
  }

  @Override
  public List<Node> children() {
    return List.of();
  }
}
