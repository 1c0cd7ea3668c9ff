/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.admin;

import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.gateway.pg.session.Results;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.TenantRecord;
import io.rhizome.proto.UserRecord;
import io.rhizome.topology.Topology;
import io.rhizome.topology.TopologyException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code CREATE USER} and {@code ALTER USER ... PASSWORD}: a tenant's users live in its record, so
 * each change is one compare-and-set of that record. Sessions already open keep running, as in
 * Postgres; the new credentials count from the next login.
 */
final class TenantUsers {
  private static final Logger log = LoggerFactory.getLogger(TenantUsers.class);

  private final Topology topology;

  TenantUsers(Topology topology) {
    this.topology = topology;
  }

  List<SessionResponse> setPassword(AdminCommand.SetUserPassword command) {
    // Derived once, outside the update: the verifier's key stretching is deliberately slow, and
    // the update may run again after losing a race.
    UserRecord user = AdminCommands.credentials(command.user(), command.password(), topology);
    try {
      topology.updateTenant(command.tenant(), record -> withUser(record, user, command));
    } catch (TopologyException e) {
      throw AdminCommands.metadataError(e, command.tenant());
    }
    log.info(
        "admin console: {} user {} of tenant {}",
        command.create() ? "created" : "set the password of",
        command.user(),
        command.tenant());
    return List.of(Results.commandComplete(command.create() ? "CREATE ROLE" : "ALTER ROLE"));
  }

  private static TenantRecord withUser(
      TenantRecord record, UserRecord user, AdminCommand.SetUserPassword command) {
    int index = -1;
    for (int i = 0; i < record.getUsersCount(); i++) {
      if (record.getUsers(i).getName().equals(user.getName())) {
        index = i;
      }
    }
    if (command.create() && index >= 0) {
      throw PgException.error(
          SqlState.DUPLICATE_OBJECT,
          "user \"" + user.getName() + "\" already exists in tenant \"" + record.getName() + "\"");
    }
    if (!command.create() && index < 0) {
      throw PgException.error(
          SqlState.UNDEFINED_OBJECT,
          "user \"" + user.getName() + "\" does not exist in tenant \"" + record.getName() + "\"");
    }
    TenantRecord.Builder changed = record.toBuilder();
    if (index >= 0) {
      changed.setUsers(index, user);
    } else {
      changed.addUsers(user);
    }
    return changed.build();
  }
}
