/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql.sqlite;

import io.rhizome.pgsql.SqlException;
import io.rhizome.pgsql.Strings;
import io.rhizome.pgsql.Token;
import io.rhizome.pgsql.sqlite.Translation.Acknowledged;
import io.rhizome.pgsql.sqlite.Translation.Result;
import io.rhizome.pgsql.sqlite.Translation.Rewritten;
import io.rhizome.pgsql.tree.Name;
import io.rhizome.pgsql.tree.Parser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code CREATE/ALTER/DROP SEQUENCE} as statements on the tenant's sequence table, which the node's
 * {@code nextval}, {@code currval}, {@code setval} and {@code lastval} read and advance
 * (io.rhizome.node.catalog.Sequences). One row per sequence: its name, last value, start,
 * increment, bounds, whether it cycles and whether its last value was handed out.
 *
 * <p>Each is one statement on the table (so it runs in the extended protocol too); the node creates
 * the table when a statement first names it, and sequence DDL commits and rolls back with the
 * client's transaction, as in Postgres. Checks that Postgres makes with an error ("already exists",
 * "does not exist") are made by the node's {@code rhizome_sequence_absent} and {@code
 * rhizome_sequence_present}, which fail with Postgres' message: in the WHERE of a SELECT without
 * FROM, evaluated exactly once, or in the list of names an {@code IN} reads before it scans.
 */
final class Sequences {
  /** The tenant's sequence table; the node's io.rhizome.node.catalog.Sequences reads it. */
  static final String TABLE = "rhizome_sequences";

  private static final String COLUMNS =
      " (name, last_value, start_value, increment_by, min_value, max_value, cycle, is_called)";

  private Sequences() {}

  /** A sequence's settings, as CREATE SEQUENCE gives them or Postgres' defaults. */
  static final class Options {
    Long start;
    Long increment;
    Long min;
    Long max;
    Boolean cycle;

    /** ALTER's RESTART WITH n. */
    Long restart;

    /** ALTER's RESTART without a value: back to the start value. */
    boolean restartToStart;

    boolean noMin;
    boolean noMax;
    String type = "bigint";

    long increment() {
      return increment == null ? 1 : increment;
    }

    long typeMax() {
      return switch (type) {
        case "smallint", "int2" -> Short.MAX_VALUE;
        case "integer", "int", "int4" -> Integer.MAX_VALUE;
        default -> Long.MAX_VALUE;
      };
    }

    long typeMin() {
      return switch (type) {
        case "smallint", "int2" -> Short.MIN_VALUE;
        case "integer", "int", "int4" -> Integer.MIN_VALUE;
        default -> Long.MIN_VALUE;
      };
    }

    long min() {
      return min != null ? min : increment() > 0 ? 1 : typeMin();
    }

    long max() {
      return max != null ? max : increment() > 0 ? typeMax() : -1;
    }

    long start() {
      return start != null ? start : increment() > 0 ? min() : max();
    }

    /** Postgres' checks of CREATE SEQUENCE's settings (22023). */
    void check() {
      if (increment() == 0) {
        throw invalid("INCREMENT must not be zero");
      }
      if (min() >= max()) {
        throw invalid("MINVALUE (" + min() + ") must be less than MAXVALUE (" + max() + ")");
      }
      if (start() < min()) {
        throw invalid("START value (" + start() + ") cannot be less than MINVALUE (" + min() + ")");
      }
      if (start() > max()) {
        throw invalid(
            "START value (" + start() + ") cannot be greater than MAXVALUE (" + max() + ")");
      }
    }
  }

  /**
   * {@code CREATE SEQUENCE [IF NOT EXISTS] name [options]}, the parser after {@code SEQUENCE}.
   * {@code CACHE} is accepted and has no effect; {@code OWNED BY} is accepted (DROP TABLE does not
   * drop the sequence).
   */
  static Result create(Parser p) {
    boolean ifNotExists = false;
    if (p.peekWord("if") && p.peekWordAt(1, "not")) {
      p.next();
      p.next();
      p.expectWord("exists");
      ifNotExists = true;
    }
    String name = name(p);
    Options o = new Options();
    options(p, o, false);
    o.check();
    return new Rewritten(
        List.of(insert(name, o, ifNotExists ? Conflict.IGNORE : Conflict.FAIL)), "CREATE SEQUENCE");
  }

