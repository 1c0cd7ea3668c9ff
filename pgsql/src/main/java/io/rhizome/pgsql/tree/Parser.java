/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql.tree;

import io.rhizome.pgsql.Dialect;
import io.rhizome.pgsql.Lexer;
import io.rhizome.pgsql.SqlException;
import io.rhizome.pgsql.Token;
import io.rhizome.pgsql.Token.Kind;
import io.rhizome.pgsql.tree.Expr.CallSyntax;
import io.rhizome.pgsql.tree.Expr.CastSyntax;
import io.rhizome.pgsql.tree.Expr.FuncCall;
import io.rhizome.pgsql.tree.Query.SortItem;
import io.rhizome.pgsql.tree.Query.Tail;
import io.rhizome.pgsql.tree.Query.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A recursive-descent parser for Postgres queries (SELECT, VALUES, set operations, WITH) and value
 * expressions, with Postgres' operator precedence. It reads what clients' catalog queries and ORMs
 * write; anything else is a {@link SqlException}: 42601 for text that is not Postgres, 0A000 for
 * Postgres it does not read (naming the construct). Every node keeps its span in the source (see
 * {@link Node}).
 *
 * <p>Precedence, lowest first (Postgres' table): OR; AND; NOT; IS, ISNULL, NOTNULL; comparison
 * ({@code < > = <= >= <> !=}); BETWEEN, IN, LIKE, ILIKE, SIMILAR; any other operator ({@code ||},
 * {@code ~}, ...); {@code + -}; {@code * / %}; {@code ^}; AT TIME ZONE; COLLATE; unary {@code + -};
 * {@code [ ]}; {@code ::}.
 */
public final class Parser {
  /** Nesting bound: a hostile statement must not overflow the gateway's stack. */
  private static final int MAX_DEPTH = 200;

  /** Words that end an expression where an alias could stand (a bare alias must not be one). */
  private static final Set<String> RESERVED =
      Set.of(
          "all",
          "analyse",
          "analyze",
          "and",
          "any",
          "array",
          "as",
          "asc",
          "asymmetric",
          "both",
          "case",
          "cast",
          "check",
          "collate",
          "column",
          "constraint",
          "create",
          "current_catalog",
          "current_date",
          "current_role",
          "current_time",
          "current_timestamp",
          "current_user",
          "default",
          "deferrable",
          "desc",
          "distinct",
          "do",
          "else",
          "end",
          "except",
          "false",
          "fetch",
          "for",
          "foreign",
          "from",
          "grant",
          "group",
          "having",
          "in",
          "initially",
          "intersect",
          "into",
          "lateral",
          "leading",
          "limit",
          "localtime",
          "localtimestamp",
          "not",
          "null",
          "offset",
          "on",
          "only",
          "or",
          "order",
          "placing",
          "primary",
          "references",
          "returning",
          "select",
          "session_user",
          "some",
          "symmetric",
          "table",
          "then",
          "to",
          "trailing",
          "true",
          "union",
          "unique",
          "user",
          "using",
          "variadic",
          "when",
          "where",
          "window",
          "with",
          "join",
          "inner",
          "left",
          "right",
          "full",
          "cross",
          "natural",
          "outer",
          "is",
          "isnull",
          "notnull",
          "like",
          "ilike",
          "similar",
          "between",
          "overlaps",
          "at",
          "tablesample",
          "escape",
          "filter",
          "over",
          "within",
          "ordinality");

  /** SQL-standard values written without parentheses. */
  private static final Set<String> SQL_VALUES =
      Set.of(
          "current_date",
          "current_time",
          "current_timestamp",
          "localtime",
          "localtimestamp",
          "current_user",
          "session_user",
          "user",
          "current_role",
          "current_schema",
          "current_catalog");

  private final String sql;
  private final List<Token> tokens;
  private int i;
  private int depth;

  private Parser(String sql) {
    this.sql = sql;
    this.tokens = Lexer.significant(sql, Dialect.POSTGRES);
  }

  /**
   * Parses one statement that is a query ({@code SELECT}, {@code VALUES}, {@code WITH ... SELECT},
   * {@code TABLE name}, or one of them in parentheses), an optional trailing semicolon allowed.
   */
  public static Query parseQuery(String sql) {
    Parser p = new Parser(sql);
    Query q = p.query();
    p.acceptPunct(';');
    if (!p.atEnd()) {
      throw p.error("unexpected");
    }
    return q;
  }

  /**
   * A parser positioned at the start of {@code sql}, for statements other than queries that read
   * their own structure and use this one for the types, expressions and queries in them.
   */
  public static Parser over(String sql) {
    return new Parser(sql);
  }

  /** Parses one value expression (for tests and for session functions' arguments). */
  public static Expr parseExpression(String sql) {
    Parser p = new Parser(sql);
    Expr e = p.expr();
    if (!p.atEnd()) {
      throw p.error("unexpected");
    }
    return e;
  }

  // ---------------------------------------------------------------------------------------------
  // Queries

  /** Reads a query at the current position. */
  public Query query() {
    enter();
    try {
      int start = startPos();
      Query.With with = null;
      if (peekWord("with")) {
        with = with();
      }
      Query body = setOperations(with, start);
      return body;
    } finally {
      depth--;
    }
  }

  private Query.With with() {
    int start = startPos();
    expectWord("with");
    boolean recursive = acceptWord("recursive");
    List<Query.Cte> ctes = new ArrayList<>();
    do {
      int cteStart = startPos();
      String name = identifier("a WITH query name");
      List<String> columns = new ArrayList<>();
      if (acceptPunct('(')) {
        do {
          columns.add(identifier("a column name"));
        } while (acceptPunct(','));
        expectPunct(')');
      }
      expectWord("as");
      if (acceptWord("not")) {
        expectWord("materialized");
      } else {
        acceptWord("materialized");
      }
      expectPunct('(');
      if (!startsQuery()) {
        throw unsupported("a WITH query that is not a SELECT");
      }
      Query q = query();
      expectPunct(')');
      ctes.add(new Query.Cte(name, columns, q, cteStart, endPos()));
    } while (acceptPunct(','));
    return new Query.With(recursive, ctes, start, endPos());
  }

  /** UNION / EXCEPT (left-associative) over INTERSECT, then the whole query's tail. */
  private Query setOperations(Query.With with, int start) {
    Query left = intersections(with, start);
    while (peekWord("union") || peekWord("except")) {
      String op = next().text().toUpperCase(Locale.ROOT);
      boolean all = acceptWord("all");
      if (!all) {
        acceptWord("distinct");
      }
      Query right = intersections(null, startPos());
      left = new Query.SetOperation(null, left, op, all, right, null, start, endPos());
    }
    Tail tail = tail();
    if (peekWord("for")) {
      throw unsupported("SELECT ... FOR UPDATE/SHARE");
    }
    if (left instanceof Query.SetOperation s && (tail != null || with != null)) {
      return new Query.SetOperation(
          with, s.left(), s.op(), s.all(), s.right(), tail, start, endPos());
    }
    if (tail != null) {
      if (left instanceof Query.Select s) {
        if (s.tail() != null) {
          throw error("a second ORDER BY or LIMIT");
        }
        return withTail(s, tail);
      }
      if (left instanceof Query.Values v) {
        return new Query.Values(v.with(), v.rows(), tail, v.start(), endPos());
      }
      // (SELECT ...) ORDER BY ...: a set operation of one.
      return new Query.SetOperation(with, left, null, false, null, tail, start, endPos());
    }
    return left;
  }

  private Query.Select withTail(Query.Select s, Tail tail) {
    return new Query.Select(
        s.with(),
        s.distinct(),
        s.distinctOn(),
        s.targets(),
        s.from(),
        s.fromEnd(),
        s.where(),
        s.groupBy(),
        s.having(),
        tail,
        s.start(),
        endPos());
  }

  private Query intersections(Query.With with, int start) {
    Query left = simpleQuery(with);
    while (peekWord("intersect")) {
      next();
      boolean all = acceptWord("all");
      if (!all) {
        acceptWord("distinct");
      }
      Query right = simpleQuery(null);
      left = new Query.SetOperation(null, left, "INTERSECT", all, right, null, start, endPos());
    }
    return left;
  }

  private Query simpleQuery(Query.With with) {
    if (peekPunct('(')) {
      int start = startPos();
      next();
      Query inner = query();
      expectPunct(')');
      return new Query.Parenthesized(inner, start, endPos());
    }
    if (peekWord("select")) {
      return select(with);
    }
    if (peekWord("values")) {
      return values(with);
    }
    if (peekWord("table")) {
      throw unsupported("TABLE name as a query");
    }
    throw error("expected SELECT or VALUES");
  }

  private Query.Values values(Query.With with) {
    int start = with != null ? with.start() : startPos();
    expectWord("values");
    List<Expr.Row> rows = new ArrayList<>();
    do {
      int rowStart = startPos();
      expectPunct('(');
      List<Expr> items = new ArrayList<>();
      do {
        if (peekWord("default")) {
          Token t = next();
          items.add(new Expr.Default(t.start(), t.end()));
        } else {
          items.add(expr());
        }
      } while (acceptPunct(','));
      expectPunct(')');
      rows.add(new Expr.Row(items, false, rowStart, endPos()));
    } while (acceptPunct(','));
    return new Query.Values(with, rows, null, start, endPos());
  }

  private Query.Select select(Query.With with) {
    int start = with != null ? with.start() : startPos();
    expectWord("select");
    boolean distinct = false;
    List<Expr> distinctOn = new ArrayList<>();
    if (acceptWord("distinct")) {
      distinct = true;
      if (acceptWord("on")) {
        expectPunct('(');
        distinctOn = exprList();
        expectPunct(')');
      }
    } else {
      acceptWord("all");
    }
    List<Target> targets = new ArrayList<>();
    if (!atTargetListEnd()) {
      do {
        targets.add(target());
      } while (acceptPunct(','));
    }
    if (peekWord("into")) {
      throw unsupported("SELECT INTO");
    }
    List<FromItem> from = new ArrayList<>();
    int fromEnd = -1;
    if (acceptWord("from")) {
      do {
        from.add(fromItem());
      } while (acceptPunct(','));
      fromEnd = endPos();
    }
    Expr where = acceptWord("where") ? expr() : null;
    List<Expr> groupBy = new ArrayList<>();
    if (acceptWord("group")) {
      expectWord("by");
      if (peekWord("rollup") || peekWord("cube") || peekWord("grouping")) {
        throw unsupported("GROUP BY ROLLUP/CUBE/GROUPING SETS");
      }
      acceptWord("all");
      groupBy = exprList();
    }
    Expr having = acceptWord("having") ? expr() : null;
    if (peekWord("window")) {
      throw unsupported("a WINDOW clause");
    }
    return new Query.Select(
        with,
        distinct,
        distinctOn,
        targets,
        from,
        fromEnd,
        where,
        groupBy,
        having,
        null,
        start,
        endPos());
  }

  private boolean atTargetListEnd() {
    return atEnd()
        || peekPunct(')')
        || peekPunct(';')
        || peekWord("from")
        || peekWord("where")
        || peekWord("union")
        || peekWord("except")
        || peekWord("intersect")
        || peekWord("order")
        || peekWord("limit");
  }

  public Target target() {
    int start = startPos();
    Expr e;
    if (peekOperator("*")) {
      Token t = next();
      e = new Expr.ColumnRef(null, true, t.start(), t.end());
    } else {
      e = expr();
    }
    String alias = null;
    int aliasStart = -1;
    if (acceptWord("as")) {
      aliasStart = tokens.get(i).start();
      alias = label();
    } else if (peek() != null && isBareAlias(peek())) {
      aliasStart = tokens.get(i).start();
      alias = identifier("an alias");
    }
    return new Target(e, alias, aliasStart, start, endPos());
  }

  /** An output column name after AS: any word, keywords included, or a quoted identifier. */
  private String label() {
    Token t = next();
    if (t == null) {
      throw error("expected a column label");
    }
    return switch (t.kind()) {
      case WORD -> t.text().toLowerCase(Locale.ROOT);
      case QUOTED_IDENTIFIER -> t.value();
      case STRING -> throw unsupported("a string as a column label");
      default -> throw error("expected a column label");
    };
  }

  private boolean isBareAlias(Token t) {
    return t.kind() == Kind.QUOTED_IDENTIFIER
        || (t.kind() == Kind.WORD && !RESERVED.contains(t.text().toLowerCase(Locale.ROOT)));
  }

  // ---------------------------------------------------------------------------------------------
  // FROM

  public FromItem fromItem() {
    int start = startPos();
    FromItem left = fromPrimary();
    while (true) {
      boolean natural = acceptWord("natural");
      String type;
      if (acceptWord("cross")) {
        type = "CROSS";
      } else if (acceptWord("inner")) {
        type = "INNER";
      } else if (acceptWord("left")) {
        acceptWord("outer");
        type = "LEFT";
      } else if (acceptWord("right")) {
        acceptWord("outer");
        type = "RIGHT";
      } else if (acceptWord("full")) {
        acceptWord("outer");
        type = "FULL";
      } else if (peekWord("join")) {
        type = "INNER";
      } else {
        if (natural) {
          throw error("expected JOIN after NATURAL");
        }
        return left;
      }
      expectWord("join");
      FromItem right = fromPrimary();
      Expr on = null;
      List<String> using = null;
      if (!natural && !type.equals("CROSS")) {
        if (acceptWord("on")) {
          on = expr();
        } else if (acceptWord("using")) {
          expectPunct('(');
          using = new ArrayList<>();
          do {
            using.add(identifier("a column name"));
          } while (acceptPunct(','));
          expectPunct(')');
        } else {
          throw error("expected ON or USING");
        }
      }
      left = new FromItem.Join(left, type, natural, right, on, using, start, endPos());
    }
  }

  private FromItem fromPrimary() {
    enter();
    try {
      int start = startPos();
      boolean lateral = acceptWord("lateral");
      if (peekPunct('(')) {
        next();
        if (startsQuery()) {
          Query q = query();
          expectPunct(')');
          FromItem.Alias alias = alias(true);
          return new FromItem.Subquery(q, lateral, alias, start, endPos());
        }
        FromItem inner = fromItem();
        expectPunct(')');
        FromItem.Alias alias = alias(true);
        return new FromItem.Parenthesized(inner, alias, start, endPos());
      }
      if (peekWord("rows") && peekPunctAt(1, '(')) {
        throw unsupported("ROWS FROM (...)");
      }
      acceptWord("only");
      Name name = name();
      if (peekPunct('(')) {
        FuncCall call = functionCall(name);
        boolean ordinality = false;
        if (acceptWord("with")) {
          expectWord("ordinality");
          ordinality = true;
        }
        FromItem.Alias alias = alias(true);
        return new FromItem.Function(call, ordinality, lateral, alias, start, endPos());
      }
      if (lateral) {
        throw error("expected a subquery or function after LATERAL");
      }
      acceptOperator("*");
      FromItem.Alias alias = alias(true);
      if (peekWord("tablesample")) {
        throw unsupported("TABLESAMPLE");
      }
      return new FromItem.Table(name, alias, start, endPos());
    } finally {
      depth--;
    }
  }

  private FromItem.Alias alias(boolean columnsAllowed) {
    int start = startPos();
    String name;
    if (acceptWord("as")) {
      name = identifier("an alias");
    } else if (peek() != null && isBareAlias(peek())) {
      name = identifier("an alias");
    } else {
      return null;
    }
    List<String> columns = new ArrayList<>();
    if (columnsAllowed && acceptPunct('(')) {
      do {
        columns.add(identifier("a column alias"));
        if (peek() != null && peek().kind() == Kind.WORD && !peekPunctAt(0, ',')) {
          // A column definition list (f() AS t(a int)): types are not needed here.
          if (!peekPunct(',') && !peekPunct(')')) {
            throw unsupported("a column definition list");
          }
        }
      } while (acceptPunct(','));
      expectPunct(')');
    }
    return new FromItem.Alias(name, columns, start, endPos());
  }

  // ---------------------------------------------------------------------------------------------
  // Expressions

  private List<Expr> exprList() {
    List<Expr> list = new ArrayList<>();
    do {
      list.add(expr());
    } while (acceptPunct(','));
    return list;
  }

  public Expr expr() {
    enter();
    try {
      return or();
    } finally {
      depth--;
    }
  }

  private Expr or() {
    int start = startPos();
    Expr left = and();
    while (peekWord("or")) {
      Token op = next();
      Expr right = and();
      left = new Expr.Binary("OR", left, right, false, op.start(), op.end(), start, endPos());
    }
    return left;
  }

  private Expr and() {
    int start = startPos();
    Expr left = not();
    while (peekWord("and")) {
      Token op = next();
      Expr right = not();
      left = new Expr.Binary("AND", left, right, false, op.start(), op.end(), start, endPos());
    }
    return left;
  }

  private Expr not() {
    if (peekWord("not")) {
      enter();
      try {
        int start = startPos();
        next();
        Expr operand = not();
        return new Expr.Unary("NOT", operand, start, endPos());
      } finally {
        depth--;
      }
    }
    return is();
  }

  private Expr is() {
    int start = startPos();
    Expr left = comparison();
    while (true) {
      if (peekWord("isnull") || peekWord("notnull")) {
        boolean not = next().isKeyword("notnull");
        left = new Expr.IsTest(left, not, "NULL", start, endPos());
        continue;
      }
      if (!peekWord("is")) {
        return left;
      }
      int opStart = tokens.get(i).start();
      next();
      boolean not = acceptWord("not");
      if (acceptWord("distinct")) {
        expectWord("from");
        Expr right = comparison();
        left =
            new Expr.Binary(
                not ? "IS NOT DISTINCT FROM" : "IS DISTINCT FROM",
                left,
                right,
                false,
                opStart,
                right.start(),
                start,
                endPos());
        continue;
      }
      Token what = next();
      if (what == null
          || !(what.isKeyword("null")
              || what.isKeyword("true")
              || what.isKeyword("false")
              || what.isKeyword("unknown"))) {
        throw error("expected NULL, TRUE, FALSE, UNKNOWN or DISTINCT FROM after IS");
      }
      left = new Expr.IsTest(left, not, what.text().toUpperCase(Locale.ROOT), start, endPos());
    }
  }

  private static final Set<String> COMPARISONS = Set.of("=", "<>", "!=", "<", ">", "<=", ">=");

  private Expr comparison() {
    int start = startPos();
    Expr left = predicate();
    while (peek() != null
        && peek().kind() == Kind.OPERATOR
        && COMPARISONS.contains(peek().text())) {
      Token op = next();
      if (peekQuantifier()) {
        left = quantified(left, op.text(), start);
        continue;
      }
      Expr right = predicate();
      left = new Expr.Binary(op.text(), left, right, false, op.start(), op.end(), start, endPos());
    }
    return left;
  }

  private boolean peekQuantifier() {
    return (peekWord("any") || peekWord("all") || peekWord("some")) && peekPunctAt(1, '(');
  }

  private Expr quantified(Expr left, String op, int start) {
    String quantifier = next().text().toUpperCase(Locale.ROOT);
    expectPunct('(');
    Expr array = null;
    Query q = null;
    if (startsQuery()) {
      q = query();
    } else {
      array = expr();
    }
    expectPunct(')');
    return new Expr.Quantified(left, op, quantifier, array, q, start, endPos());
  }

  /** BETWEEN, IN, LIKE, ILIKE, SIMILAR TO (and their NOT forms). */
  private Expr predicate() {
    int start = startPos();
    Expr left = otherOperators();
    while (true) {
      boolean not = false;
      if (peekWord("not")
          && (peekWordAt(1, "between")
              || peekWordAt(1, "in")
              || peekWordAt(1, "like")
              || peekWordAt(1, "ilike")
              || peekWordAt(1, "similar"))) {
        next();
        not = true;
      }
      if (acceptWord("between")) {
        boolean symmetric = acceptWord("symmetric");
        if (!symmetric) {
          acceptWord("asymmetric");
        }
        Expr low = otherOperators();
        expectWord("and");
        Expr high = otherOperators();
        left = new Expr.Between(left, not, symmetric, low, high, start, endPos());
      } else if (acceptWord("in")) {
        expectPunct('(');
        if (startsQuery()) {
          Query q = query();
          expectPunct(')');
          left = new Expr.InQuery(left, not, q, start, endPos());
        } else {
          List<Expr> items = exprList();
          expectPunct(')');
          left = new Expr.InList(left, not, items, start, endPos());
        }
      } else if (peekWord("like") || peekWord("ilike") || peekWord("similar")) {
        String op = next().text().toUpperCase(Locale.ROOT);
        if (op.equals("SIMILAR")) {
          expectWord("to");
          op = "SIMILAR TO";
        }
        Expr pattern = otherOperators();
        Expr escape = acceptWord("escape") ? otherOperators() : null;
        left = new Expr.Like(left, not, op, pattern, escape, start, endPos());
      } else {
        if (not) {
          throw error("unexpected NOT");
        }
        return left;
      }
    }
  }

  /** Any operator that is not arithmetic or comparison: ||, ~, !~, @>, ->>, OPERATOR(...). */
  private Expr otherOperators() {
    int start = startPos();
    Expr left = additive();
    while (true) {
      Token t = peek();
      if (t == null) {
        return left;
      }
      String op;
      boolean explicit = false;
      int opStart = t.start();
      if (t.isKeyword("operator") && peekPunctAt(1, '(')) {
        next();
        next();
        op = operatorName();
        expectPunct(')');
        explicit = true;
        if (COMPARISONS.contains(op) || isArithmetic(op)) {
          // OPERATOR(pg_catalog.=) and friends keep their usual meaning (their precedence differs
          // in Postgres too, as all OPERATOR() forms share this level).
        }
      } else if (t.kind() == Kind.OPERATOR && isOtherOperator(t.text())) {
        next();
        op = t.text();
      } else {
        return left;
      }
      int opEnd = endPos();
      if (peekQuantifier()) {
        left = quantified(left, op, start);
        continue;
      }
      Expr right = additive();
      left = new Expr.Binary(op, left, right, explicit, opStart, opEnd, start, endPos());
    }
  }

  /** The operator inside OPERATOR(...), its schema dropped: {@code pg_catalog.~} is {@code ~}. */
  private String operatorName() {
    Token t = next();
    if (t != null && (t.kind() == Kind.WORD || t.kind() == Kind.QUOTED_IDENTIFIER)) {
      expectPunct('.');
      t = next();
    }
    if (t == null || t.kind() != Kind.OPERATOR && t.kind() != Kind.PUNCTUATION) {
      throw error("expected an operator in OPERATOR()");
    }
    return t.text();
  }

  private static boolean isArithmetic(String op) {
    return op.equals("+")
        || op.equals("-")
        || op.equals("*")
        || op.equals("/")
        || op.equals("%")
        || op.equals("^");
  }

  private static boolean isOtherOperator(String op) {
    return !COMPARISONS.contains(op) && !isArithmetic(op) && !op.equals("::");
  }

  private Expr additive() {
    int start = startPos();
    Expr left = multiplicative();
    while (peekOperator("+") || peekOperator("-")) {
      Token op = next();
      Expr right = multiplicative();
      left = new Expr.Binary(op.text(), left, right, false, op.start(), op.end(), start, endPos());
    }
    return left;
  }

  private Expr multiplicative() {
    int start = startPos();
    Expr left = power();
    while (peekOperator("*") || peekOperator("/") || peekOperator("%")) {
      Token op = next();
      Expr right = power();
      left = new Expr.Binary(op.text(), left, right, false, op.start(), op.end(), start, endPos());
    }
    return left;
  }

  private Expr power() {
    int start = startPos();
    Expr left = atTimeZone();
    while (peekOperator("^")) {
      Token op = next();
      Expr right = atTimeZone();
      left = new Expr.Binary("^", left, right, false, op.start(), op.end(), start, endPos());
    }
    return left;
  }

  private Expr atTimeZone() {
    int start = startPos();
    Expr left = collate();
    while (peekWord("at") && peekWordAt(1, "time")) {
      next();
      next();
      expectWord("zone");
      Expr zone = collate();
      left = new Expr.AtTimeZone(left, zone, start, endPos());
    }
    return left;
  }

  private Expr collate() {
    int start = startPos();
    Expr left = unary();
    while (acceptWord("collate")) {
      Name collation = name();
      left = new Expr.Collate(left, collation, start, endPos());
    }
    return left;
  }

  private Expr unary() {
    Token t = peek();
    if (t != null
        && t.kind() == Kind.OPERATOR
        && (t.text().equals("-")
            || t.text().equals("+")
            || t.text().equals("~")
            || t.text().equals("|/")
            || t.text().equals("@"))) {
      enter();
      try {
        int start = startPos();
        next();
        Expr operand = unary();
        return new Expr.Unary(t.text(), operand, start, endPos());
      } finally {
        depth--;
      }
    }
    return postfix();
  }

  /** A primary followed by subscripts, field selections and :: casts. */
  private Expr postfix() {
    int start = startPos();
    Expr e = primary();
    while (true) {
      if (peekOperator("::")) {
        next();
        TypeName type = typeName();
        e = new Expr.Cast(e, type, CastSyntax.COLONS, start, endPos());
      } else if (peekPunct('[')) {
        next();
        Expr index = null;
        Expr upper = null;
        boolean slice = false;
        if (!peekPunct(':')) {
          index = expr();
        }
        if (acceptPunct(':')) {
          slice = true;
          if (!peekPunct(']')) {
            upper = expr();
          }
        }
        expectPunct(']');
        e = new Expr.Subscript(e, index, upper, slice, start, endPos());
      } else if (peekPunct('.')
          && (e instanceof Expr.Paren || e instanceof Expr.Subscript || e instanceof Expr.Field)) {
        next();
        Token f = next();
        String field;
        if (f != null && f.isOperator("*")) {
          field = "*";
        } else if (f != null && (f.kind() == Kind.WORD || f.kind() == Kind.QUOTED_IDENTIFIER)) {
          field = f.kind() == Kind.WORD ? f.text().toLowerCase(Locale.ROOT) : f.value();
        } else {
          throw error("expected a field name");
        }
        e = new Expr.Field(e, field, start, endPos());
      } else {
        return e;
      }
    }
  }

  private Expr primary() {
    enter();
    try {
      return primaryInner();
    } finally {
      depth--;
    }
  }

  private Expr primaryInner() {
    Token t = peek();
    if (t == null) {
      throw error("expected an expression");
    }
    int start = t.start();
    switch (t.kind()) {
      case NUMBER -> {
        next();
        return new Expr.Literal(Expr.Literal.Kind.NUMBER, t.text(), t.text(), start, t.end());
      }
      case STRING -> {
        next();
        if (Character.toUpperCase(t.text().charAt(0)) == 'B') {
          throw unsupported("bit string constants");
        }
        return new Expr.Literal(Expr.Literal.Kind.STRING, t.text(), t.value(), start, t.end());
      }
      case PARAMETER -> {
        next();
        int n;
        try {
          n = Integer.parseInt(t.text().substring(1));
        } catch (NumberFormatException tooLong) {
          throw error("parameter number out of range");
        }
        return new Expr.Param(n, start, t.end());
      }
      case PUNCTUATION -> {
        if (t.isPunctuation('(')) {
          next();
          if (startsQuery()) {
            Query q = query();
            expectPunct(')');
            return new Expr.Subquery(q, start, endPos());
          }
          Expr first = expr();
          if (acceptPunct(',')) {
            List<Expr> items = new ArrayList<>();
            items.add(first);
            items.addAll(exprList());
            expectPunct(')');
            return new Expr.Row(items, false, start, endPos());
          }
          expectPunct(')');
          return new Expr.Paren(first, start, endPos());
        }
        throw error("unexpected");
      }
      case OPERATOR -> {
        if (t.text().equals("*")) {
          next();
          return new Expr.ColumnRef(null, true, start, t.end());
        }
        throw error("unexpected");
      }
      case QUOTED_IDENTIFIER, WORD -> {
        return wordExpression(t);
      }
      default -> throw error("unexpected");
    }
  }

  private Expr wordExpression(Token t) {
    int start = t.start();
    String word = t.kind() == Kind.WORD ? t.text().toLowerCase(Locale.ROOT) : null;
    if (word != null) {
      switch (word) {
        case "null" -> {
          next();
          return new Expr.Literal(Expr.Literal.Kind.NULL, t.text(), null, start, t.end());
        }
        case "true" -> {
          next();
          return new Expr.Literal(Expr.Literal.Kind.TRUE, t.text(), "t", start, t.end());
        }
        case "false" -> {
          next();
          return new Expr.Literal(Expr.Literal.Kind.FALSE, t.text(), "f", start, t.end());
        }
        case "case" -> {
          return caseExpr();
        }
        case "cast" -> {
          if (peekPunctAt(1, '(')) {
            next();
            next();
            Expr operand = expr();
            expectWord("as");
            TypeName type = typeName();
            expectPunct(')');
            return new Expr.Cast(operand, type, CastSyntax.CAST, start, endPos());
          }
        }
        case "exists" -> {
          if (peekPunctAt(1, '(')) {
            next();
            next();
            Query q = query();
            expectPunct(')');
            return new Expr.Exists(q, start, endPos());
          }
        }
        case "array" -> {
          if (peekPunctAt(1, '[')) {
            next();
            return arrayLiteral(start);
          }
          if (peekPunctAt(1, '(')) {
            next();
            next();
            Query q = query();
            expectPunct(')');
            return new Expr.ArrayQuery(q, start, endPos());
          }
        }
        case "row" -> {
          if (peekPunctAt(1, '(')) {
            next();
            next();
            List<Expr> items = peekPunct(')') ? List.of() : exprList();
            expectPunct(')');
            return new Expr.Row(items, true, start, endPos());
          }
        }
        case "interval" -> {
          if (peekAt(1) != null && peekAt(1).kind() == Kind.STRING) {
            next();
            Token lit = next();
            Expr.Literal value =
                new Expr.Literal(
                    Expr.Literal.Kind.STRING, lit.text(), lit.value(), lit.start(), lit.end());
            if (peek() != null && peek().kind() == Kind.WORD && isIntervalField(peek().text())) {
              throw unsupported("interval fields (interval '1' day)");
            }
            TypeName type = new TypeName(null, "interval", List.of(), 0, start, t.end());
            return new Expr.Cast(value, type, CastSyntax.TYPE_LITERAL, start, endPos());
          }
        }
        default -> {
          boolean clock =
              word.equals("current_time")
                  || word.equals("current_timestamp")
                  || word.equals("localtime")
                  || word.equals("localtimestamp");
          if (SQL_VALUES.contains(word)
              && (clock || !peekPunctAt(1, '('))
              && !peekPunctAt(1, '.')) {
            next();
            if ((word.equals("current_time")
                    || word.equals("current_timestamp")
                    || word.equals("localtime")
                    || word.equals("localtimestamp"))
                && peekPunct('(')) {
              next();
              expr();
              expectPunct(')');
            }
            return new Expr.SqlValue(word.toUpperCase(Locale.ROOT), start, endPos());
          }
        }
      }
    }
    // A type name followed by a string is a typed constant: date '2020-01-01', int4 '1'.
    if (word != null
        && peekAt(1) != null
        && peekAt(1).kind() == Kind.STRING
        && TypeNames.isTypeWord(word)) {
      int save = i;
      TypeName type = typeName();
      if (peek() != null && peek().kind() == Kind.STRING) {
        Token lit = next();
        Expr.Literal value =
            new Expr.Literal(
                Expr.Literal.Kind.STRING, lit.text(), lit.value(), lit.start(), lit.end());
        return new Expr.Cast(value, type, CastSyntax.TYPE_LITERAL, start, endPos());
      }
      i = save;
    }
    if (word != null && RESERVED.contains(word) && !word.equals("left") && !word.equals("right")) {
      throw error("unexpected");
    }
    Name name = name();
    if (peekPunct('(')) {
      return functionCall(name);
    }
    if (peekPunct('.') && peekOperatorAt(1, "*")) {
      next();
      next();
      return new Expr.ColumnRef(name, true, start, endPos());
    }
    return new Expr.ColumnRef(name, false, start, endPos());
  }

  private static boolean isIntervalField(String w) {
    return switch (w.toLowerCase(Locale.ROOT)) {
      case "year", "month", "day", "hour", "minute", "second" -> true;
      default -> false;
    };
  }

  private Expr arrayLiteral(int start) {
    expectPunct('[');
    List<Expr> items = new ArrayList<>();
    if (!peekPunct(']')) {
      do {
        if (peekPunct('[')) {
          throw unsupported("multidimensional ARRAY[...] constructors");
        }
        items.add(expr());
      } while (acceptPunct(','));
    }
    expectPunct(']');
    return new Expr.ArrayLiteral(items, start, endPos());
  }

  private Expr caseExpr() {
    int start = startPos();
    expectWord("case");
    Expr operand = peekWord("when") ? null : expr();
    List<Expr.When> whens = new ArrayList<>();
    while (peekWord("when")) {
      int ws = startPos();
      next();
      Expr cond = expr();
      expectWord("then");
      Expr result = expr();
      whens.add(new Expr.When(cond, result, ws, endPos()));
    }
    if (whens.isEmpty()) {
      throw error("expected WHEN");
    }
    Expr otherwise = acceptWord("else") ? expr() : null;
    expectWord("end");
    return new Expr.Case(operand, whens, otherwise, start, endPos());
  }

  private FuncCall functionCall(Name name) {
    int start = name.start();
    expectPunct('(');
    String fn = name.last();
    boolean plain = name.size() == 1 || "pg_catalog".equals(name.qualifier());
    if (plain) {
      switch (fn) {
        case "substring" -> {
          return special(name, CallSyntax.SUBSTRING_FROM, start);
        }
        case "trim" -> {
          return trim(name, start);
        }
        case "position" -> {
          return position(name, start);
        }
        case "extract" -> {
          return extract(name, start);
        }
        case "overlay" -> throw unsupported("overlay()");
        default -> {}
      }
    }
    boolean distinct = false;
    boolean star = false;
    List<Expr> args = new ArrayList<>();
    List<SortItem> orderBy = new ArrayList<>();
    if (peekOperator("*")) {
      next();
      star = true;
    } else if (!peekPunct(')')) {
      if (acceptWord("distinct")) {
        distinct = true;
      } else {
        acceptWord("all");
      }
      do {
        if (acceptWord("variadic")) {
          throw unsupported("VARIADIC arguments");
        }
        if (peekAt(1) != null && peekAt(1).isOperator("=>")) {
          throw unsupported("named function arguments");
        }
        args.add(expr());
      } while (acceptPunct(','));
      if (acceptWord("order")) {
        expectWord("by");
        orderBy = sortList();
      }
    }
    expectPunct(')');
    List<SortItem> within = new ArrayList<>();
    if (acceptWord("within")) {
      expectWord("group");
      expectPunct('(');
      expectWord("order");
      expectWord("by");
      within = sortList();
      expectPunct(')');
    }
    Expr filter = null;
    if (peekWord("filter") && peekPunctAt(1, '(')) {
      next();
      next();
      expectWord("where");
      filter = expr();
      expectPunct(')');
    }
    Expr.Window over = null;
    if (acceptWord("over")) {
      over = window();
    }
    return new FuncCall(
        name,
        CallSyntax.NORMAL,
        args,
        distinct,
        star,
        null,
        orderBy,
        within,
        filter,
        over,
        start,
        endPos());
  }

  private FuncCall special(Name name, CallSyntax syntax, int start) {
    Expr value = expr();
    Expr from = null;
    Expr forLength = null;
    if (acceptPunct(',')) {
      // substring(x, a [, b]): the ordinary form.
      from = expr();
      if (acceptPunct(',')) {
        forLength = expr();
      }
      expectPunct(')');
      List<Expr> args = new ArrayList<>();
      args.add(value);
      args.add(from);
      if (forLength != null) {
        args.add(forLength);
      }
      return new FuncCall(
          name,
          CallSyntax.NORMAL,
          args,
          false,
          false,
          null,
          null,
          null,
          null,
          null,
          start,
          endPos());
    }
    if (acceptWord("from")) {
      from = expr();
    }
    if (acceptWord("for")) {
      forLength = expr();
    }
    if (peekWord("similar")) {
      throw unsupported("substring(... SIMILAR ...)");
    }
    expectPunct(')');
    List<Expr> args = new ArrayList<>();
    args.add(value);
    args.add(from);
    args.add(forLength);
    return new FuncCall(
        name, syntax, args, false, false, null, null, null, null, null, start, endPos());
  }

  private FuncCall trim(Name name, int start) {
    String side = "BOTH";
    if (acceptWord("both")) {
      side = "BOTH";
    } else if (acceptWord("leading")) {
      side = "LEADING";
    } else if (acceptWord("trailing")) {
      side = "TRAILING";
    }
    Expr chars = null;
    Expr value;
    if (acceptWord("from")) {
      value = expr();
    } else {
      Expr first = expr();
      if (acceptWord("from")) {
        chars = first;
        value = expr();
      } else if (acceptPunct(',')) {
        value = first;
        chars = expr();
      } else {
        value = first;
      }
    }
    expectPunct(')');
    List<Expr> args = new ArrayList<>();
    args.add(value);
    args.add(chars);
    return new FuncCall(
        name, CallSyntax.TRIM, args, false, false, side, null, null, null, null, start, endPos());
  }

  private FuncCall position(Name name, int start) {
    Expr needle = otherOperators();
    expectWord("in");
    Expr haystack = otherOperators();
    expectPunct(')');
    return new FuncCall(
        name,
        CallSyntax.POSITION,
        List.of(needle, haystack),
        false,
        false,
        null,
        null,
        null,
        null,
        null,
        start,
        endPos());
  }

  private FuncCall extract(Name name, int start) {
    Token field = next();
    if (field == null || (field.kind() != Kind.WORD && field.kind() != Kind.STRING)) {
      throw error("expected a field name in extract()");
    }
    String f = field.kind() == Kind.WORD ? field.text().toLowerCase(Locale.ROOT) : field.value();
    Expr.Literal fieldLiteral =
        new Expr.Literal(Expr.Literal.Kind.STRING, field.text(), f, field.start(), field.end());
    expectWord("from");
    Expr value = expr();
    expectPunct(')');
    return new FuncCall(
        name,
        CallSyntax.EXTRACT,
        List.of(fieldLiteral, value),
        false,
        false,
        null,
        null,
        null,
        null,
        null,
        start,
        endPos());
  }

  private Expr.Window window() {
    int start = startPos();
    if (!peekPunct('(')) {
      throw unsupported("a named window");
    }
    next();
    List<Expr> partition = new ArrayList<>();
    List<SortItem> order = new ArrayList<>();
    if (acceptWord("partition")) {
      expectWord("by");
      partition = exprList();
    }
    if (acceptWord("order")) {
      expectWord("by");
      order = sortList();
    }
    // A frame clause (ROWS/RANGE/GROUPS ...) reads the same in SQLite: skip it as written.
    int parens = 0;
    while (!atEnd() && !(parens == 0 && peekPunct(')'))) {
      Token t = next();
      if (t.isPunctuation('(')) {
        parens++;
      } else if (t.isPunctuation(')')) {
        parens--;
      }
    }
    expectPunct(')');
    return new Expr.Window(partition, order, start, endPos());
  }

  private List<SortItem> sortList() {
    List<SortItem> items = new ArrayList<>();
    do {
      int start = startPos();
      Expr e = expr();
      String using = null;
      if (acceptWord("asc") || acceptWord("desc")) {
        // as written
      } else if (acceptWord("using")) {
        Token op = next();
        if (op == null || op.kind() != Kind.OPERATOR) {
          throw error("expected an operator after USING");
        }
        using = op.text();
      }
      if (acceptWord("nulls")) {
        if (!acceptWord("first")) {
          expectWord("last");
        }
      }
      items.add(new SortItem(e, using, start, endPos()));
    } while (acceptPunct(','));
    return items;
  }

  /** ORDER BY, LIMIT, OFFSET, FETCH FIRST after a query; null when none follows. */
  private Tail tail() {
    int start = startPos();
    List<SortItem> orderBy = new ArrayList<>();
    if (acceptWord("order")) {
      expectWord("by");
      orderBy = sortList();
    }
    Expr limit = null;
    Expr offset = null;
    boolean limitAll = false;
    int limitStart = -1;
    int fetchStart = -1;
    for (int round = 0; round < 3; round++) {
      if (peekWord("limit")) {
        limitStart = limitStart < 0 ? startPos() : limitStart;
        next();
        if (acceptWord("all")) {
          limitAll = true;
        } else {
          limit = expr();
        }
      } else if (peekWord("offset")) {
        limitStart = limitStart < 0 ? startPos() : limitStart;
        next();
        offset = expr();
        if (!acceptWord("rows")) {
          acceptWord("row");
        }
      } else if (peekWord("fetch")) {
        limitStart = limitStart < 0 ? startPos() : limitStart;
        fetchStart = startPos();
        next();
        if (!acceptWord("first")) {
          expectWord("next");
        }
        if (peekWord("row") || peekWord("rows")) {
          limit = new Expr.Literal(Expr.Literal.Kind.NUMBER, "1", "1", startPos(), startPos());
        } else {
          limit = primary();
        }
        if (!acceptWord("rows")) {
          expectWord("row");
        }
        if (acceptWord("with")) {
          throw unsupported("FETCH ... WITH TIES");
        }
        expectWord("only");
      } else {
        break;
      }
    }
    if (orderBy.isEmpty() && limit == null && offset == null && !limitAll) {
      return null;
    }
    return new Tail(orderBy, limit, limitAll, offset, limitStart, fetchStart, start, endPos());
  }

  // ---------------------------------------------------------------------------------------------
  // Names and types

  /** A possibly qualified name: parts separated by dots, stopping before {@code .*}. */
  public Name name() {
    int start = startPos();
    List<String> parts = new ArrayList<>();
    List<Boolean> quoted = new ArrayList<>();
    do {
      Token t = next();
      if (t == null || (t.kind() != Kind.WORD && t.kind() != Kind.QUOTED_IDENTIFIER)) {
        throw error("expected a name");
      }
      parts.add(t.kind() == Kind.WORD ? t.text().toLowerCase(Locale.ROOT) : t.value());
      quoted.add(t.kind() == Kind.QUOTED_IDENTIFIER);
    } while (peekPunct('.')
        && peekAt(1) != null
        && (peekAt(1).kind() == Kind.WORD || peekAt(1).kind() == Kind.QUOTED_IDENTIFIER)
        && next() != null);
    return new Name(parts, quoted, start, endPos());
  }

  public TypeName typeName() {
    int start = startPos();
    return TypeNames.read(this, start);
  }

  private String identifier(String what) {
    Token t = next();
    if (t == null) {
      throw error("expected " + what);
    }
    if (t.kind() == Kind.QUOTED_IDENTIFIER) {
      return t.value();
    }
    if (t.kind() == Kind.WORD) {
      return t.text().toLowerCase(Locale.ROOT);
    }
    throw errorAt(t, "expected " + what);
  }

  // ---------------------------------------------------------------------------------------------
  // Token cursor

  public boolean startsQuery() {
    return peekWord("select")
        || peekWord("values")
        || peekWord("with")
        || (peekPunct('(')
            && (peekWordAt(1, "select") || peekWordAt(1, "values") || peekWordAt(1, "with")));
  }

  public Token peek() {
    return i < tokens.size() ? tokens.get(i) : null;
  }

  public Token peekAt(int ahead) {
    return i + ahead < tokens.size() ? tokens.get(i + ahead) : null;
  }

  public Token next() {
    return i < tokens.size() ? tokens.get(i++) : null;
  }

  public boolean atEnd() {
    return i >= tokens.size();
  }

  public int startPos() {
    return i < tokens.size() ? tokens.get(i).start() : sql.length();
  }

  /** The end of the last token consumed. */
  public int endPos() {
    return i == 0 ? 0 : tokens.get(i - 1).end();
  }

  public boolean peekWord(String w) {
    Token t = peek();
    return t != null && t.isKeyword(w);
  }

  public boolean peekWordAt(int ahead, String w) {
    Token t = peekAt(ahead);
    return t != null && t.isKeyword(w);
  }

  public boolean acceptWord(String w) {
    if (peekWord(w)) {
      i++;
      return true;
    }
    return false;
  }

  public void expectWord(String w) {
    if (!acceptWord(w)) {
      throw error("expected " + w.toUpperCase(Locale.ROOT));
    }
  }

  public boolean peekPunct(char c) {
    Token t = peek();
    return t != null && t.isPunctuation(c);
  }

  public boolean peekPunctAt(int ahead, char c) {
    Token t = peekAt(ahead);
    return t != null && t.isPunctuation(c);
  }

  public boolean acceptPunct(char c) {
    if (peekPunct(c)) {
      i++;
      return true;
    }
    return false;
  }

  public void expectPunct(char c) {
    if (!acceptPunct(c)) {
      throw error("expected \"" + c + "\"");
    }
  }

  /** Skips a balanced parenthesized group starting at the current token. */
  public void skipParenthesized() {
    expectPunct('(');
    int depth = 1;
    while (depth > 0) {
      Token t = next();
      if (t == null) {
        throw error("expected \")\"");
      }
      if (t.isPunctuation('(')) {
        depth++;
      } else if (t.isPunctuation(')')) {
        depth--;
      }
    }
  }

  private boolean peekOperator(String op) {
    Token t = peek();
    return t != null && t.kind() == Kind.OPERATOR && t.text().equals(op);
  }

  private boolean peekOperatorAt(int ahead, String op) {
    Token t = peekAt(ahead);
    return t != null && t.kind() == Kind.OPERATOR && t.text().equals(op);
  }

  private boolean acceptOperator(String op) {
    if (peekOperator(op)) {
      i++;
      return true;
    }
    return false;
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      depth = 0;
      throw new SqlException(
          SqlException.Reason.FEATURE_NOT_SUPPORTED, "statement nesting is too deep to translate");
    }
  }

  /** The index of the next token (for {@link #reset}). */
  public int mark() {
    return i;
  }

  /** Goes back to a position {@link #mark} returned. */
  public void reset(int mark) {
    i = mark;
  }

  public SqlException error(String message) {
    Token t = peek();
    return t == null ? SqlException.syntax(message + " at end of input") : errorAt(t, message);
  }

  private SqlException errorAt(Token t, String message) {
    String near = t.text().length() > 32 ? t.text().substring(0, 32) : t.text();
    return SqlException.syntax(message + " at or near \"" + near + "\"");
  }

  private static SqlException unsupported(String construct) {
    return SqlException.unsupported(construct);
  }
}
