/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.pg.copy;

import io.rhizome.gateway.pg.codec.PgError;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.pgsql.Lexer;
import io.rhizome.pgsql.Token;
import io.rhizome.proto.SqlState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a COPY statement: the target, the direction and the options, both in the {@code WITH
 * (FORMAT csv, HEADER true)} form and in the older {@code CSV HEADER} form that psql and pg_dump
 * still write. Only STDIN and STDOUT are served: a file or a PROGRAM names something on the
 * server's machine, which no tenant may reach, so those are refused (42501) before anything else is
 * looked at.
 */
public final class CopyStatementParser {
  private final String sql;
  private final List<Token> tokens;
  private int at;

  private CopyStatementParser(String sql) {
    this.sql = sql;
    this.tokens = Lexer.tokenize(sql).stream().filter(Token::isSignificant).toList();
  }

  /**
   * Parses one COPY statement.
   *
   * @throws PgException 42501 for a server-side file or program, 0A000 for binary format or an
   *     option not served, 42601 for bad syntax, 22023 for a bad option value
   */
  public static CopyStatement parse(String sql) {
    return new CopyStatementParser(sql).statement();
  }

  private CopyStatement statement() {
    expectKeyword("COPY");
    if (peekKeyword("BINARY")) {
      throw binary();
    }
    String table = null;
    String query = null;
    List<String> columns = new ArrayList<>();
    if (peekPunctuation('(')) {
      int open = at;
      query = parenthesized();
      checkQuery(tokens.subList(open + 1, at - 1));
    } else {
      table = tableName();
      if (peekPunctuation('(')) {
        columns = columnList();
      }
    }
    boolean from;
    if (peekKeyword("FROM")) {
      from = true;
    } else if (peekKeyword("TO")) {
      from = false;
    } else {
      throw syntax();
    }
    at++;
    if (from && query != null) {
      throw syntax();
    }
    Token target = next();
    if (target.isKeyword("PROGRAM") || target.kind() == Token.Kind.STRING) {
      throw new PgException(
          PgError.error(
                  SqlState.INSUFFICIENT_PRIVILEGE,
                  "COPY "
                      + (from ? "from" : "to")
                      + " a file or program on the server is not allowed")
              .withHint(
                  "Use COPY "
                      + (from ? "FROM STDIN" : "TO STDOUT")
                      + " (or psql's \\copy), which moves the data over the connection."));
    }
    if (!target.isKeyword(from ? "STDIN" : "STDOUT")) {
      throw syntax();
    }
    CopyFormat format = options();
    return new CopyStatement(from, table, columns, query, format);
  }

  // ---------------------------------------------------------------------------------------------
  // Target

  private String tableName() {
    List<String> parts = new ArrayList<>();
    parts.add(identifier());
    while (peekPunctuation('.')) {
      at++;
      parts.add(identifier());
    }
    // Postgres clients (pg_dump) qualify with the default schema, which SQLite calls "main".
    if (parts.size() == 2 && unquoted(parts.get(0)).equalsIgnoreCase("public")) {
      parts.remove(0);
    }
    return String.join(".", parts);
  }

  private List<String> columnList() {
    at++; // (
    List<String> columns = new ArrayList<>();
    columns.add(identifier());
    while (peekPunctuation(',')) {
      at++;
      columns.add(identifier());
    }
    if (!peekPunctuation(')')) {
      throw syntax();
    }
    at++;
    return columns;
  }

  private String identifier() {
    Token t = next();
    if (t.kind() != Token.Kind.WORD && t.kind() != Token.Kind.QUOTED_IDENTIFIER) {
      throw syntax();
    }
    return t.text();
  }

  private static String unquoted(String identifier) {
    return identifier.startsWith("\"")
        ? identifier.substring(1, identifier.length() - 1)
        : identifier;
  }

  /** The text between a '(' and its matching ')'. */
  private String parenthesized() {
    Token open = tokens.get(at++);
    int depth = 1;
    while (at < tokens.size()) {
      Token t = tokens.get(at++);
      if (t.isPunctuation('(')) {
        depth++;
      } else if (t.isPunctuation(')') && --depth == 0) {
        String inner = sql.substring(open.end(), t.start()).strip();
        if (inner.isEmpty()) {
          throw syntax();
        }
        return inner;
      }
    }
    throw syntax();
  }

