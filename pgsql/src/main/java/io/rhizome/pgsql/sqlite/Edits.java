/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql.sqlite;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Replacements of spans of a statement's text, applied in one pass: what no edit touches is copied
 * byte for byte.
 */
final class Edits {
  private record Edit(int start, int end, String text) {}

  private final String src;
  private final List<Edit> edits = new ArrayList<>();

  Edits(String src) {
    this.src = src;
  }

  /** Replaces {@code [start, end)} with {@code text}; a span already edited must not overlap. */
  void replace(int start, int end, String text) {
    edits.add(new Edit(start, end, text));
  }

  /** Removes {@code [start, end)} and the whitespace before it. */
  void remove(int start, int end) {
    int from = start;
    while (from > 0 && Character.isWhitespace(src.charAt(from - 1))) {
      from--;
    }
    edits.add(new Edit(from, end, ""));
  }

  void insert(int at, String text) {
    edits.add(new Edit(at, at, text));
  }

  boolean isEmpty() {
    return edits.isEmpty();
  }

  /** The text of {@code [from, to)} with the edits inside it applied. */
  String apply(int from, int to) {
    List<Edit> sorted = new ArrayList<>(edits);
    sorted.sort(Comparator.comparingInt(Edit::start).thenComparingInt(Edit::end));
    StringBuilder sb = new StringBuilder(to - from + 32);
    int pos = from;
    for (Edit e : sorted) {
      if (e.start() < from || e.end() > to) {
        continue;
      }
      if (e.start() < pos) {
        throw new IllegalStateException("overlapping edits");
      }
      sb.append(src, pos, e.start()).append(e.text());
      pos = e.end();
    }
    return sb.append(src, pos, to).toString();
  }

  String apply() {
    return apply(0, src.length());
  }
}
