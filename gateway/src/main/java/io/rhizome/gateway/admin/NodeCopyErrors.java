/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.admin;

import io.grpc.Status;
import io.rhizome.gateway.pg.codec.PgError;
import io.rhizome.proto.SqlState;

/** The Postgres error for a node's failed BackupTenant or RestoreTenant call. */
final class NodeCopyErrors {
  private NodeCopyErrors() {}

  static PgError of(Throwable t, String tenant) {
    Status status = Status.fromThrowable(t);
    String why = status.getDescription() == null ? "" : ": " + status.getDescription();
    return switch (status.getCode()) {
      case NOT_FOUND ->
          PgError.error(SqlState.UNDEFINED_OBJECT, "tenant \"" + tenant + "\" has no database yet");
      case INVALID_ARGUMENT ->
          PgError.error(SqlState.BAD_COPY_FILE_FORMAT, "not a valid database backup" + why);
      case RESOURCE_EXHAUSTED -> PgError.error(SqlState.DISK_FULL, "restore refused" + why);
      case FAILED_PRECONDITION ->
          PgError.error(SqlState.OBJECT_IN_USE, "database \"" + tenant + "\" is busy" + why)
              .withHint("Close its sessions, or restore with FORCE to end them.");
      case CANCELLED -> PgError.error(SqlState.QUERY_CANCELED, "canceled" + why);
      default ->
          PgError.error(
              SqlState.CONNECTION_FAILURE, "the tenant's node failed: " + status.getCode() + why);
    };
  }
}