  /** What an insert of a sequence does when its name is taken. */
  enum Conflict {
    /** Fails as Postgres does: relation "s" already exists. */
    FAIL,
    /** Keeps the existing sequence (IF NOT EXISTS). */
    IGNORE,
    /** Starts the sequence over (the owned sequence of a SERIAL column of a new table). */
    REPLACE
  }

  /** The statement that adds the sequence {@code name} (the table exists). */
  static String insert(String name, Options o, Conflict conflict) {
    String verb =
        switch (conflict) {
          case FAIL -> "INSERT INTO ";
          case IGNORE -> "INSERT OR IGNORE INTO ";
          case REPLACE -> "INSERT OR REPLACE INTO ";
        };
    String literal = Strings.literal(name);
    return verb
        + TABLE
        + COLUMNS
        + " SELECT "
        + literal
        + ", "
        + o.start()
        + ", "
        + o.start()
        + ", "
        + o.increment()
        + ", "
        + o.min()
        + ", "
        + o.max()
        + ", "
        + (Boolean.TRUE.equals(o.cycle) ? 1 : 0)
        + ", 0"
        + (conflict == Conflict.FAIL ? " WHERE rhizome_sequence_absent(" + literal + ")" : "");
  }

  /** {@code DROP SEQUENCE [IF EXISTS] a, b [CASCADE | RESTRICT]}, the parser after SEQUENCE. */
  static Result drop(Parser p) {
    boolean ifExists = acceptIfExists(p);
    List<String> names = new ArrayList<>();
    do {
      names.add(name(p));
    } while (p.acceptPunct(','));
    if (!p.acceptWord("cascade")) {
      p.acceptWord("restrict");
    }
    end(p);
    return new Rewritten(
        List.of(
            "DELETE FROM " + TABLE + " WHERE name IN (" + names(names, ifExists, "sequence") + ")"),
        "DROP SEQUENCE");
  }

  /**
   * {@code ALTER SEQUENCE [IF EXISTS] name} with RESTART [WITH n], INCREMENT, MINVALUE, MAXVALUE,
   * START, CYCLE, CACHE, OWNED BY, AS type, RENAME TO, OWNER TO; the parser after SEQUENCE.
   */
  static Result alter(Parser p) {
    boolean ifExists = acceptIfExists(p);
    String name = name(p);
    List<String> sets = new ArrayList<>();
    if (p.acceptWord("rename")) {
      p.expectWord("to");
      sets.add("name = " + Strings.literal(name(p)));
      end(p);
    } else if (p.acceptWord("owner")) {
      p.expectWord("to");
      p.next();
      end(p);
      return new Acknowledged("ALTER SEQUENCE");
    } else if (p.peekWord("set")) {
      throw SqlException.unsupported("ALTER SEQUENCE ... SET");
    } else {
      Options o = new Options();
      options(p, o, true);
      if (o.increment != null) {
        if (o.increment == 0) {
          throw invalid("INCREMENT must not be zero");
        }
        sets.add("increment_by = " + o.increment);
      }
      if (o.min != null || o.noMin) {
        sets.add("min_value = " + o.min());
      }
      if (o.max != null || o.noMax) {
        sets.add("max_value = " + o.max());
      }
      if (o.start != null) {
        sets.add("start_value = " + o.start);
      }
      if (o.cycle != null) {
        sets.add("cycle = " + (o.cycle ? 1 : 0));
      }
      if (o.restart != null || o.restartToStart) {
        String to =
            o.restart != null ? o.restart.toString() : o.start != null ? o.start.toString() : null;
        sets.add("last_value = " + (to == null ? "start_value" : to));
        sets.add("is_called = 0");
      }
    }
    if (sets.isEmpty()) {
      sets.add("name = name"); // still fails on a missing sequence, as Postgres does
    }
    return new Rewritten(
        List.of(
            "UPDATE "
                + TABLE
                + " SET "
                + String.join(", ", sets)
                + " WHERE name IN ("
                + names(List.of(name), ifExists, "relation")
                + ")"),
        "ALTER SEQUENCE");
  }

