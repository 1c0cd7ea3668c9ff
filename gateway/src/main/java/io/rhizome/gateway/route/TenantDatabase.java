/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.route;

import io.grpc.Channel;
import io.rhizome.gateway.NodeChannels;
import io.rhizome.gateway.pg.codec.PgError;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.gateway.pg.session.BackendListener;
import io.rhizome.gateway.pg.session.ResolvedDatabase;
import io.rhizome.gateway.pg.session.StatementBackend;
import io.rhizome.proto.NodeRecord;
import io.rhizome.proto.Open;
import io.rhizome.proto.ScramVerifier;
import io.rhizome.proto.ShardRecord;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.TenantRecord;
import io.rhizome.proto.UserRecord;
import io.rhizome.topology.Topology;
import io.rhizome.topology.TopologyException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tenant's database: its users' verifiers, and the route to its session: tenant → shard (fixed in
 * the tenant record) → placement (owner node, epoch) from the topology cache → the node's channel →
 * one {@code NodeSession.Session} stream opened with {@code Open{tenant, shard, epoch, user}}.
 *
 * <p>When the node refuses with {@code wrong_db_server} (the cache was behind a move), or the cache
 * knows no placement yet, the shard is read through once and the open is tried once more. A fuller
 * retry policy (backoff, buffering during a move) belongs to the cluster work.
 */
public final class TenantDatabase implements ResolvedDatabase {
  private static final Logger log = LoggerFactory.getLogger(TenantDatabase.class);

  private final TenantRecord tenant;
  private final String user;
  private final Topology topology;
  private final NodeChannels channels;
  private final Executor blocking;

  public TenantDatabase(
      TenantRecord tenant,
      String user,
      Topology topology,
      NodeChannels channels,
      Executor blocking) {
    this.tenant = tenant;
    this.user = user;
    this.topology = topology;
    this.channels = channels;
    this.blocking = blocking;
  }

  @Override
  public Optional<ScramVerifier> verifier() {
    return tenant.getUsersList().stream()
        .filter(u -> u.getName().equals(user) && u.hasScram())
        .map(UserRecord::getScram)
        .findFirst();
  }

  @Override
  public Optional<String> md5Secret() {
    return tenant.getUsersList().stream()
        .filter(u -> u.getName().equals(user) && !u.getMd5().isEmpty())
        .map(UserRecord::getMd5)
        .findFirst();
  }

  @Override
  public CompletableFuture<StatementBackend> connect(BackendListener listener, Executor loop) {
    CompletableFuture<StatementBackend> result = new CompletableFuture<>();
    new Attempt(listener, loop, result).run(1);
    return result;
  }

  /** The open of one session, with its single retry. Runs on the session's event loop. */
  private final class Attempt {
    private final BackendListener listener;
    private final Executor loop;
    private final CompletableFuture<StatementBackend> result;

    Attempt(BackendListener listener, Executor loop, CompletableFuture<StatementBackend> result) {
      this.listener = listener;
      this.loop = loop;
      this.result = result;
    }

    void run(int attempt) {
      if (result.isDone()) {
        return; // cancelled by the session meanwhile
      }
      int shard = tenant.getShard();
      Optional<ShardRecord> placement = topology.shard(shard);
      if (placement.isEmpty()) {
        if (attempt == 1) {
          refreshThenRetry();
        } else {
          fail(
              SqlState.CANNOT_CONNECT_NOW,
              "shard " + shard + " of database \"" + tenant.getName() + "\" has no node");
        }
        return;
      }
      ShardRecord owner = placement.get();
      Optional<NodeRecord> node = topology.node(owner.getNodeId());
      if (node.isEmpty()) {
        fail(
            SqlState.CANNOT_CONNECT_NOW,
            "node \""
                + owner.getNodeId()
                + "\" serving database \""
                + tenant.getName()
                + "\" is not available");
        return;
      }
      Channel channel;
      try {
        channel = channels.channel(node.get().getAddress());
      } catch (RuntimeException e) {
        log.warn("no channel to node {} at {}", owner.getNodeId(), node.get().getAddress(), e);
        fail(SqlState.CONNECTION_FAILURE, "cannot reach node \"" + owner.getNodeId() + "\"");
        return;
      }
      Open open =
          Open.newBuilder()
              .setTenant(tenant.getName())
              .setShard(shard)
              .setEpoch(owner.getEpoch())
              .setUser(user)
              .build();
      NodeLink link = NodeLink.open(channel, open, owner.getNodeId(), listener, loop);
      result.whenComplete(
          (done, error) -> {
            if (result.isCancelled()) {
              link.close();
            }
          });
      link.opened()
          .whenComplete(
              (ok, error) -> {
                if (error == null) {
                  if (!result.complete(new CatalogRewrites(link, user, tenant.getName()))) {
                    link.close();
                  }
                } else if (error instanceof NodeRefusal refusal
                    && refusal.wrongDbServer()
                    && attempt == 1) {
                  log.debug(
                      "node {} refused shard {} at epoch {}; refreshing the placement",
                      owner.getNodeId(),
                      shard,
                      owner.getEpoch());
                  refreshThenRetry();
                } else if (error instanceof NodeRefusal refusal) {
                  result.completeExceptionally(
                      new PgException(
                          PgError.fatal(
                                  SqlState.fromCode(refusal.error().getSqlstate()),
                                  refusal.error().getMessage())
                              .withDetail(refusal.error().getDetail())
                              .withHint(refusal.error().getHint())));
                } else {
                  result.completeExceptionally(error);
                }
              });
    }

    private void refreshThenRetry() {
      CompletableFuture<Void> refresh;
      try {
        refresh =
            CompletableFuture.runAsync(
                () -> {
                  try {
                    topology.refreshShard(tenant.getShard());
                  } catch (TopologyException e) {
                    throw new CompletionException(e);
                  }
                },
                blocking);
      } catch (RejectedExecutionException busy) {
        fail(SqlState.CANNOT_CONNECT_NOW, "the gateway is too busy, try again");
        return;
      }
      refresh.whenCompleteAsync(
          (ignored, error) -> {
            if (error != null) {
              log.debug("refreshing shard {} failed", tenant.getShard(), error);
              fail(SqlState.CANNOT_CONNECT_NOW, "the cluster metadata is unavailable");
            } else {
              run(2);
            }
          },
          loop);
    }

    private void fail(SqlState state, String message) {
      result.completeExceptionally(PgException.fatal(state, message));
    }
  }
}
