/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.replica;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.rhizome.proto.NodeReplicaGrpc;
import io.rhizome.proto.PromoteRequest;
import io.rhizome.proto.PromoteResponse;
import io.rhizome.proto.ReplicaAck;
import io.rhizome.proto.ReplicaFrames;
import io.rhizome.proto.ReplicaHello;
import io.rhizome.proto.ReplicaPositions;
import io.rhizome.proto.ReplicaReply;
import io.rhizome.proto.ReplicaRequest;
import io.rhizome.proto.ReplicaSnapshot;
import io.rhizome.proto.ReplicaStatusRequest;
import io.rhizome.proto.ReplicaStatusResponse;
import io.rhizome.proto.ShardRecord;
import io.rhizome.proto.SnapshotPart;
import io.rhizome.topology.Topology;
import io.rhizome.topology.TopologyException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The follower's end of the replication stream: checks at the hello that its map names the sender
 * the shard's primary at the stream's epoch and this node a follower (reading the shard through
 * once when its cache disagrees, since it may simply be behind), answers its positions, then writes
 * what arrives through {@link ReplicaFiles} and acknowledges each message once it is durable (for
 * messages that end a batch). A shard sealed at the stream's epoch, or a newer epoch in the map,
 * answers {@code fenced} and ends the stream.
 *
 * <p>It never writes a tenant's files while a SQLite connection of this node has them open (a
 * session that outlived a handover's release, a warm-up from a gateway with a stale map): that
 * connection would not know the frames, and its close-time checkpoint would delete them. It ends
 * the stream instead, unacknowledged, so the primary drops it from the in-sync set; the next
 * stream's hello closes the idle handles, and the upkeep catches the copy up once the session has
 * ended.
 *
 * <p>Runs on gRPC's default executor (writes block on the disk); gRPC delivers one stream's
 * messages one at a time, in order.
 */