  /**
   * Refuses, before it runs, a query that returns no rows: Postgres does too, and a write without
   * RETURNING would otherwise be done and then reported as an error.
   */
  private static void checkQuery(List<Token> query) {
    Token first = query.get(0);
    if (first.isKeyword("INSERT") || first.isKeyword("UPDATE") || first.isKeyword("DELETE")) {
      if (query.stream().noneMatch(t -> t.isKeyword("RETURNING"))) {
        throw PgException.error(
            SqlState.FEATURE_NOT_SUPPORTED, "COPY query must have a RETURNING clause");
      }
      return;
    }
    if (!first.isKeyword("SELECT")
        && !first.isKeyword("WITH")
        && !first.isKeyword("VALUES")
        && !first.isPunctuation('(')) {
      throw PgException.error(
          SqlState.SYNTAX_ERROR, "syntax error at or near \"" + first.text() + "\"");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Options

  private CopyFormat options() {
    if (peekKeyword("WITH")) {
      at++;
    }
    if (peekPunctuation('(')) {
      return optionList();
    }
    return legacyOptions();
  }

  /** {@code ( option [value] [, ...] )}. */
  private CopyFormat optionList() {
    at++; // (
    List<String[]> options = new ArrayList<>();
    do {
      Token name = next();
      if (name.kind() != Token.Kind.WORD) {
        throw syntax();
      }
      String value = null;
      if (!peekPunctuation(',') && !peekPunctuation(')')) {
        Token v = next();
        if (v.isPunctuation('(')) {
          throw unsupported(name.text());
        }
        value = stringValue(v);
      }
      options.add(new String[] {name.text().toLowerCase(Locale.ROOT), value});
    } while (acceptPunctuation(','));
    if (!acceptPunctuation(')')) {
      throw syntax();
    }
    end();
    CopyFormat format = CopyFormat.textFormat();
    for (String[] o : options) {
      if (o[0].equals("format")) {
        String f = o[1] == null ? "" : o[1].toLowerCase(Locale.ROOT);
        format =
            switch (f) {
              case "text" -> CopyFormat.textFormat();
              case "csv" -> CopyFormat.csvFormat();
              case "binary" -> throw binary();
              default ->
                  throw PgException.error(
                      SqlState.INVALID_PARAMETER_VALUE, "COPY format \"" + f + "\" not recognized");
            };
      }
    }
    for (String[] o : options) {
      String value = o[1];
      format =
          switch (o[0]) {
            case "format" -> format;
            case "delimiter" -> format.withDelimiter(oneChar("delimiter", value));
            case "null" -> format.withNull(required("null", value));
            case "header" -> format.withHeader(bool("header", value));
            case "quote" -> format.withQuote(oneChar("quote", value));
            case "escape" -> format.withEscape(oneChar("escape", value));
            default -> throw unsupported(o[0]);
          };
      if ((o[0].equals("quote") || o[0].equals("escape")) && !format.csv()) {
        throw PgException.error(
            SqlState.FEATURE_NOT_SUPPORTED, "COPY " + o[0] + " available only in CSV mode");
      }
    }
    return validated(format);
  }

  /** {@code [BINARY] [DELIMITER [AS] 'd'] [NULL [AS] 'n'] [CSV [HEADER] [QUOTE [AS] 'q'] ...]}. */
  private CopyFormat legacyOptions() {
    CopyFormat format = CopyFormat.textFormat();
    Character delimiter = null;
    String nullString = null;
    boolean header = false;
    Character quote = null;
    Character escape = null;
    while (at < tokens.size() && !tokens.get(at).kind().equals(Token.Kind.SEMICOLON)) {
      Token t = next();
      String word = t.kind() == Token.Kind.WORD ? t.text().toLowerCase(Locale.ROOT) : "";
      switch (word) {
        case "binary" -> throw binary();
        case "csv" -> format = CopyFormat.csvFormat();
        case "header" -> header = true;
        case "delimiter" -> delimiter = oneChar("delimiter", legacyValue());
        case "null" -> nullString = legacyValue();
        case "quote" -> quote = oneChar("quote", legacyValue());
        case "escape" -> escape = oneChar("escape", legacyValue());
        case "force", "oids", "freeze", "encoding" -> throw unsupported(word);
        default -> throw syntax();
      }
    }
    if (!format.csv() && (quote != null || escape != null)) {
      throw PgException.error(
          SqlState.FEATURE_NOT_SUPPORTED, "COPY quote and escape are available only in CSV mode");
    }
    if (delimiter != null) {
      format = format.withDelimiter(delimiter);
    }
    if (nullString != null) {
      format = format.withNull(nullString);
    }
    if (quote != null) {
      format = format.withQuote(quote);
      if (escape == null) {
        format = format.withEscape(quote);
      }
    }
    if (escape != null) {
      format = format.withEscape(escape);
    }
    return validated(format.withHeader(header));
  }

  private String legacyValue() {
    if (peekKeyword("AS")) {
      at++;
    }
    Token v = next();
    if (v.kind() != Token.Kind.STRING && !isEscapePrefix(v)) {
      throw syntax();
    }
    return stringValue(v);
  }

  private boolean isEscapePrefix(Token t) {
    return t.isKeyword("E")
        && at < tokens.size()
        && tokens.get(at).kind() == Token.Kind.STRING
        && tokens.get(at).start() == t.end();
  }

  /** A literal or word's value; {@code E'\t'} (a word E glued to a string) is unescaped. */
  private String stringValue(Token v) {
    if (!isEscapePrefix(v)) {
      return v.value();
    }
    String s = tokens.get(at++).value();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 == s.length()) {
        out.append(c);
        continue;
      }
      char e = s.charAt(++i);
      out.append(
          switch (e) {
            case 't' -> '\t';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 'b' -> '\b';
            case 'f' -> '\f';
            default -> e;
          });
    }
    return out.toString();
  }

