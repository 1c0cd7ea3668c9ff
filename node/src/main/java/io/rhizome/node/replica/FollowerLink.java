/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.replica;

import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.rhizome.proto.NodeReplicaGrpc;
import io.rhizome.proto.ReplicaAck;
import io.rhizome.proto.ReplicaHello;
import io.rhizome.proto.ReplicaReply;
import io.rhizome.proto.ReplicaRequest;
import io.rhizome.proto.WalPosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * The primary's end of the replication stream to one follower of one shard: opened on first use
 * (hello, then the follower's positions), messages numbered in order, acknowledgements matched by
 * number. A stream that fails fails every message waiting for its acknowledgement, and the next use
 * opens a new one (the follower's positions are asked again, so nothing is assumed across streams).
 *
 * <p>Thread safety: messages of different tenants of the shard are sent from the threads of their
 * commits; sending is serialized here. Acknowledgements arrive on gRPC's executor.
 */
final class FollowerLink implements AutoCloseable {
  private final int shard;
  private final long epoch;
  private final String primary;
  private final String node;
  private final Supplier<Channel> channel;

  private final Object sending = new Object();
  private Stream stream; // guarded by sending
  private volatile boolean fenced;
  private volatile boolean closed;

  /** What the follower holds, per tenant, as of its last acknowledgement on the current stream. */
  private final Map<String, LogPosition> positions = new ConcurrentHashMap<>();

  /** The last message sent per tenant, until its acknowledgement (or the stream's end). */
  private final Map<String, CompletableFuture<ReplicaAck>> inFlight = new ConcurrentHashMap<>();

  /** The follower refused the stream: it sealed the shard or knows a newer epoch. */
  static final class FencedByFollowerException extends Exception {
    FencedByFollowerException(String node) {
      super("follower " + node + " fenced this primary", null, false, false);
    }
  }

  /**
   * @param channel the follower's address, resolved when a stream opens (it may move)
   */
  FollowerLink(int shard, long epoch, String primary, String node, Supplier<Channel> channel) {
    this.shard = shard;
    this.epoch = epoch;
    this.primary = primary;
    this.node = node;
    this.channel = channel;
  }

  String node() {
    return node;
  }

  boolean fenced() {
    return fenced;
  }

  /**
   * Opens the stream if there is none and waits for the follower's positions.
   *
   * @throws TimeoutException when the follower did not answer in time
   * @throws ExecutionException when the stream failed (the follower is down, refused, ...)
   */
  void connect(long timeoutMillis) throws TimeoutException, ExecutionException {
    Stream s;
    synchronized (sending) {
      if (closed) {
        throw new ExecutionException(new IllegalStateException("the link is closed"));
      }
      if (stream == null || stream.ended) {
        try {
          stream = open();
        } catch (RuntimeException e) {
          // Not live (no address), or the channel cannot be built: the follower is unreachable.
          throw new ExecutionException(e);
        }
      }
      s = stream;
    }
    try {
      Map<String, LogPosition> known = s.hello.get(timeoutMillis, TimeUnit.MILLISECONDS);
      synchronized (sending) {
        // Once per stream: later acknowledgements are newer than the hello's positions. Until a
        // new stream answers, the last ones stay (what the follower held when last heard from:
        // its lag while it is away).
        if (!s.helloApplied) {
          s.helloApplied = true;
          positions.clear();
          positions.putAll(known);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExecutionException(e);
    }
  }

  /** Whether a stream is open (the follower answered its hello and nothing failed since). */
  boolean connected() {
    synchronized (sending) {
      return stream != null && !stream.ended && stream.helloApplied;
    }
  }

  /** The follower's copy of {@code tenant} as far as this stream knows: NONE when it has none. */
  LogPosition position(String tenant) {
    return positions.getOrDefault(tenant, LogPosition.NONE);
  }

  /**
   * Whether a message of {@code tenant} still waits for its acknowledgement: {@link #position} is
   * then behind what the follower will hold, and frames sent from it would overlap the ones in
   * flight (which the follower refuses as not matching its copy).
   */
  boolean awaiting(String tenant) {
    CompletableFuture<ReplicaAck> last = inFlight.get(tenant);
    return last != null && !last.isDone();
  }

  /**
   * Waits, at most {@code timeoutMillis}, until the last message sent of {@code tenant} is
   * acknowledged (or its stream failed), so that {@link #position} is what the follower holds.
   */
  void settle(String tenant, long timeoutMillis) throws InterruptedException {
    CompletableFuture<ReplicaAck> last = inFlight.get(tenant);
    if (last == null) {
      return;
    }
    try {
      last.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // The stream failed or the follower is slow: the caller's next send finds out.
    }
  }

  /** The tenants the follower said it holds. */
  List<String> tenants() {
    return new ArrayList<>(positions.keySet());
  }

  /**
   * Sends one numbered message, built by {@code message} from its sequence number.
   *
   * @return completes with the follower's acknowledgement; fails when the stream fails first
   */
  CompletableFuture<ReplicaAck> send(String tenant, LongFunction<ReplicaRequest> message) {
    synchronized (sending) {
      Stream s = stream;
      if (s == null || s.ended || closed) {
        return CompletableFuture.failedFuture(
            new IllegalStateException("no stream to follower " + node));
      }
      long seq = ++s.lastSeq;
      CompletableFuture<ReplicaAck> ack = new CompletableFuture<>();
      s.pending.put(seq, ack);
      s.requests.onNext(message.apply(seq));
      CompletableFuture<ReplicaAck> acknowledged =
          ack.thenApply(
              a -> {
                if (!a.getFenced()) {
                  positions.put(tenant, LogPosition.of(a.getPosition()));
                }
                return a;
              });
      // Done only once the position is recorded (see awaiting).
      inFlight.put(tenant, acknowledged);
      return acknowledged;
    }
  }

  /** Forgets the position of a tenant (after a mismatch, the acknowledgement's position stands). */
  void learned(String tenant, WalPosition position) {
    positions.put(tenant, LogPosition.of(position));
  }

  @Override
  public void close() {
    synchronized (sending) {
      closed = true;
      if (stream != null && !stream.ended) {
        stream.requests.onCompleted();
        stream.fail(Status.CANCELLED.withDescription("link closed").asRuntimeException());
      }
    }
  }

  private Stream open() {
    Stream s = new Stream();
    // The stream's callbacks only complete futures (nothing blocks): they run on the transport
    // thread that reads the reply, so a commit wakes without a hand-off to gRPC's executor first.
    NodeReplicaGrpc.newStub(channel.get()).withExecutor(MoreExecutors.directExecutor()).follow(s);
    s.requests.onNext(
        ReplicaRequest.newBuilder()
            .setHello(ReplicaHello.newBuilder().setShard(shard).setEpoch(epoch).setPrimary(primary))
            .build());
    return s;
  }

  /** One replication stream and what waits on it. */
  private final class Stream implements ClientResponseObserver<ReplicaRequest, ReplicaReply> {
    final CompletableFuture<Map<String, LogPosition>> hello = new CompletableFuture<>();
    final Map<Long, CompletableFuture<ReplicaAck>> pending = new ConcurrentHashMap<>();
    ClientCallStreamObserver<ReplicaRequest> requests;
    long lastSeq; // guarded by FollowerLink.sending
    boolean helloApplied; // guarded by FollowerLink.sending
    volatile boolean ended;

    @Override
    public void beforeStart(ClientCallStreamObserver<ReplicaRequest> requestStream) {
      this.requests = requestStream;
    }

    @Override
    public void onNext(ReplicaReply reply) {
      if (reply.hasPositions()) {
        Map<String, LogPosition> known = new ConcurrentHashMap<>();
        reply.getPositions().getTenantsMap().forEach((t, p) -> known.put(t, LogPosition.of(p)));
        hello.complete(known);
        return;
      }
      ReplicaAck ack = reply.getAck();
      if (ack.getFenced()) {
        fenced = true;
      }
      CompletableFuture<ReplicaAck> waiting = pending.remove(ack.getSeq());
      if (waiting != null) {
        waiting.complete(ack);
      }
    }

    @Override
    public void onError(Throwable t) {
      fail(t);
    }

    @Override
    public void onCompleted() {
      fail(new IllegalStateException("follower " + node + " ended the stream"));
    }

    void fail(Throwable t) {
      // Whatever the reason (down, refused, fenced), the primary's next step is the same: a
      // compare-and-set on the shard record, which tells a dead follower from a promoted one.
      ended = true;
      hello.completeExceptionally(t);
      pending.values().forEach(p -> p.completeExceptionally(t));
      pending.clear();
    }
  }
}
