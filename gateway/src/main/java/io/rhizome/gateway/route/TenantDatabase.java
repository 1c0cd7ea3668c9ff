/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.gateway.route;

import io.grpc.Channel;
import io.rhizome.gateway.NodeChannels;
import io.rhizome.gateway.link.SessionTransport;
import io.rhizome.gateway.pg.codec.PgError;
import io.rhizome.gateway.pg.codec.PgException;
import io.rhizome.gateway.pg.session.BackendListener;
import io.rhizome.gateway.pg.session.ResolvedDatabase;
import io.rhizome.gateway.pg.session.SessionOrigin;
import io.rhizome.gateway.pg.session.StatementBackend;
import io.rhizome.proto.NodeRecord;
import io.rhizome.proto.Open;
import io.rhizome.proto.ScramVerifier;
import io.rhizome.proto.ShardRecord;
import io.rhizome.proto.SqlState;
import io.rhizome.proto.TenantRecord;
import io.rhizome.proto.UserRecord;
import io.rhizome.proto.WarmRequest;
import io.rhizome.topology.Topology;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tenant's database: its users' verifiers, and the route to its session: tenant → shard (fixed in
 * the tenant record) → placement (owner node, epoch) from the topology cache → the node's channel →
 * one {@code NodeSession.Session} stream opened with {@code Open{tenant, shard, epoch, user}} (and
 * the session's origin, for display).
 *
 * <p>When the node refuses with {@code wrong_db_server} (the cache was behind a move), or the cache
 * knows no placement yet, the shard is read again and the open retried with jittered backoff within
 * a bounded window (see {@link Attempt}). A session open when its shard moves is re-opened on the
 * new owner by {@link ReroutingSession}, with the same attempts.
 */
public final class TenantDatabase implements ResolvedDatabase {
  private static final Logger log = LoggerFactory.getLogger(TenantDatabase.class);

  /**
   * How long an open keeps retrying a misrouted or unowned shard: a few seconds covers a cache
   * catching up with a move, and a client's connect timeout is usually longer.
   */
  public static final Duration ROUTE_WINDOW = Duration.ofSeconds(5);

  private final TenantRecord tenant;
  private final String user;
  private final SessionOrigin origin;
  private final Topology topology;
  private final NodeChannels channels;
  private final ShardRefreshes refreshes;
  private final Duration routeWindow;
  private final NodeWarmups warmups;

  /**
   * @param origin the client and gateway the session comes from, passed to the node for display
   * @param refreshes the gateway's shard reads, shared by all sessions
   * @param routeWindow how long an open keeps retrying a shard whose owner refuses it or that has
   *     no owner (a move in progress), before the client gets 57P03
   */
  public TenantDatabase(
      TenantRecord tenant,
      String user,
      SessionOrigin origin,
      Topology topology,
      NodeChannels channels,
      ShardRefreshes refreshes,
      Duration routeWindow) {
    this(tenant, user, origin, topology, channels, refreshes, routeWindow, null);
  }

  /**
   * @param warmups the gateway's warm-up calls, or null to send none
   */
  public TenantDatabase(
      TenantRecord tenant,
      String user,
      SessionOrigin origin,
      Topology topology,
      NodeChannels channels,
      ShardRefreshes refreshes,
      Duration routeWindow,
      NodeWarmups warmups) {
    this.warmups = warmups;
    this.tenant = tenant;
    this.user = user;
    this.origin = origin;
    this.topology = topology;
    this.channels = channels;
    this.refreshes = refreshes;
    this.routeWindow = routeWindow;
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

  /**
   * Asks the shard's owner, as the cache knows it, to warm the tenant (see {@link NodeWarmups}),
   * when the session's user has a password here. Whatever the answer, the session opens as usual
   * after authentication; a warm-up only gives it a head start.
   */
  @Override
  public void warm(ScheduledExecutorService loop) {
    if (warmups == null || (verifier().isEmpty() && md5Secret().isEmpty())) {
      return;
    }
    int shard = shard();
    Optional<ShardRecord> owner = topology.shard(shard);
    Optional<NodeRecord> node = owner.flatMap(o -> topology.node(o.getNodeId()));
    if (node.isEmpty()) {
      return;
    }
    Channel channel;
    try {
      channel = channels.sessionChannel(node.get().getAddress(), loop);
    } catch (RuntimeException e) {
      return; // the open after authentication reports it
    }
    warmups.warm(
        channel,
        WarmRequest.newBuilder()
            .setTenant(tenant.getName())
            .setShard(shard)
            .setEpoch(owner.get().getEpoch())
            .build());
  }

  @Override
  public CompletableFuture<StatementBackend> connect(
      BackendListener listener, ScheduledExecutorService loop) {
    CompletableFuture<StatementBackend> result = new CompletableFuture<>();
    CompletableFuture<ReroutingSession> session =
        ReroutingSession.open(
            listener,
            loop,
            new ReroutingSession.LinkOpener() {
              @Override
              public CompletableFuture<NodeLink> open(
                  BackendListener linkListener, long deadline, boolean refreshFirst) {
                return openLink(linkListener, loop, deadline, refreshFirst);
              }

              @Override
              public boolean frozen(long epoch) {
                int shard = shard();
                return topology.freeze(shard).filter(f -> f.getEpoch() == epoch).isPresent()
                    && topology.shard(shard).map(ShardRecord::getEpoch).orElse(epoch) == epoch;
              }
            },
            routeWindow);
    result.whenComplete(
        (done, error) -> {
          if (result.isCancelled()) {
            session.cancel(false);
          }
        });
    session.whenComplete(
        (opened, error) -> {
          if (error != null) {
            result.completeExceptionally(error);
          } else if (!result.complete(opened)) {
            opened.close();
          }
        });
    return result;
  }

  /**
   * The tenant's shard now, from the cache: a tenant relocated to a shard of its own (MOVE TENANT)
   * has a new one, and its sessions follow it there. The record captured at connect (users) is kept
   * for anything else; it is the fallback when the cache has no record.
   */
  private int shard() {
    return topology
        .cachedTenant(tenant.getName())
        .map(TenantRecord::getShard)
        .orElse(tenant.getShard());
  }

  /**
   * Opens one node session on the shard's owner (see {@link Attempt}); runs on the loop.
   *
   * @param deadline when to stop retrying, in {@link System#nanoTime()}
   * @param refreshFirst read the placement from the store before the first try
   */
  private CompletableFuture<NodeLink> openLink(
      BackendListener listener,
      ScheduledExecutorService loop,
      long deadline,
      boolean refreshFirst) {
    CompletableFuture<NodeLink> result = new CompletableFuture<>();
    Attempt attempt = new Attempt(listener, loop, result, deadline);
    if (refreshFirst) {
      attempt.retry(
          1, "shard " + shard() + " of database \"" + tenant.getName() + "\" is moving; try again");
    } else {
      attempt.run(1);
    }
    return result;
  }

  /**
   * The open of one session. When the shard has no owner in the cache, or its owner answers
   * WRONG_DB_SERVER (the cache was behind a move), the shard is read again from the store and the
   * open retried, after a jittered, growing pause from the second retry on, until its deadline (the
   * {@link #routeWindow} from the open, or from a re-routed statement's first refusal). Runs on the
   * session's event loop.
   */
  private final class Attempt {
    private final BackendListener listener;
    private final ScheduledExecutorService loop;
    private final CompletableFuture<NodeLink> result;
    private final long deadline;

    Attempt(
        BackendListener listener,
        ScheduledExecutorService loop,
        CompletableFuture<NodeLink> result,
        long deadline) {
      this.listener = listener;
      this.loop = loop;
      this.result = result;
      this.deadline = deadline;
    }

    void run(int attempt) {
      if (result.isDone()) {
        return; // cancelled by the session meanwhile
      }
      int shard = shard();
      Optional<ShardRecord> placement = topology.shard(shard);
      if (placement.isEmpty()) {
        retry(attempt, "shard " + shard + " of database \"" + tenant.getName() + "\" has no node");
        return;
      }
      ShardRecord owner = placement.get();
      Optional<NodeRecord> node = topology.node(owner.getNodeId());
      // A replicated shard whose primary is gone gets a new one by itself (docs/replication.md):
      // wait for it within the window, as for a move, instead of failing at once.
      boolean failsOver = topology.replicaSets().replicationFactor(owner) > 1;
      if (node.isEmpty() && failsOver) {
        retry(attempt, unreachable(owner));
        return;
      }
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
      SessionTransport transport;
      try {
        transport = channels.sessionTransport(node.get(), loop);
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
              .setClientAddress(origin.clientAddress())
              .setApplicationName(origin.applicationName())
              .setGateway(origin.gateway())
              .setEncodedRows(transport.serializes())
              .build();
      NodeLink link = NodeLink.open(transport, open, owner.getNodeId(), listener, loop);
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
                  if (!result.complete(link)) {
                    link.close();
                  }
                } else if (error instanceof NodeRefusal refusal && refusal.wrongDbServer()) {
                  log.debug(
                      "node {} refused shard {} at epoch {}; refreshing the placement",
                      owner.getNodeId(),
                      shard,
                      owner.getEpoch());
                  retry(
                      attempt,
                      "shard "
                          + shard
                          + " of database \""
                          + tenant.getName()
                          + "\" is moving; try again");
                } else if (error instanceof NodeUnreachable
                    || (failsOver && !(error instanceof NodeRefusal))) {
                  // A node restarting, or a primary gone that an in-sync follower replaces
                  // (docs/replication.md): try again within the window.
                  log.debug("node {} unreachable; trying again", owner.getNodeId());
                  if (error instanceof NodeUnreachable) {
                    channels.reconnectNow(node.get().getAddress());
                    if (!node.get().getSessionAddress().isEmpty()) {
                      channels.reconnectNow(node.get().getSessionAddress());
                    }
                  }
                  retry(
                      attempt,
                      failsOver
                          ? unreachable(owner)
                          : "node \""
                              + owner.getNodeId()
                              + "\" serving database \""
                              + tenant.getName()
                              + "\" is not reachable; try again");
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

    private String unreachable(ShardRecord owner) {
      return "node \""
          + owner.getNodeId()
          + "\" serving database \""
          + tenant.getName()
          + "\" is not reachable and no replica took over in time; try again";
    }

    /**
     * Reads the shard again (one read per shard in flight, shared with other sessions) and runs the
     * open once more: at once the first time, after a pause later; past the window, fails with
     * {@code givingUp}.
     */
    void retry(int attempt, String givingUp) {
      long pauseNanos = attempt == 1 ? 0 : RoutePauses.pauseNanos(attempt - 1);
      if (System.nanoTime() + pauseNanos >= deadline) {
        fail(SqlState.CANNOT_CONNECT_NOW, givingUp);
        return;
      }
      CompletableFuture<Optional<ShardRecord>> refresh;
      try {
        refresh = refreshes.refresh(shard());
      } catch (RejectedExecutionException busy) {
        fail(SqlState.CANNOT_CONNECT_NOW, "the gateway is too busy, try again");
        return;
      }
      refresh.whenCompleteAsync(
          (ignored, error) -> {
            if (error != null) {
              log.debug("refreshing the shard of {} failed", tenant.getName(), error);
              fail(SqlState.CANNOT_CONNECT_NOW, "the cluster metadata is unavailable");
            } else if (pauseNanos == 0) {
              run(attempt + 1);
            } else {
              loop.schedule(() -> run(attempt + 1), pauseNanos, TimeUnit.NANOSECONDS);
            }
          },
          loop);
    }

    private void fail(SqlState state, String message) {
      result.completeExceptionally(PgException.fatal(state, message));
    }
  }
}
