/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import io.rhizome.proto.UserRecord;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One tenant of a bulk import ({@link Topology#importTenants}): its name and its users with their
 * stored secrets (SCRAM verifier and/or md5 secret), placed on the shard its name hashes to.
 */
public record TenantImport(String name, List<UserRecord> users) {
  public TenantImport {
    TenantNames.require(name);
    users = List.copyOf(users);
    if (users.isEmpty()) {
      throw new IllegalArgumentException("tenant " + name + " needs at least one user");
    }
    Set<String> seen = new HashSet<>();
    for (UserRecord u : users) {
      Objects.requireNonNull(u, "user");
      if (!seen.add(u.getName())) {
        throw new IllegalArgumentException(
            "user " + u.getName() + " of tenant " + name + " is given twice");
      }
    }
  }

  /** What an import did with one tenant. */
  public enum Outcome {
    /** The tenant did not exist: created with every user given. */
    CREATED,
    /** The tenant existed: the users it lacked were added (the others left as they were). */
    USERS_ADDED,
    /** The tenant existed with every user given: nothing written. */
    UNCHANGED
  }

  /** The outcome for one tenant, with the users written (all of them for CREATED). */
  public record Result(String name, Outcome outcome, List<String> usersWritten) {
    public Result {
      usersWritten = List.copyOf(usersWritten);
    }
  }
}
