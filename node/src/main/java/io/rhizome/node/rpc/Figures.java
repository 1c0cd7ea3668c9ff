/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import io.rhizome.proto.SqlState;
import io.rhizome.proto.SqlStateClasses;
import java.util.List;
import java.util.Locale;

/**
 * The figures a session counts, as indexes into one {@code long[]}: fixed ones, then statements by
 * kind, then failed statements by SQLSTATE class. Kinds and classes come from fixed sets, so the
 * array has a fixed size and a metric labelled by them a fixed set of series.
 */
public final class Figures {
  private Figures() {}

  public static final int STATEMENTS = 0;
  public static final int ERRORS = 1;
  public static final int ROWS = 2;
  public static final int BYTES = 3;

  /** Time from each request's arrival to its Ready, summed. */
  public static final int NANOS = 4;

  public static final int REQUESTS = 5;
  public static final int BUSY_TIMEOUTS = 6;

  /** {@link System#nanoTime()} when the last request ended (a maximum, not a sum). */
  public static final int LAST_END_NANOS = 7;

  /** Requests in which a statement failed. */
  public static final int REQUESTS_FAILED = 8;

  /**
   * Upper bounds of the request latency histogram's buckets, in nanoseconds: a point query takes
   * tens of microseconds, the default statement timeout is a minute.
   */
  public static final long[] LATENCY_BOUNDS_NANOS = {
    50_000L,
    100_000L,
    250_000L,
    500_000L,
    1_000_000L,
    2_500_000L,
    5_000_000L,
    10_000_000L,
    25_000_000L,
    50_000_000L,
    100_000_000L,
    250_000_000L,
    500_000_000L,
    1_000_000_000L,
    2_500_000_000L,
    5_000_000_000L,
    10_000_000_000L,
    30_000_000_000L,
    60_000_000_000L
  };

  /** The first latency bucket; one per bound, then one for longer requests (+Inf). */
  public static final int LATENCY_BUCKETS = 9;

  private static final int FIXED = LATENCY_BUCKETS + LATENCY_BOUNDS_NANOS.length + 1;

  /** Statement kinds, by their command tag. */
  public enum Kind {
    SELECT,
    INSERT,
    UPDATE,
    DELETE,
    TRANSACTION,
    OTHER;

    public final String label = name().toLowerCase(Locale.ROOT);

    /** The kind of a completed statement, from its tag's first letters; no allocation. */
    public static Kind of(String tag) {
      if (tag.isEmpty()) {
        return OTHER;
      }
      return switch (tag.charAt(0)) {
        case 'S' ->
            tag.startsWith("SELECT") ? SELECT : tag.startsWith("SAVEPOINT") ? TRANSACTION : OTHER;
        case 'I' -> tag.startsWith("INSERT") ? INSERT : OTHER;
        case 'U' -> tag.startsWith("UPDATE") ? UPDATE : OTHER;
        case 'D' -> tag.startsWith("DELETE") ? DELETE : OTHER;
        case 'B' -> tag.startsWith("BEGIN") ? TRANSACTION : OTHER;
        case 'C' -> tag.startsWith("COMMIT") ? TRANSACTION : OTHER;
        case 'R' -> tag.startsWith("ROLLBACK") || tag.startsWith("RELEASE") ? TRANSACTION : OTHER;
        default -> OTHER;
      };
    }
  }

  private static final int KINDS = Kind.values().length;

  /** The index of each SQLSTATE class's count, found with two array reads. */
  private static final SqlStateClasses<Integer> CLASSES =
      new SqlStateClasses<>(
          new java.util.function.Function<>() {
            private int next = FIXED + KINDS;

            @Override
            public Integer apply(String sqlClass) {
              return next++;
            }
          });

  /** How many figures a session keeps. */
  public static final int SIZE = FIXED + KINDS + CLASSES.labels().size();

  /** The index of statements of {@code kind}. */
  public static int kind(Kind kind) {
    return FIXED + kind.ordinal();
  }

  /** The index of failed statements whose SQLSTATE is in {@code sqlstate}'s class. */
  public static int errorClass(String sqlstate) {
    return CLASSES.of(sqlstate);
  }

  /** The SQLSTATE classes counted (the table's, then "other"), for metric labels. */
  public static List<String> errorClasses() {
    return CLASSES.labels();
  }

  /** The index of a class label of {@link #errorClasses()}. */
  public static int errorClassLabel(String label) {
    return FIXED + KINDS + CLASSES.labels().indexOf(label);
  }

  /** The index of the (non-cumulative) latency bucket a request of {@code nanos} falls in. */
  static int latencyBucket(long nanos) {
    int b = 0;
    while (b < LATENCY_BOUNDS_NANOS.length && nanos > LATENCY_BOUNDS_NANOS[b]) {
      b++;
    }
    return LATENCY_BUCKETS + b;
  }

  /** Whether {@code sqlstate} is the busy timeout (55P03). */
  static boolean isBusyTimeout(String sqlstate) {
    return sqlstate.equals(SqlState.LOCK_NOT_AVAILABLE.code());
  }
}
