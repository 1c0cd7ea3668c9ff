/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.admin;

import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.gateway.pg.session.BackendListener;
import io.rhizome.gateway.pg.session.RawCopy;
import io.rhizome.gateway.pg.session.StatementBackend;
import io.rhizome.pgsql.Token;
import io.rhizome.proto.Extended;
import io.rhizome.proto.Ready;
import io.rhizome.proto.SessionResponse;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.TxStatus;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The admin console as a session backend: statements run on the blocking executor (they touch the
 * metadata store), and their responses are handed to the session one per request, on its event
 * loop, exactly as a node's would be.
 */
final class AdminConsole implements StatementBackend {
  private final AdminCommands commands;
  private final BackendListener listener;
  private final Executor loop;
  private final Executor blocking;
  private final Deque<SessionResponse> pending = new ArrayDeque<>();
  private int demand;
  private boolean delivering;
  private boolean closed;

  /** The BACKUP or RESTORE TENANT running now, to abandon if the session ends. */
  private RawCopy copy;

  AdminConsole(AdminCommands commands, BackendListener listener, Executor loop, Executor blocking) {
    this.commands = commands;
    this.listener = listener;
    this.loop = loop;
    this.blocking = blocking;
  }

  @Override
  public void execute(List<String> statements) {
    CompletableFuture<List<SessionResponse>> run;
    try {
      run = CompletableFuture.supplyAsync(() -> commands.run(statements), blocking);
    } catch (RejectedExecutionException busy) {
      listener.onFailure(
          PgException.fatal(SqlState.CANNOT_CONNECT_NOW, "the gateway is too busy, try again"));
      return;
    }
    run.whenCompleteAsync(
        (responses, error) -> {
          if (closed) {
            return;
          }
          if (error != null) {
            listener.onFailure(
                PgException.fatal(SqlState.INTERNAL_ERROR, "admin console statement failed"));
            return;
          }
          pending.addAll(responses);
          deliver();
        },
        loop);
  }

  /**
   * The console's statements change the cluster and take no parameters: it speaks the simple query
   * protocol only (ctl and psql use it), and refuses the steps of the extended one.
   */
  @Override
  public void execute(Extended request) {
    loop.execute(() -> refuseExtended(request));
  }

  private void refuseExtended(Extended request) {
    if (closed) {
      return;
    }
    if (request.getStepsCount() > 0) {
      pending.add(
          SessionResponse.newBuilder()
              .setError(
                  io.rhizome.proto.Error.newBuilder()
                      .setSqlstate(SqlState.FEATURE_NOT_SUPPORTED.code())
                      .setMessage("the admin console accepts only the simple query protocol")
                      .setHint("pgjdbc: preferQueryMode=simple"))
              .build());
    }
    pending.add(
        SessionResponse.newBuilder().setReady(Ready.newBuilder().setStatus(TxStatus.IDLE)).build());
    deliver();
  }

  @Override
  public void request() {
    demand++;
    deliver();
  }

  /** The console's statements are its own language: never translated from Postgres'. */
  @Override
  public boolean translatesPostgres() {
    return false;
  }

  @Override
  public boolean claims(List<Token> tokens) {
    return AdminParser.isConsoleShow(tokens);
  }

  @Override
  public Optional<RawCopy> rawCopy(String statement) {
    Optional<AdminCommand> command = AdminParser.copyCommand(statement);
    if (command.isEmpty()) {
      return Optional.empty();
    }
    copy =
        command.get() instanceof AdminCommand.BackupTenant backup
            ? new TenantBackupCopy(commands, backup.name(), loop, blocking)
            : new TenantRestoreCopy(
                commands,
                ((AdminCommand.RestoreTenant) command.get()).name(),
                ((AdminCommand.RestoreTenant) command.get()).force(),
                loop,
                blocking);
    return Optional.of(copy);
  }

  @Override
  public boolean supportsCopy() {
    return false;
  }

  @Override
  public void close() {
    closed = true;
    pending.clear();
    if (copy != null) {
      copy.abort();
    }
  }

  /** Hands out responses while there is demand; re-entrant calls from the listener just return. */
  private void deliver() {
    if (delivering) {
      return;
    }
    delivering = true;
    try {
      while (!closed && demand > 0 && !pending.isEmpty()) {
        demand--;
        listener.onResponse(pending.poll());
      }
    } finally {
      delivering = false;
    }
  }
}
