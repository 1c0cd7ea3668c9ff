/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Postgres' spellings of transaction control that SQLite does not read: {@code BEGIN ISOLATION
 * LEVEL READ COMMITTED} (SQLAlchemy's asyncpg dialect), {@code START TRANSACTION}, {@code BEGIN
 * WORK}, {@code COMMIT AND NO CHAIN}, {@code ABORT}. Each becomes SQLite's plain form. Transaction
 * modes are accepted and not enforced: a SQLite transaction is serializable, which every isolation
 * level allows, and READ ONLY and DEFERRABLE are not kept (docs/compatibility.md).
 *
 * <p>The plain forms clients send on every transaction ({@code BEGIN}, {@code COMMIT}) pass with a
 * look at the characters after the verb, no tokens.
 */
final class TransactionControl {
  private TransactionControl() {}

  static final Set<String> VERBS = Set.of("begin", "start", "commit", "end", "rollback", "abort");

  /** SQLite's own BEGIN modifiers: such a statement runs as written. */
  private static final Set<String> SQLITE_BEGIN = Set.of("deferred", "immediate", "exclusive");

  /**
   * The SQLite text of a transaction statement, or null when it runs as written.
   *
   * @param verb the statement's first word, lower case (one of {@link #VERBS})
   * @throws SqlException 42601 for transaction modes that are not Postgres'
   */
  static String translate(String verb, String statement) {
    if (!verb.equals("start") && !verb.equals("abort") && nothingAfterVerb(statement)) {
      return null;
    }
    List<Token> t = new ArrayList<>(Lexer.significant(statement, Dialect.POSTGRES));
    while (!t.isEmpty() && t.get(t.size() - 1).isPunctuation(';')) {
      t.remove(t.size() - 1);
    }
    int i = 1;
    switch (verb) {
      case "begin" -> {
        if (i < t.size() && SQLITE_BEGIN.contains(lower(t.get(i)))) {
          return null;
        }
        if (i < t.size() && (t.get(i).isKeyword("work") || t.get(i).isKeyword("transaction"))) {
          i++;
        }
        if (i == t.size() && (t.size() == 1 || t.get(1).isKeyword("transaction"))) {
          return null; // BEGIN TRANSACTION: SQLite's too
        }
        modes(t, i);
        return "BEGIN";
      }
      case "start" -> {
        if (i >= t.size() || !t.get(i).isKeyword("transaction")) {
          throw syntax("expected TRANSACTION after START");
        }
        modes(t, i + 1);
        return "BEGIN";
      }
      default -> {
        // COMMIT | END | ROLLBACK | ABORT [WORK | TRANSACTION] [AND [NO] CHAIN]
        if (verb.equals("rollback") && i < t.size() && t.get(i).isKeyword("to")) {
          return null; // ROLLBACK TO SAVEPOINT
        }
        if (verb.equals("rollback") || verb.equals("commit")) {
          if (i < t.size() && t.get(i).isKeyword("prepared")) {
            return null; // two-phase commit: SQLite will say it has none
          }
        }
        if (i < t.size() && (t.get(i).isKeyword("work") || t.get(i).isKeyword("transaction"))) {
          i++;
        }
        if (i < t.size() && t.get(i).isKeyword("and")) {
          if (i + 1 < t.size() && t.get(i + 1).isKeyword("chain")) {
            throw SqlException.unsupported(verb.toUpperCase(Locale.ROOT) + " AND CHAIN");
          }
          if (i + 2 < t.size() && t.get(i + 1).isKeyword("no") && t.get(i + 2).isKeyword("chain")) {
            i += 3;
          }
        }
        if (i != t.size()) {
          return null; // not a form this class knows: SQLite judges it
        }
        return verb.equals("rollback") || verb.equals("abort") ? "ROLLBACK" : "COMMIT";
      }
    }
  }

  /** Postgres' transaction modes from {@code i} to the end, separated by optional commas. */
  private static void modes(List<Token> t, int i) {
    while (i < t.size()) {
      if (t.get(i).isPunctuation(',')) {
        i++;
        continue;
      }
      if (t.get(i).isKeyword("isolation")) {
        if (i + 1 >= t.size() || !t.get(i + 1).isKeyword("level")) {
          throw syntax("expected LEVEL after ISOLATION");
        }
        i += 2;
        if (i < t.size() && t.get(i).isKeyword("serializable")) {
          i++;
        } else if (i + 1 < t.size()
            && ((t.get(i).isKeyword("repeatable") && t.get(i + 1).isKeyword("read"))
                || (t.get(i).isKeyword("read")
                    && (t.get(i + 1).isKeyword("committed")
                        || t.get(i + 1).isKeyword("uncommitted"))))) {
          i += 2;
        } else {
          throw syntax("expected an isolation level");
        }
      } else if (t.get(i).isKeyword("read")
          && i + 1 < t.size()
          && (t.get(i + 1).isKeyword("write") || t.get(i + 1).isKeyword("only"))) {
        i += 2;
      } else if (t.get(i).isKeyword("deferrable")) {
        i++;
      } else if (t.get(i).isKeyword("not")
          && i + 1 < t.size()
          && t.get(i + 1).isKeyword("deferrable")) {
        i += 2;
      } else {
        throw syntax("unexpected \"" + t.get(i).text() + "\" in the transaction modes");
      }
    }
  }

  /** Whether only blanks, semicolons and comments follow the first word: the plain form. */
  private static boolean nothingAfterVerb(String s) {
    int n = s.length();
    int i = 0;
    while (i < n && !Character.isLetter(s.charAt(i))) {
      i++; // a comment before the verb stops this at its first word: then the answer is false
    }
    while (i < n && Character.isLetter(s.charAt(i))) {
      i++;
    }
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (!Character.isWhitespace(c) && c != ';') {
        return false;
      }
    }
    return true;
  }

  private static String lower(Token t) {
    return t.text().toLowerCase(Locale.ROOT);
  }

  private static SqlException syntax(String message) {
    return new SqlException(SqlException.Reason.SYNTAX_ERROR, message);
  }
}
