/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.schema;

import io.rhizome.node.schema.SchemaTokens.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An {@code ALTER TABLE} the node runs itself because SQLite has no such form: Postgres' forms
 * written with SQLite's expressions and types (the gateway's translation writes them so, and a
 * client speaking SQLite's dialect may write them too).
 *
 * <pre>
 * ALTER TABLE [IF EXISTS] [main.]t action [, action ...]
 *   ALTER [COLUMN] c [SET DATA] TYPE type [USING expr]
 *   ALTER [COLUMN] c SET DEFAULT expr | DROP DEFAULT | SET NOT NULL | DROP NOT NULL
 *   ADD [CONSTRAINT n] CHECK (expr) [NOT VALID]
 *   ADD [CONSTRAINT n] FOREIGN KEY (cols) REFERENCES p [(cols)] [ON ...] [[NOT] DEFERRABLE ...] [NOT VALID]
 *   ADD [CONSTRAINT n] UNIQUE (cols) | PRIMARY KEY (cols)
 *   DROP CONSTRAINT [IF EXISTS] n
 *   RENAME CONSTRAINT a TO b
 *   ADD [COLUMN] IF NOT EXISTS c ...      DROP [COLUMN] [IF EXISTS] c {CASCADE | RESTRICT}
 *   and SQLite's own ADD [COLUMN], DROP [COLUMN], RENAME [COLUMN] a TO b, RENAME TO t
 * </pre>
 *
 * {@link #parse} answers empty for a statement SQLite runs as it is (one action of its own), so
 * those keep SQLite's behaviour and messages.
 */
record AlterTable(String table, boolean ifExists, List<Action> actions) {

  /** One action of the statement. */
  sealed interface Action {}

  /** One of SQLite's own actions, run as {@code ALTER TABLE t <text>}. */
  record Native(String text) implements Action {}

  /** {@code ADD COLUMN IF NOT EXISTS}: the column's definition, run when it is missing. */
  record AddColumnIfMissing(String column, String definition) implements Action {}

  /**
   * Postgres' {@code DROP COLUMN [IF EXISTS] c [CASCADE | RESTRICT]}: the table's indexes and
   * constraints that use the column go with it.
   */
  record DropColumn(String column, boolean ifExists) implements Action {}

  /** {@code ALTER COLUMN c TYPE t [USING e]}; {@code using} null without one. */
  record SetType(String column, String type, String using) implements Action {}

  /** {@code SET DEFAULT e}, or {@code DROP DEFAULT} when {@code expression} is null. */
  record SetDefault(String column, String expression) implements Action {}

  /** {@code SET NOT NULL} or {@code DROP NOT NULL}. */
  record SetNotNull(String column, boolean notNull) implements Action {}

  /**
   * {@code ADD [CONSTRAINT n] CHECK (...) | FOREIGN KEY ... | UNIQUE (...) | PRIMARY KEY (...)}.
   *
   * @param name null when not named
   * @param type what it is
   * @param body its text from its first word on ({@code CHECK (a > 0)}), without {@code NOT VALID}
   * @param columns a FOREIGN KEY's, UNIQUE's or PRIMARY KEY's columns
   * @param check a CHECK's expression
   * @param validate whether existing rows are checked ({@code NOT VALID} skips it)
   */
  record AddConstraint(
      String name,
      TableDefinition.Type type,
      String body,
      List<String> columns,
      String check,
      String referenced,
      boolean validate)
      implements Action {}

  /** {@code DROP CONSTRAINT [IF EXISTS] n}. */
  record DropConstraint(String name, boolean ifExists) implements Action {}

  /** {@code RENAME CONSTRAINT a TO b}. */
  record RenameConstraint(String from, String to) implements Action {}

  /** The statement cannot be read as one of these forms. */
  static final class SyntaxException extends RuntimeException {
    SyntaxException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The statement as one the node runs itself, or empty when it is not an ALTER TABLE or SQLite
   * runs it as it is.
   *
   * @throws SyntaxException when it is one of these forms but malformed
   */
  static Optional<AlterTable> parse(String sql) {
    List<Token> tokens;
    try {
      tokens = SchemaTokens.of(sql);
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // SQLite says what is wrong with it
    }
    while (!tokens.isEmpty() && tokens.get(tokens.size() - 1).isPunct(';')) {
      tokens = tokens.subList(0, tokens.size() - 1);
    }
    if (tokens.size() < 4 || !tokens.get(0).is("ALTER") || !tokens.get(1).is("TABLE")) {
      return Optional.empty();
    }
    return new Reader(sql, tokens).read();
  }

  private static final class Reader {
    private final String sql;
    private final List<Token> tokens;
    private int at = 2;
    private boolean ownForm;

    Reader(String sql, List<Token> tokens) {
      this.sql = sql;
      this.tokens = tokens;
    }

    Optional<AlterTable> read() {
      boolean ifExists = false;
      if (peekIs("IF") && peekIs(1, "EXISTS")) {
        at += 2;
        ifExists = true;
        ownForm = true;
      }
      Token name = name();
      if (at < tokens.size() && tokens.get(at).isPunct('.')) {
        if (!name.name().equalsIgnoreCase("main")) {
          return Optional.empty(); // temp.t and the like: SQLite's to judge
        }
        at++;
        name = name();
      }
      List<Action> actions = new ArrayList<>();
      do {
        actions.add(action());
      } while (acceptPunct(','));
      if (at < tokens.size()) {
        throw new SyntaxException("syntax error at or near \"" + tokens.get(at).text() + "\"");
      }
      if (!ownForm && actions.size() == 1) {
        return Optional.empty();
      }
      return Optional.of(new AlterTable(name.name(), ifExists, List.copyOf(actions)));
    }

    private Action action() {
      int start = at;
      Token verb = next();
      switch (verb.word()) {
        case "ADD" -> {
          if (peekIs("CONSTRAINT")
              || peekIs("CHECK")
              || peekIs("FOREIGN")
              || peekIs("UNIQUE")
              || peekIs("PRIMARY")) {
            ownForm = true;
            return addConstraint();
          }
          acceptWord("COLUMN");
          if (peekIs("IF")) {
            at++;
            expect("NOT");
            expect("EXISTS");
            ownForm = true;
            Token column = name();
            int defStart = column.start();
            skipToActionEnd();
            return new AddColumnIfMissing(column.name(), text(defStart));
          }
          skipToActionEnd();
          return new Native(text(tokens.get(start).start()));
        }
        case "DROP" -> {
          if (acceptWord("CONSTRAINT")) {
            ownForm = true;
            boolean ifExists = false;
            if (acceptWord("IF")) {
              expect("EXISTS");
              ifExists = true;
            }
            Token constraint = name();
            acceptBehaviour();
            return new DropConstraint(constraint.name(), ifExists);
          }
          acceptWord("COLUMN");
          boolean ifExists = false;
          if (peekIs("IF")) {
            at++;
            expect("EXISTS");
            ifExists = true;
          }
          Token column = name();
          if (acceptBehaviour() || ifExists) {
            ownForm = true;
            return new DropColumn(column.name(), ifExists);
          }
          return new Native("DROP COLUMN " + column.text());
        }
        case "RENAME" -> {
          if (acceptWord("CONSTRAINT")) {
            ownForm = true;
            Token from = name();
            expect("TO");
            Token to = name();
            return new RenameConstraint(from.name(), to.name());
          }
          skipToActionEnd();
          return new Native(text(tokens.get(start).start()));
        }
        case "ALTER" -> {
          ownForm = true;
          acceptWord("COLUMN");
          Token column = name();
          return alterColumn(column.name());
        }
        default -> throw new SyntaxException("ALTER TABLE action " + verb.text() + " is unknown");
      }
    }

    private Action alterColumn(String column) {
      if (acceptWord("SET")) {
        if (acceptWord("DEFAULT")) {
          int from = tokens.get(at).start();
          skipToActionEnd();
          return new SetDefault(column, text(from));
        }
        if (acceptWord("NOT")) {
          expect("NULL");
          return new SetNotNull(column, true);
        }
        if (acceptWord("DATA")) {
          expect("TYPE");
          return setType(column);
        }
        throw new SyntaxException("ALTER COLUMN ... SET " + next().text() + " is not supported");
      }
      if (acceptWord("DROP")) {
        if (acceptWord("DEFAULT")) {
          return new SetDefault(column, null);
        }
        expect("NOT");
        expect("NULL");
        return new SetNotNull(column, false);
      }
      if (acceptWord("TYPE")) {
        return setType(column);
      }
      throw new SyntaxException("ALTER COLUMN ... " + next().text() + " is not supported");
    }

    private Action setType(String column) {
      int from = tokens.get(at).start();
      int end = from;
      while (at < tokens.size() && !peekIs("USING") && !peekPunct(',')) {
        if (peekPunct('(')) {
          end = skipParenthesized();
        } else {
          end = next().end();
        }
      }
      if (end == from) {
        throw new SyntaxException("ALTER COLUMN ... TYPE needs a type");
      }
      String type = sql.substring(from, end);
      String using = null;
      if (acceptWord("USING")) {
        int usingFrom = tokens.get(at).start();
        skipToActionEnd();
        using = text(usingFrom);
      }
      return new SetType(column, type, using);
    }

    private Action addConstraint() {
      String name = null;
      if (acceptWord("CONSTRAINT")) {
        name = name().name();
      }
      int bodyStart = tokens.get(at).start();
      Token kind = next();
      List<String> columns = List.of();
      String check = null;
      String referenced = null;
      TableDefinition.Type type;
      switch (kind.word()) {
        case "CHECK" -> {
          type = TableDefinition.Type.CHECK;
          int open = at;
          int end = skipParenthesized();
          check = sql.substring(tokens.get(open).end(), end - 1);
        }
        case "FOREIGN" -> {
          type = TableDefinition.Type.FOREIGN_KEY;
          expect("KEY");
          columns = columnList();
          expect("REFERENCES");
          referenced = name().name();
        }
        case "UNIQUE" -> {
          type = TableDefinition.Type.UNIQUE;
          columns = columnList();
        }
        case "PRIMARY" -> {
          type = TableDefinition.Type.PRIMARY_KEY;
          expect("KEY");
          columns = columnList();
        }
        default -> throw new SyntaxException("ADD CONSTRAINT ... " + kind.text() + " is unknown");
      }
      int bodyEnd = tokens.get(at - 1).end();
      boolean validate = true;
      while (at < tokens.size() && !peekPunct(',')) {
        if (peekIs("NOT") && peekIs(1, "VALID")) {
          at += 2;
          validate = false;
        } else if (peekPunct('(')) {
          bodyEnd = skipParenthesized();
        } else {
          bodyEnd = next().end();
        }
      }
      return new AddConstraint(
          name, type, sql.substring(bodyStart, bodyEnd), columns, check, referenced, validate);
    }

    private List<String> columnList() {
      if (!acceptPunct('(')) {
        throw new SyntaxException("expected a parenthesized column list");
      }
      List<String> names = new ArrayList<>();
      do {
        names.add(name().name());
      } while (acceptPunct(','));
      if (!acceptPunct(')')) {
        throw new SyntaxException("expected \")\" after the columns");
      }
      return List.copyOf(names);
    }

    private boolean acceptBehaviour() {
      return acceptWord("CASCADE") || acceptWord("RESTRICT");
    }

    /** Skips to the comma that ends the action (or the end), over parenthesized groups. */
    private void skipToActionEnd() {
      while (at < tokens.size() && !peekPunct(',')) {
        if (peekPunct('(')) {
          skipParenthesized();
        } else {
          at++;
        }
      }
    }

    /** The text from {@code from} to the end of the last token read. */
    private String text(int from) {
      if (at == 0 || tokens.get(at - 1).end() <= from) {
        throw new SyntaxException("an ALTER TABLE action is incomplete");
      }
      return sql.substring(from, tokens.get(at - 1).end());
    }

    private int skipParenthesized() {
      if (!acceptPunct('(')) {
        throw new SyntaxException("expected \"(\"");
      }
      int depth = 1;
      while (at < tokens.size()) {
        Token t = next();
        if (t.isPunct('(')) {
          depth++;
        } else if (t.isPunct(')') && --depth == 0) {
          return t.end();
        }
      }
      throw new SyntaxException("expected \")\"");
    }

    private Token name() {
      if (at >= tokens.size() || !tokens.get(at).isName()) {
        throw new SyntaxException("expected a name");
      }
      return tokens.get(at++);
    }

    private Token next() {
      if (at >= tokens.size()) {
        throw new SyntaxException("syntax error at end of input");
      }
      return tokens.get(at++);
    }

    private void expect(String word) {
      Token t = next();
      if (!t.is(word)) {
        throw new SyntaxException("expected " + word + " at or near \"" + t.text() + "\"");
      }
    }

    private boolean peekIs(String word) {
      return peekIs(0, word);
    }

    private boolean peekIs(int ahead, String word) {
      return at + ahead < tokens.size() && tokens.get(at + ahead).is(word);
    }

    private boolean peekPunct(char c) {
      return at < tokens.size() && tokens.get(at).isPunct(c);
    }

    private boolean acceptWord(String word) {
      if (peekIs(word)) {
        at++;
        return true;
      }
      return false;
    }

    private boolean acceptPunct(char c) {
      if (peekPunct(c)) {
        at++;
        return true;
      }
      return false;
    }
  }
}
