/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.catalog;

import java.util.HashSet;
import java.util.Set;

/** Postgres' keywords that an identifier must be quoted to be (all but the unreserved ones). */
final class Keywords {
  private static final Set<String> RESERVED = new HashSet<>();

  static {
    CopyText kw = CopyText.resource("keywords.tsv");
    int word = kw.column("word");
    int catcode = kw.column("catcode");
    for (String[] r : kw.rows()) {
      if (!"U".equals(r[catcode])) {
        RESERVED.add(r[word]);
      }
    }
  }

  private Keywords() {}

  static boolean isReserved(String name) {
    return RESERVED.contains(name);
  }
}
