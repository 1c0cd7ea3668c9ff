/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.admin;

import io.rhizome.gateway.NodeChannels;
import io.rhizome.gateway.pg.session.BackendListener;
import io.rhizome.gateway.pg.session.ResolvedDatabase;
import io.rhizome.gateway.pg.session.StatementBackend;
import io.rhizome.proto.ScramVerifier;
import io.rhizome.proto.UserRecord;
import io.rhizome.topology.Topology;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The reserved admin database. Only the user "admin" signs in, with the cluster's auth method
 * against the admin's stored secrets; any other user gets the same 28P01 as a wrong password.
 */
public final class AdminDatabase implements ResolvedDatabase {
  /** The one user of the admin console. */
  public static final String ADMIN_USER = "admin";

  private final Optional<UserRecord> admin;
  private final AdminCommands commands;
  private final Executor blocking;

  /**
   * @param admin the admin user's record (read from the topology by the caller, off the event
   *     loop), or empty when there is none or the session's user is not "admin"
   */
  public AdminDatabase(
      Optional<UserRecord> admin,
      Topology topology,
      NodeChannels channels,
      String adminDatabase,
      Executor blocking) {
    this.admin = admin;
    this.commands = new AdminCommands(topology, channels, adminDatabase);
    this.blocking = blocking;
  }

  @Override
  public Optional<ScramVerifier> verifier() {
    return admin.filter(UserRecord::hasScram).map(UserRecord::getScram);
  }

  @Override
  public Optional<String> md5Secret() {
    return admin.map(UserRecord::getMd5).filter(s -> !s.isEmpty());
  }

  @Override
  public CompletableFuture<StatementBackend> connect(
      BackendListener listener, ScheduledExecutorService loop) {
    return CompletableFuture.supplyAsync(
        () -> new AdminConsole(commands, listener, loop, blocking), loop);
  }
}