  /**
   * The names for {@code name IN (...)}: as literals when a missing one is no error, else each
   * selected only if it exists, failing with Postgres' "{noun} "s" does not exist" otherwise.
   */
  private static String names(List<String> names, boolean missingOk, String noun) {
    StringBuilder out = new StringBuilder();
    for (String n : names) {
      String literal = Strings.literal(n);
      if (!out.isEmpty()) {
        out.append(missingOk ? ", " : " UNION ALL ");
      }
      out.append(
          missingOk
              ? literal
              : "SELECT "
                  + literal
                  + " WHERE rhizome_sequence_present("
                  + literal
                  + ", '"
                  + noun
                  + "')");
    }
    return out.toString();
  }

  /** CREATE's and ALTER's options, in any order. */
  private static void options(Parser p, Options o, boolean alter) {
    while (!p.atEnd() && !p.peekPunct(';')) {
      if (p.acceptWord("as")) {
        o.type = word(p.next());
        if (!List.of("smallint", "int2", "integer", "int", "int4", "bigint", "int8")
            .contains(o.type)) {
          throw invalid("sequence type must be smallint, integer, or bigint");
        }
      } else if (p.acceptWord("increment")) {
        p.acceptWord("by");
        o.increment = number(p);
      } else if (p.acceptWord("minvalue")) {
        o.min = number(p);
      } else if (p.acceptWord("maxvalue")) {
        o.max = number(p);
      } else if (p.acceptWord("start")) {
        p.acceptWord("with");
        o.start = number(p);
      } else if (alter && p.acceptWord("restart")) {
        if (p.acceptWord("with") || isNumberAhead(p)) {
          o.restart = number(p);
        } else {
          o.restartToStart = true;
        }
      } else if (p.acceptWord("cache")) {
        number(p); // every value is taken from the tenant's file: there is nothing to cache
      } else if (p.acceptWord("cycle")) {
        o.cycle = true;
      } else if (p.acceptWord("no")) {
        if (p.acceptWord("minvalue")) {
          o.noMin = true;
        } else if (p.acceptWord("maxvalue")) {
          o.noMax = true;
        } else if (p.acceptWord("cycle")) {
          o.cycle = false;
        } else {
          throw p.error("unexpected");
        }
      } else if (p.acceptWord("owned")) {
        p.expectWord("by");
        p.name(); // NONE or table.column: the sequence is not dropped with its table
      } else {
        throw p.error("unexpected");
      }
    }
    end(p);
  }

  private static boolean isNumberAhead(Parser p) {
    Token t = p.peek();
    return t != null && (t.kind() == Token.Kind.NUMBER || t.isOperator("-"));
  }

  private static long number(Parser p) {
    boolean negative = false;
    Token t = p.next();
    if (t != null && (t.isOperator("-") || t.isOperator("+"))) {
      negative = t.isOperator("-");
      t = p.next();
    }
    if (t == null || t.kind() != Token.Kind.NUMBER) {
      throw SqlException.syntax("expected an integer in a sequence option");
    }
    try {
      return Long.parseLong((negative ? "-" : "") + t.text());
    } catch (NumberFormatException e) {
      throw invalid("value \"" + t.text() + "\" is out of range for type bigint");
    }
  }

  /** The sequence's name: {@code public.s} is {@code s}; other schemas are not supported. */
  private static String name(Parser p) {
    Name n = p.name();
    if (n.size() > 1) {
      if (n.size() > 2 || !n.qualifier().equals("public")) {
        throw SqlException.unsupported("sequences in schema " + n.qualifier());
      }
    }
    return n.last();
  }

  private static boolean acceptIfExists(Parser p) {
    if (p.peekWord("if") && p.peekWordAt(1, "exists")) {
      p.next();
      p.next();
      return true;
    }
    return false;
  }

  private static void end(Parser p) {
    p.acceptPunct(';');
    if (!p.atEnd()) {
      throw p.error("unexpected");
    }
  }

  private static String word(Token t) {
    return t == null || t.kind() != Token.Kind.WORD ? "" : t.text().toLowerCase(Locale.ROOT);
  }

  private static SqlException invalid(String message) {
    return new SqlException(SqlException.Reason.INVALID_PARAMETER_VALUE, message);
  }

  /** The owned sequence of a SERIAL or identity column: Postgres' name for it. */
  static String ownedName(String table, String column) {
    return table + "_" + column + "_seq";
  }
}
