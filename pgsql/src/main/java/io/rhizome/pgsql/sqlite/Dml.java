/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql.sqlite;

import io.rhizome.pgsql.SessionContext;
import io.rhizome.pgsql.SqlException;
import io.rhizome.pgsql.Strings;
import io.rhizome.pgsql.Token;
import io.rhizome.pgsql.tree.Expr;
import io.rhizome.pgsql.tree.FromItem;
import io.rhizome.pgsql.tree.Name;
import io.rhizome.pgsql.tree.Parser;
import io.rhizome.pgsql.tree.Query;
import java.util.Optional;

/**
 * INSERT, UPDATE and DELETE in Postgres' dialect written as SQLite. SQLite has the same statements
 * (with RETURNING, ON CONFLICT ... DO UPDATE/NOTHING, UPDATE ... FROM), so what changes is inside
 * them: their expressions and queries go through the query {@link Writer} (casts, {@code now()},
 * {@code ILIKE}, ...), and {@code public.t} loses its schema where SQLite takes none. The rest of
 * the text is copied as written.
 */
final class Dml {
  private final String src;
  private final Parser p;
  private final Writer writer;
  private final Edits edits;

  private Dml(String src, SessionContext ctx) {
    this.src = src;
    this.p = Parser.over(src);
    this.writer = new Writer(src, ctx, false);
    this.edits = new Edits(src);
  }

  /** The translation of an INSERT, UPDATE or DELETE; empty when it runs as written. */
  static Optional<String> translate(String sql, SessionContext ctx) {
    Dml d = new Dml(sql, ctx);
    d.statement();
    String out = d.edits.apply();
    return out.equals(sql) ? Optional.empty() : Optional.of(out);
  }

  private void statement() {
    if (p.peekWord("with")) {
      // Left to the qualifier mapping (a WITH ... INSERT in SQLite's dialect runs as written).
      throw p.error("WITH before INSERT, UPDATE or DELETE is not translated");
    }
    if (p.acceptWord("insert")) {
      insert();
    } else if (p.acceptWord("update")) {
      update();
    } else if (p.acceptWord("delete")) {
      delete();
    } else {
      throw p.error("expected INSERT, UPDATE or DELETE");
    }
    if (p.acceptWord("returning")) {
      do {
        Query.Target t = p.target();
        String written = writer.target(t, false);
        replace(t.start(), t.end(), written);
      } while (p.acceptPunct(','));
    }
    p.acceptPunct(';');
    if (!p.atEnd()) {
      throw p.error("unexpected");
    }
  }

  private void insert() {
    if (p.acceptWord("or")) {
      p.next(); // SQLite's INSERT OR REPLACE / IGNORE / ...
    }
    p.expectWord("into");
    table();
    if (p.acceptWord("as")) {
      p.next();
    }
    if (p.peekPunct('(') && !p.startsQuery()) {
      skipParenthesized();
    }
    if (p.peekWord("overriding")) {
      throw SqlException.unsupported("INSERT ... OVERRIDING");
    }
    if (p.acceptWord("default")) {
      p.expectWord("values");
    } else {
      Query q = p.query();
      replace(q.start(), q.end(), writer.query(q, false));
    }
    if (p.acceptWord("on")) {
      p.expectWord("conflict");
      if (p.peekWord("on") && p.peekWordAt(1, "constraint")) {
        throw SqlException.unsupported("ON CONFLICT ON CONSTRAINT");
      }
      if (p.peekPunct('(')) {
        skipParenthesized();
        if (p.acceptWord("where")) {
          expr();
        }
      }
      p.expectWord("do");
      if (!p.acceptWord("nothing")) {
        p.expectWord("update");
        p.expectWord("set");
        assignments();
        if (p.acceptWord("where")) {
          expr();
        }
      }
    }
  }

  private void update() {
    if (p.acceptWord("or")) {
      p.next();
    }
    only();
    table();
    alias();
    p.expectWord("set");
    assignments();
    if (p.acceptWord("from")) {
      do {
        FromItem f = p.fromItem();
        replace(f.start(), f.end(), writer.fromItem(f));
      } while (p.acceptPunct(','));
    }
    where();
  }

  private void delete() {
    p.expectWord("from");
    only();
    table();
    alias();
    if (p.peekWord("using")) {
      throw SqlException.unsupported("DELETE ... USING");
    }
    where();
  }

  private void where() {
    if (p.acceptWord("where")) {
      if (p.peekWord("current") && p.peekWordAt(1, "of")) {
        throw SqlException.unsupported("WHERE CURRENT OF");
      }
      expr();
    }
    if (p.peekWord("order") || p.peekWord("limit")) {
      // SQLite's UPDATE/DELETE ... ORDER BY ... LIMIT: left as written.
      while (!p.atEnd() && !p.peekWord("returning") && !p.peekPunct(';')) {
        p.next();
      }
    }
  }

  private void assignments() {
    do {
      if (p.peekPunct('(')) {
        skipParenthesized();
      } else {
        p.name();
      }
      if (!p.acceptPunct('=') && !(p.peek() != null && p.peek().isOperator("="))) {
        throw p.error("expected \"=\"");
      }
      if (p.peek() != null && p.peek().isOperator("=")) {
        p.next();
      }
      if (p.peekWord("default")) {
        p.next();
      } else {
        expr();
      }
    } while (p.acceptPunct(','));
  }

  private void expr() {
    Expr e = p.expr();
    replace(e.start(), e.end(), writer.expr(e));
  }

  private void only() {
    int start = p.startPos();
    if (p.acceptWord("only")) {
      edits.remove(start, p.endPos());
    }
  }

  /** The target table: {@code public.t} is the tenant's {@code t}. */
  private void table() {
    Name n = p.name();
    if (n.size() > 1) {
      if (n.size() > 2 || !n.qualifier().equals("public")) {
        if (n.qualifier().equals("main") || n.qualifier().equals("temp")) {
          return;
        }
        throw SqlException.unsupported("tables in schema " + n.qualifier());
      }
      String own = n.quoted().get(1) ? Strings.identifier(n.last()) : n.last();
      edits.replace(n.start(), n.end(), "main." + own);
    }
    if (p.peek() != null && p.peek().isOperator("*")) {
      int start = p.startPos();
      p.next();
      edits.remove(start, p.endPos());
    }
  }

  private void alias() {
    if (p.acceptWord("as")) {
      p.next();
    } else if (p.peek() != null
        && (p.peek().kind() == Token.Kind.QUOTED_IDENTIFIER
            || (p.peek().kind() == Token.Kind.WORD
                && !p.peekWord("set")
                && !p.peekWord("where")
                && !p.peekWord("using")
                && !p.peekWord("returning")
                && !p.peekWord("indexed")
                && !p.peekWord("not")))) {
      p.next();
    }
  }

  private void replace(int start, int end, String written) {
    if (!written.equals(src.substring(start, end))) {
      edits.replace(start, end, written);
    }
  }

  private void skipParenthesized() {
    p.expectPunct('(');
    int depth = 1;
    while (depth > 0) {
      Token t = p.next();
      if (t == null) {
        throw p.error("expected \")\"");
      }
      if (t.isPunctuation('(')) {
        depth++;
      } else if (t.isPunctuation(')')) {
        depth--;
      }
    }
  }
}
