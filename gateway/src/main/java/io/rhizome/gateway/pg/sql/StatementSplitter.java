/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a simple-query string into statements at top-level semicolons, as SQLite would read them.
 * Semicolons inside strings, quoted identifiers and comments do not split, nor do those inside the
 * BEGIN … END body of a CREATE TRIGGER (where CASE … END expressions may appear too). Statements
 * holding nothing but whitespace and comments are dropped, so {@code "SELECT 1;;"} is one statement
 * and {@code " -- nothing"} none.
 */
public final class StatementSplitter {
  private StatementSplitter() {}

  /** The statements of {@code sql}, trimmed, without their terminating semicolons. */
  public static List<String> split(String sql) {
    List<String> statements = new ArrayList<>();
    List<SqlToken> tokens = SqlLexer.tokenize(sql);
    int start = 0;
    Statement current = new Statement();
    for (SqlToken t : tokens) {
      if (t.kind() == SqlToken.Kind.SEMICOLON && !current.inTriggerBody()) {
        if (current.hasContent()) {
          statements.add(sql.substring(start, t.start()).strip());
        }
        start = t.end();
        current = new Statement();
      } else if (t.isSignificant()) {
        current.accept(t);
      }
    }
    if (current.hasContent()) {
      statements.add(sql.substring(start).strip());
    }
    return statements;
  }

  /** What the splitter needs to know about the statement being read. */
  private static final class Statement {
    private int significant;
    private boolean trigger;
    private boolean inBody;
    private int caseDepth;
    private boolean firstIsCreate;
    private boolean temporary;

    void accept(SqlToken t) {
      significant++;
      if (significant <= 3 && !trigger) {
        trigger = startsCreateTrigger(t);
      }
      if (!trigger || t.kind() != SqlToken.Kind.WORD) {
        return;
      }
      if (!inBody) {
        inBody = t.isKeyword("BEGIN");
      } else if (t.isKeyword("CASE")) {
        caseDepth++;
      } else if (t.isKeyword("END")) {
        if (caseDepth > 0) {
          caseDepth--;
        } else {
          inBody = false;
          trigger = false; // the body is over; the next ';' ends the statement
        }
      }
    }

    /** CREATE [TEMP|TEMPORARY] TRIGGER, seen one token at a time. */
    private boolean startsCreateTrigger(SqlToken t) {
      switch (significant) {
        case 1 -> firstIsCreate = t.isKeyword("CREATE");
        case 2 -> {
          if (firstIsCreate && (t.isKeyword("TEMP") || t.isKeyword("TEMPORARY"))) {
            temporary = true;
            return false;
          }
          return firstIsCreate && t.isKeyword("TRIGGER");
        }
        default -> {
          return firstIsCreate && temporary && t.isKeyword("TRIGGER");
        }
      }
      return false;
    }

    boolean hasContent() {
      return significant > 0;
    }

    boolean inTriggerBody() {
      return inBody;
    }
  }
}
