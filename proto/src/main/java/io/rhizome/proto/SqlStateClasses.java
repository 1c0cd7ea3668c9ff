/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.proto;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One value per SQLSTATE class (the code's first two characters) of the {@link SqlState} table,
 * plus one for every other code: a metric labelled by class gets a fixed set of label values, and
 * finding the value of a code is two array reads, no map lookup and no substring.
 *
 * @param <T> what each class holds (a counter, for instance)
 */
public final class SqlStateClasses<T> {
  /** The label of codes whose class is not in the table. */
  public static final String OTHER = "other";

  private static final int RADIX = 36;

  private final Object[] byIndex = new Object[RADIX * RADIX];
  private final T other;
  private final List<String> labels;

  /**
   * @param create makes the value of a class, given its label (e.g. "23", "57", or {@link #OTHER})
   */
  public SqlStateClasses(Function<String, T> create) {
    TreeSet<String> classes = new TreeSet<>();
    for (SqlState state : SqlState.values()) {
      classes.add(state.code().substring(0, 2));
    }
    for (String c : classes) {
      byIndex[index(c.charAt(0), c.charAt(1))] = create.apply(c);
    }
    this.other = create.apply(OTHER);
    List<String> all = new ArrayList<>(classes);
    all.add(OTHER);
    this.labels = Collections.unmodifiableList(all);
  }

  /** The value of the class of {@code sqlstate}. */
  @SuppressWarnings("unchecked")
  public T of(String sqlstate) {
    if (sqlstate.length() < 2) {
      return other;
    }
    int i = index(sqlstate.charAt(0), sqlstate.charAt(1));
    Object value = i < 0 ? null : byIndex[i];
    return value == null ? other : (T) value;
  }

  /** Every label, the table's classes in order then {@link #OTHER}. */
  public List<String> labels() {
    return labels;
  }

  private static int index(char a, char b) {
    int x = Character.digit(a, RADIX);
    int y = Character.digit(b, RADIX);
    return x < 0 || y < 0 ? -1 : x * RADIX + y;
  }
}
