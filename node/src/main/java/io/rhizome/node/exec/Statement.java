/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One statement as the node sees it before running it: its kind, the fixed part of its command tag,
 * and the text to hand SQLite.
 *
 * <p>sqlite-jdbc prepares only the first statement of a text and silently drops the rest, so a text
 * holding two statements is flagged ({@link #multiple}) and refused rather than half-run. Where a
 * statement ends follows SQLite's own {@code sqlite3_complete()} state machine, so the semicolons
 * inside a {@code CREATE TRIGGER ... BEGIN ...; END} body do not end it.
 *
 * @param kind what the statement does
 * @param tag command tag for statements that report no row count ("CREATE TABLE", "BEGIN", ...)
 * @param sql the text to prepare: the input without leading empty statements, which sqlite-jdbc
 *     cannot prepare
 * @param multiple whether another statement follows the first
 */
record Statement(StatementKind kind, String tag, String sql, boolean multiple) {

  private static final int MAX_LEAD_WORDS = 4;
  private static final Set<String> WITH_VERBS =
      Set.of("SELECT", "VALUES", "INSERT", "REPLACE", "UPDATE", "DELETE");
  private static final Set<String> CREATE_MODIFIERS =
      Set.of("TEMP", "TEMPORARY", "UNIQUE", "VIRTUAL");

  // sqlite3_complete() states (sqlite/src/complete.c); a statement ends on reaching START.
  private static final int START = 1;

  // Token classes: the columns of TRANSITIONS.
  private static final int SEMI = 0;
  private static final int OTHER = 1;
  private static final int EXPLAIN = 2;
  private static final int CREATE = 3;
  private static final int TEMP = 4;
  private static final int TRIGGER = 5;
  private static final int END = 6;

  private static final int[][] TRANSITIONS = {
    // SEMI, OTHER, EXPLAIN, CREATE, TEMP, TRIGGER, END (whitespace is skipped by the tokenizer)
    /* 0 INVALID */ {1, 2, 3, 4, 2, 2, 2},
    /* 1 START   */ {1, 2, 3, 4, 2, 2, 2},
    /* 2 NORMAL  */ {1, 2, 2, 2, 2, 2, 2},
    /* 3 EXPLAIN */ {1, 3, 2, 4, 2, 2, 2},
    /* 4 CREATE  */ {1, 2, 2, 2, 4, 5, 2},
    /* 5 TRIGGER */ {6, 5, 5, 5, 5, 5, 5},
    /* 6 SEMI    */ {6, 5, 5, 5, 5, 5, 7},
    /* 7 END     */ {1, 5, 5, 5, 5, 5, 5},
  };

  /** Classifies the first statement of {@code sql}. */
  static Statement of(String sql) {
    SqlTokens tokens = new SqlTokens(sql);
    List<String> lead = new ArrayList<>(MAX_LEAD_WORDS);
    boolean leadDone = false;
    String withVerb = null;
    boolean advancesSequence = false;
    int depth = 0;
    int state = START;
    int begin = -1;
    boolean ended = false;
    boolean multiple = false;
    while (tokens.next() != SqlTokens.Type.END) {
      boolean semicolon = tokens.is(';');
      if (begin < 0) {
        if (semicolon) {
          continue;
        }
        begin = tokens.start();
      } else if (ended) {
        if (!semicolon) {
          multiple = true;
          break;
        }
        continue;
      }
      state = TRANSITIONS[state][tokenClass(tokens)];
      if (state == START) {
        ended = true;
        continue;
      }
      String word = tokens.word();
      if (!advancesSequence && (word.equals("NEXTVAL") || word.equals("SETVAL"))) {
        advancesSequence = true;
      }
      if (!leadDone) {
        if (!word.isEmpty() && lead.size() < MAX_LEAD_WORDS) {
          lead.add(word);
        } else {
          leadDone = true;
        }
      }
      if (withVerb == null && !lead.isEmpty() && lead.get(0).equals("WITH")) {
        if (tokens.is('(')) {
          depth++;
        } else if (tokens.is(')')) {
          depth--;
        } else if (depth == 0 && WITH_VERBS.contains(word)) {
          withVerb = word;
        }
      }
    }
    if (begin < 0) {
      return new Statement(StatementKind.EMPTY, "", "", false);
    }
    String text = sql.substring(begin);
    String first = lead.isEmpty() ? "" : lead.get(0);
    String verb = first.equals("WITH") ? (withVerb == null ? "" : withVerb) : first;
    return switch (verb) {
      case "SELECT", "VALUES" ->
          new Statement(
              advancesSequence ? StatementKind.SEQUENCE_QUERY : StatementKind.QUERY,
              "SELECT",
              text,
              multiple);
      case "EXPLAIN" -> new Statement(StatementKind.QUERY, "SELECT", text, multiple);
      case "INSERT", "REPLACE" -> new Statement(StatementKind.INSERT, "INSERT", text, multiple);
      case "UPDATE" -> new Statement(StatementKind.UPDATE, "UPDATE", text, multiple);
      case "DELETE" -> new Statement(StatementKind.DELETE, "DELETE", text, multiple);
      case "BEGIN" -> new Statement(StatementKind.BEGIN, "BEGIN", text, multiple);
      case "COMMIT", "END" -> new Statement(StatementKind.COMMIT, "COMMIT", text, multiple);
      case "ROLLBACK" ->
          new Statement(
              isRollbackTo(lead) ? StatementKind.ROLLBACK_TO : StatementKind.ROLLBACK,
              "ROLLBACK",
              text,
              multiple);
      case "SAVEPOINT" -> new Statement(StatementKind.SAVEPOINT, "SAVEPOINT", text, multiple);
      case "RELEASE" -> new Statement(StatementKind.RELEASE, "RELEASE", text, multiple);
      default -> new Statement(StatementKind.OTHER, otherTag(first, lead), text, multiple);
    };
  }

  /**
   * The command tag of this statement once run: the row count for INSERT, UPDATE, DELETE and row
   * results ("SELECT n"), the fixed tag otherwise.
   *
   * @param count rows changed, or rows returned when {@code returnedRows}
   */
  String tag(long count, boolean returnedRows) {
    return switch (kind) {
      case INSERT -> "INSERT 0 " + count;
      case UPDATE -> "UPDATE " + count;
      case DELETE -> "DELETE " + count;
      default -> returnedRows ? "SELECT " + count : tag;
    };
  }

  /** Whether the statement may run in a failed transaction (it ends or rewinds it). */
  boolean endsFailedTransaction() {
    return kind == StatementKind.ROLLBACK
        || kind == StatementKind.COMMIT
        || kind == StatementKind.ROLLBACK_TO;
  }

  private static boolean isRollbackTo(List<String> lead) {
    int at = lead.size() > 1 && lead.get(1).equals("TRANSACTION") ? 2 : 1;
    return lead.size() > at && lead.get(at).equals("TO");
  }

  /** "CREATE TABLE", "DROP INDEX", "ALTER TABLE", or the first keyword ("PRAGMA", "VACUUM"). */
  private static String otherTag(String first, List<String> lead) {
    int at = 1;
    if (first.equals("CREATE")) {
      while (at < lead.size() && CREATE_MODIFIERS.contains(lead.get(at))) {
        at++;
      }
    } else if (!first.equals("DROP") && !first.equals("ALTER")) {
      return first;
    }
    return at < lead.size() ? first + " " + lead.get(at) : first;
  }

  private static int tokenClass(SqlTokens tokens) {
    if (tokens.is(';')) {
      return SEMI;
    }
    return switch (tokens.word()) {
      case "EXPLAIN" -> EXPLAIN;
      case "CREATE" -> CREATE;
      case "TEMP", "TEMPORARY" -> TEMP;
      case "TRIGGER" -> TRIGGER;
      case "END" -> END;
      default -> OTHER;
    };
  }
}
