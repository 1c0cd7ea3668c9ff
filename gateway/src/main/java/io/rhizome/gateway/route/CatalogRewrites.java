/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.route;

import io.rhizome.gateway.pg.catalog.CatalogQueries;
import io.rhizome.gateway.pg.session.CancelKey;
import io.rhizome.gateway.pg.session.RawCopy;
import io.rhizome.gateway.pg.session.StatementBackend;
import io.rhizome.gateway.pg.sql.SqlToken;
import io.rhizome.proto.Extended;
import io.rhizome.proto.ExtendedStep;
import java.util.List;
import java.util.Optional;

/**
 * A tenant's backend that answers the clients' own catalog queries from the tenant's schema: each
 * statement, simple or parsed, that {@link CatalogQueries} knows is replaced by its SQLite rewrite
 * before it goes to the node.
 */
final class CatalogRewrites implements StatementBackend {
  private final StatementBackend node;
  private final String user;
  private final String database;

  CatalogRewrites(StatementBackend node, String user, String database) {
    this.node = node;
    this.user = user;
    this.database = database;
  }

  @Override
  public void execute(List<String> statements) {
    node.execute(statements.stream().map(this::rewrite).toList());
  }

  @Override
  public void execute(Extended request) {
    // Copy the request only when a statement changes: COPY sends large runs of Binds through here.
    Extended.Builder rewritten = null;
    for (int i = 0; i < request.getStepsCount(); i++) {
      ExtendedStep step = request.getSteps(i);
      if (step.hasParse()) {
        String sql = step.getParse().getSql();
        String replacement = rewrite(sql);
        if (!replacement.equals(sql)) {
          rewritten = rewritten == null ? request.toBuilder() : rewritten;
          rewritten.setSteps(
              i, step.toBuilder().setParse(step.getParse().toBuilder().setSql(replacement)));
        }
      }
    }
    node.execute(rewritten == null ? request : rewritten.build());
  }

  private String rewrite(String sql) {
    return CatalogQueries.rewrite(sql, user, database).orElse(sql);
  }

  @Override
  public void request() {
    node.request();
  }

  @Override
  public Optional<CancelKey> cancelKey() {
    return node.cancelKey();
  }

  @Override
  public boolean claims(List<SqlToken> tokens) {
    return node.claims(tokens);
  }

  @Override
  public boolean supportsCopy() {
    return node.supportsCopy();
  }

  @Override
  public Optional<RawCopy> rawCopy(String statement) {
    return node.rawCopy(statement);
  }

  @Override
  public void close() {
    node.close();
  }
}