final class ReplicaService extends NodeReplicaGrpc.NodeReplicaImplBase {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicaService.class);

  private final String nodeId;
  private final Topology topology;
  private final Replication replication;
  private final ReplicaFiles files;
  private final Seals seals;
  private final Set<Stream> open = ConcurrentHashMap.newKeySet();

  /** Tenants ("shard/tenant") whose last write was refused for an open connection: logged once. */
  private final Set<String> refused = ConcurrentHashMap.newKeySet();

  private volatile boolean stopping;

  ReplicaService(String nodeId, Topology topology, Replication replication, Seals seals) {
    this.nodeId = nodeId;
    this.topology = topology;
    this.replication = replication;
    this.files = replication.files();
    this.seals = seals;
  }

  @Override
  public void promote(PromoteRequest request, StreamObserver<PromoteResponse> response) {
    long started = System.nanoTime();
    try {
      ShardRecord promoted =
          replication.handover(request.getShard(), request.getEpoch(), request.getTo());
      response.onNext(
          PromoteResponse.newBuilder()
              .setEpoch(promoted.getEpoch())
              .setFrozenMs(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
              .build());
      response.onCompleted();
    } catch (Handover.RefusedException e) {
      response.onError(Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asException());
    } catch (Exception e) {
      LOG.warn("handover of shard {} failed", request.getShard(), e);
      response.onError(
          Status.UNAVAILABLE
              .withDescription("the handover failed: " + e.getMessage())
              .asException());
    }
  }

  @Override
  public void replicaStatus(
      ReplicaStatusRequest request, StreamObserver<ReplicaStatusResponse> response) {
    response.onNext(replication.status());
    response.onCompleted();
  }

  @Override
  public StreamObserver<ReplicaRequest> follow(StreamObserver<ReplicaReply> replies) {
    Stream stream = new Stream(replies);
    open.add(stream);
    if (stopping) {
      stream.stop();
    }
    return stream;
  }

  /**
   * Ends every open stream (the node is shutting down): a primary's stream stays open as long as it
   * has commits to ship, so the server's graceful termination would otherwise wait for it until its
   * timeout. The primaries see their streams fail and go on without this node.
   */
  void stop() {
    stopping = true;
    open.forEach(Stream::stop);
  }

  /** A tenant's files are open on this node: its copy cannot be written now. */
  private static final class FilesOpenException extends Exception {
    final String tenant;
    final String key;

    FilesOpenException(int shard, String tenant) {
      super(
          "tenant " + tenant + " of shard " + shard + " is open on this node", null, false, false);
      this.tenant = tenant;
      this.key = shard + "/" + tenant;
    }
  }

  private final class Stream implements StreamObserver<ReplicaRequest> {
    private final StreamObserver<ReplicaReply> replies;
    private ReplicaHello hello;
    private boolean ended;

    Stream(StreamObserver<ReplicaReply> replies) {
      this.replies = replies;
    }

    @Override
    public synchronized void onNext(ReplicaRequest request) {
      if (ended) {
        return;
      }
      try {
        if (request.hasHello()) {
          hello(request.getHello());
          return;
        }
        if (hello == null) {
          end(Status.INVALID_ARGUMENT.withDescription("the first message must be hello"));
          return;
        }
        int shard = hello.getShard();
        long epoch = hello.getEpoch();
        ReplicaAck ack = seals.write(shard, epoch, () -> apply(request), null);
        if (ack == null || outdated()) {
          replies.onNext(
              ReplicaReply.newBuilder()
                  .setAck(ReplicaAck.newBuilder().setSeq(seqOf(request)).setFenced(true))
                  .build());
          end(Status.FAILED_PRECONDITION.withDescription("shard " + shard + " is sealed here"));
          return;
        }
        replies.onNext(ReplicaReply.newBuilder().setAck(ack).build());
      } catch (FilesOpenException e) {
        if (refused.add(e.key)) {
          LOG.warn(
              "shard {}: refusing {}'s writes from {}: a SQLite connection of this node has its"
                  + " files open; this node leaves the in-sync set until it closes",
              hello.getShard(),
              e.tenant,
              primaryName());
        }
        end(
            Status.UNAVAILABLE.withDescription(
                "tenant " + e.tenant + " is open on the follower; it cannot write the copy"));
      } catch (Exception e) {
        LOG.warn("replication stream from {} failed: {}", primaryName(), e.toString());
        end(
            Status.INTERNAL.withDescription(
                "the follower failed: " + e.getClass().getSimpleName()));
      }
    }

    private void hello(ReplicaHello h) throws Exception {
      if (hello != null) {
        end(Status.INVALID_ARGUMENT.withDescription("hello twice"));
        return;
      }
      int shard = h.getShard();
      if (shard < 0 || shard > Topology.MAX_SHARD) {
        end(Status.INVALID_ARGUMENT.withDescription("no such shard"));
        return;
      }
      if (seals.sealed(shard, h.getEpoch()) || !follows(shard, h)) {
        end(
            Status.FAILED_PRECONDITION.withDescription(
                "this node does not follow " + h.getPrimary() + " for shard " + shard));
        return;
      }
      hello = h;
      // No connection of this node may have the files open while they are written as copies (the
      // node may have served the shard before), and what it knew of them may be stale.
      ShardSessions sessions = replication.sessions();
      if (sessions != null) {
        sessions.release(shard);
      }
      files.forget(shard);
      ReplicaPositions.Builder positions = ReplicaPositions.newBuilder();
      files.positions(shard).forEach((t, p) -> positions.putTenants(t, p.toProto()));
      replies.onNext(ReplicaReply.newBuilder().setPositions(positions).build());
    }

    /** Whether the map names {@code h}'s sender primary at its epoch and this node a follower. */
    private boolean follows(int shard, ReplicaHello h) {
      if (matches(topology.shard(shard), h)) {
        return true;
      }
      try {
        return matches(topology.refreshShard(shard), h);
      } catch (TopologyException e) {
        return false;
      }
    }

    private boolean matches(Optional<ShardRecord> record, ReplicaHello h) {
      return record.isPresent()
          && record.get().getNodeId().equals(h.getPrimary())
          && record.get().getEpoch() == h.getEpoch()
          && record.get().getFollowersList().stream().anyMatch(f -> f.getNodeId().equals(nodeId));
    }

    /** The cached map knows a newer epoch than the stream's. */
    private boolean outdated() {
      Optional<ShardRecord> record = topology.shard(hello.getShard());
      return record.isPresent() && record.get().getEpoch() > hello.getEpoch();
    }

    private ReplicaAck apply(ReplicaRequest request) throws Exception {
      int shard = hello.getShard();
      String tenant =
          switch (request.getKindCase()) {
            case FRAMES -> request.getFrames().getTenant();
            case SNAPSHOT -> request.getSnapshot().getTenant();
            case DROP -> request.getDrop().getTenant();
            default -> throw new IllegalArgumentException("unknown replication message");
          };
      ShardSessions sessions = replication.sessions();
      if (sessions == null) {
        return write(shard, request);
      }
      try (ShardSessions.FilesHold hold = sessions.holdClosed(shard, tenant)) {
        if (hold == null) {
          throw new FilesOpenException(shard, tenant);
        }
        ReplicaAck ack = write(shard, request);
        if (!refused.isEmpty()) {
          // Every frame of every commit passes here: no key is built while nothing was refused.
          refused.remove(shard + "/" + tenant);
        }
        return ack;
      }
    }

    /** Writes one message to the copy; the caller holds the tenant's files closed. */
    private ReplicaAck write(int shard, ReplicaRequest request) throws Exception {
      switch (request.getKindCase()) {
        case FRAMES -> {
          ReplicaFrames f = request.getFrames();
          try {
            LogPosition at =
                files.append(
                    shard,
                    f.getTenant(),
                    f.getHeader().isEmpty() ? null : f.getHeader().toByteArray(),
                    f.getOffset(),
                    f.getData().toByteArray(),
                    f.getSync());
            if (f.getSync()) {
              CrashPoints.reach(CrashPoints.FOLLOWER_SYNCED);
            }
            return ReplicaAck.newBuilder().setSeq(f.getSeq()).setPosition(at.toProto()).build();
          } catch (ReplicaFiles.MismatchException e) {
            LOG.info(
                "frames of {} did not match the copy ({}); the primary sends a snapshot",
                f.getTenant(),
                e.getMessage());
            return ReplicaAck.newBuilder()
                .setSeq(f.getSeq())
                .setMismatch(true)
                .setPosition(e.position().toProto())
                .build();
          }
        }
        case SNAPSHOT -> {
          ReplicaSnapshot s = request.getSnapshot();
          LogPosition at =
              files.snapshot(
                  shard,
                  s.getTenant(),
                  s.getPart() == SnapshotPart.WAL,
                  s.getData().toByteArray(),
                  s.getLast());
          ReplicaAck.Builder ack = ReplicaAck.newBuilder().setSeq(s.getSeq());
          if (at != null) {
            ack.setPosition(at.toProto());
          }
          return ack.build();
        }
        case DROP -> {
          files.drop(shard, request.getDrop().getTenant());
          return ReplicaAck.newBuilder().setSeq(request.getDrop().getSeq()).build();
        }
        default -> throw new IllegalArgumentException("unknown replication message");
      }
    }

    private long seqOf(ReplicaRequest request) {
      return switch (request.getKindCase()) {
        case FRAMES -> request.getFrames().getSeq();
        case SNAPSHOT -> request.getSnapshot().getSeq();
        case DROP -> request.getDrop().getSeq();
        default -> 0;
      };
    }

    private String primaryName() {
      return hello == null ? "an unknown primary" : hello.getPrimary();
    }

    /** From another thread than the stream's: gRPC's calls on the stream are serialized here. */
    synchronized void stop() {
      end(Status.UNAVAILABLE.withDescription("the follower is shutting down"));
    }

    private synchronized void end(Status status) {
      open.remove(this);
      if (!ended) {
        ended = true;
        replies.onError(status.asRuntimeException());
      }
    }

    @Override
    public synchronized void onError(Throwable t) {
      open.remove(this);
      ended = true;
    }

    @Override
    public synchronized void onCompleted() {
      open.remove(this);
      if (!ended) {
        ended = true;
        replies.onCompleted();
      }
    }
  }
}
