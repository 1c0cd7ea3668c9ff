/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.admin;

import io.rhizome.gateway.NodeChannels;
import io.rhizome.gateway.pg.session.BackendListener;
import io.rhizome.gateway.pg.session.ResolvedDatabase;
import io.rhizome.gateway.pg.session.StatementBackend;
import io.rhizome.proto.ScramVerifier;
import io.rhizome.topology.Topology;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The reserved admin database. Only the user "admin" signs in, against the cluster's admin
 * verifier; any other user gets the same 28P01 as a wrong password.
 */
public final class AdminDatabase implements ResolvedDatabase {
  /** The one user of the admin console. */
  public static final String ADMIN_USER = "admin";

  private final Optional<ScramVerifier> verifier;
  private final AdminCommands commands;
  private final Executor blocking;

  /**
   * @param adminVerifier the admin user's verifier (read from the topology by the caller, off the
   *     event loop), or empty when there is none or the session's user is not "admin"
   */
  public AdminDatabase(
      Optional<ScramVerifier> adminVerifier,
      Topology topology,
      NodeChannels channels,
      String adminDatabase,
      Executor blocking) {
    this.verifier = adminVerifier;
    this.commands = new AdminCommands(topology, channels, adminDatabase);
    this.blocking = blocking;
  }

  @Override
  public Optional<ScramVerifier> verifier() {
    return verifier;
  }

  @Override
  public CompletableFuture<StatementBackend> connect(BackendListener listener, Executor loop) {
    return CompletableFuture.supplyAsync(
        () -> new AdminConsole(commands, listener, loop, blocking), loop);
  }
}
