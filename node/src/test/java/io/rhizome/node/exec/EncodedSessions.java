/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.exec;

import io.rhizome.node.store.TenantLockdown;
import io.rhizome.node.store.TenantQuotas;
import io.rhizome.node.store.TenantStore;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import org.sqlite.SQLiteConnection;

/** Sessions that send their rows encoded, as a cluster gateway asks (Open.encoded_rows). */
final class EncodedSessions {
  private EncodedSessions() {}

  /** A session on tenant "acme" of shard 1 of {@code store}, closing its connection at the end. */
  static TenantSession acme(TenantStore store, Path data, TenantLockdown lockdown)
      throws IOException, SQLException {
    SQLiteConnection connection = store.open(1, "acme");
    return new TenantSession(
        connection,
        connection::close,
        new SqliteErrors(data.toString()),
        () -> {},
        lockdown,
        TenantQuotas.DEFAULT,
        true);
  }
}