  private static CopyFormat validated(CopyFormat f) {
    char d = f.delimiter();
    if (d == '\r' || d == '\n') {
      throw invalid("COPY delimiter cannot be newline or carriage return");
    }
    if (!f.csv() && (d == '\\' || Character.isLetterOrDigit(d) || d == '.')) {
      throw invalid("COPY delimiter cannot be \"" + d + "\"");
    }
    if (f.nullString().indexOf('\r') >= 0 || f.nullString().indexOf('\n') >= 0) {
      throw invalid("COPY null representation cannot use newline or carriage return");
    }
    if (f.csv() && f.quote() == d) {
      throw invalid("COPY delimiter and quote must be different");
    }
    if (f.nullString().indexOf(d) >= 0) {
      throw invalid("COPY delimiter must not appear in the NULL specification");
    }
    return f;
  }

  private static char oneChar(String option, String value) {
    if (value == null || value.length() != 1 || value.charAt(0) > 0x7f) {
      throw invalid("COPY " + option + " must be a single one-byte character");
    }
    return value.charAt(0);
  }

  private static String required(String option, String value) {
    if (value == null) {
      throw invalid(option + " requires a parameter");
    }
    return value;
  }

  private static boolean bool(String option, String value) {
    if (value == null) {
      return true;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "on", "1", "yes" -> true;
      case "false", "off", "0", "no" -> false;
      case "match" -> throw unsupported("header match");
      default -> throw invalid(option + " requires a Boolean value");
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Tokens

  private Token next() {
    if (at >= tokens.size() || tokens.get(at).kind() == Token.Kind.SEMICOLON) {
      throw syntax();
    }
    return tokens.get(at++);
  }

  private void end() {
    if (at < tokens.size() && tokens.get(at).kind() != Token.Kind.SEMICOLON) {
      throw syntax();
    }
  }

  private void expectKeyword(String keyword) {
    if (!next().isKeyword(keyword)) {
      throw syntax();
    }
  }

  private boolean peekKeyword(String keyword) {
    return at < tokens.size() && tokens.get(at).isKeyword(keyword);
  }

  private boolean peekPunctuation(char c) {
    return at < tokens.size() && tokens.get(at).isPunctuation(c);
  }

  private boolean acceptPunctuation(char c) {
    if (peekPunctuation(c)) {
      at++;
      return true;
    }
    return false;
  }

  private PgException syntax() {
    String near = at < tokens.size() ? "at or near \"" + tokens.get(at).text() + "\"" : "at end";
    return PgException.error(SqlState.SYNTAX_ERROR, "syntax error in COPY " + near);
  }

  private static PgException binary() {
    return PgException.error(SqlState.FEATURE_NOT_SUPPORTED, "COPY BINARY is not supported");
  }

  private static PgException unsupported(String option) {
    return PgException.error(
        SqlState.FEATURE_NOT_SUPPORTED, "COPY option \"" + option + "\" is not supported");
  }

  private static PgException invalid(String message) {
    return PgException.error(SqlState.INVALID_PARAMETER_VALUE, message);
  }
}
