/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.support.CloseableClient;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.rhizome.topology.TopologyException.Reason;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The etcd {@link MetaStore}, over jetcd. Keys and values map one to one; revisions are etcd's.
 *
 * <p>Each call waits at most the call timeout. jetcd already retries requests that provably did not
 * reach the server; on top of that, reads here retry on UNAVAILABLE until the timeout, and writes
 * never do (the outcome of a write that timed out is unknown).
 *
 * <p>A lease revoke waits at most {@link #RELEASE_TIMEOUT}: it runs while a node shuts down, and
 * jetcd retries it for as long as etcd is unreachable, so with etcd down it always costs the whole
 * wait. Giving up early is safe: the lease expires on its own within its TTL.
 */
final class EtcdMetaStore implements MetaStore {
  private static final Logger LOG = LoggerFactory.getLogger(EtcdMetaStore.class);

  static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(5);
  static final long DEFAULT_LEASE_TTL_SECONDS = 10;

  /** Longest wait for a lease revoke (shorter if the call timeout is). */
  static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(2);

  /** Keys per page of a prefix read, so a large cluster never exceeds gRPC's message limit. */
  private static final int LIST_PAGE = 1_000;

  private static final long READ_BACKOFF_START_MS = 50;

  private final Client client;
  private final KV kv;
  private final String endpoints;
  private final Duration callTimeout;
  private final Duration releaseTimeout;
  private final long leaseTtlSeconds;
  private volatile boolean closed;

  EtcdMetaStore(EtcdAccess access, Duration callTimeout, long leaseTtlSeconds) {
    this.endpoints = access.toString();
    this.callTimeout = callTimeout;
    this.releaseTimeout =
        callTimeout.compareTo(RELEASE_TIMEOUT) < 0 ? callTimeout : RELEASE_TIMEOUT;
    this.leaseTtlSeconds = leaseTtlSeconds;
    this.client = access.configure(Client.builder()).connectTimeout(callTimeout).build();
    this.kv = client.getKVClient();
  }

  EtcdMetaStore(List<URI> endpoints, Duration callTimeout, long leaseTtlSeconds) {
    this(EtcdAccess.of(endpoints), callTimeout, leaseTtlSeconds);
  }

  EtcdMetaStore(EtcdAccess access) {
    this(access, DEFAULT_CALL_TIMEOUT, DEFAULT_LEASE_TTL_SECONDS);
  }

  private static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  private static ByteSequence bytes(byte[] b) {
    return ByteSequence.from(b);
  }

  @Override
  public Read read(String key) throws TopologyException {
    GetResponse response = retrying("read of " + key, () -> kv.get(bytes(key)));
    List<KeyValue> kvs = response.getKvs();
    long revision = response.getHeader().getRevision();
    if (kvs.isEmpty()) {
      return new Read(Optional.empty(), revision);
    }
    KeyValue kvp = kvs.get(0);
    return new Read(
        Optional.of(new Entry(key, kvp.getValue().getBytes(), kvp.getModRevision())), revision);
  }

  @Override
  public List<Optional<Entry>> getAll(List<String> keys) throws TopologyException {
    if (keys.size() > MAX_TXN_OPS) {
      throw new IllegalArgumentException("at most " + MAX_TXN_OPS + " keys per read");
    }
    if (keys.isEmpty()) {
      return List.of();
    }
    Op[] gets = keys.stream().map(k -> Op.get(bytes(k), GetOption.DEFAULT)).toArray(Op[]::new);
    // A transaction without compares: its gets are answered at one revision, in one round trip.
    TxnResponse response =
        retrying("read of " + keys.size() + " keys", () -> kv.txn().Then(gets).commit());
    List<Optional<Entry>> out = new ArrayList<>(keys.size());
    List<GetResponse> answers = response.getGetResponses();
    for (int i = 0; i < keys.size(); i++) {
      List<KeyValue> kvs = answers.get(i).getKvs();
      out.add(
          kvs.isEmpty()
              ? Optional.empty()
              : Optional.of(
                  new Entry(
                      keys.get(i), kvs.get(0).getValue().getBytes(), kvs.get(0).getModRevision())));
    }
    return out;
  }

  @Override
  public Page range(String from, String to, int limit) throws TopologyException {
    ByteSequence end = bytes(to);
    List<Entry> entries = new ArrayList<>();
    long revision = 0;
    String start = from;
    while (true) {
      int want = limit > 0 ? Math.min(LIST_PAGE, limit - entries.size()) : LIST_PAGE;
      GetOption.Builder option =
          GetOption.builder()
              .withRange(end)
              .withLimit(want)
              .withSortField(GetOption.SortTarget.KEY)
              .withSortOrder(GetOption.SortOrder.ASCEND);
      if (revision != 0) {
        // Later pages read at the first page's revision, so the whole range is one snapshot.
        option.withRevision(revision);
      }
      GetOption built = option.build();
      String pageStart = start;
      GetResponse page = retrying("read of " + from + "..", () -> kv.get(bytes(pageStart), built));
      if (revision == 0) {
        revision = page.getHeader().getRevision();
      }
      for (KeyValue kvp : page.getKvs()) {
        entries.add(
            new Entry(
                kvp.getKey().toString(StandardCharsets.UTF_8),
                kvp.getValue().getBytes(),
                kvp.getModRevision()));
      }
      boolean more = page.isMore() && !page.getKvs().isEmpty();
      if (!more || (limit > 0 && entries.size() >= limit)) {
        return new Page(List.copyOf(entries), revision, more);
      }
      start = entries.get(entries.size() - 1).key() + '\0';
    }
  }

  @Override
  public long count(String from, String to) throws TopologyException {
    GetOption option = GetOption.builder().withRange(bytes(to)).withCountOnly(true).build();
    return retrying("count of " + from + "..", () -> kv.get(bytes(from), option)).getCount();
  }

  @Override
  public TxnResult txn(Txn txn) throws TopologyException {
    Cmp[] compares =
        txn.compares().stream()
            .map(c -> new Cmp(bytes(c.key()), Cmp.Op.EQUAL, CmpTarget.modRevision(c.modRevision())))
            .toArray(Cmp[]::new);
    List<Op> ops = new ArrayList<>();
    for (Put put : txn.puts()) {
      PutOption option =
          put.leaseId() == 0
              ? PutOption.DEFAULT
              : PutOption.builder().withLeaseId(put.leaseId()).build();
      ops.add(Op.put(bytes(put.key()), bytes(put.value()), option));
    }
    for (String key : txn.deletes()) {
      ops.add(Op.delete(bytes(key), DeleteOption.DEFAULT));
    }
    TxnResponse response =
        callOnce(
            "transaction",
            () -> kv.txn().If(compares).Then(ops.toArray(Op[]::new)).commit(),
            callTimeout);
    return new TxnResult(response.isSucceeded(), response.getHeader().getRevision());
  }

  @Override
  public AutoCloseable watch(String prefix, long fromRevision, WatchListener listener) {
    EtcdWatch w = new EtcdWatch(listener);
    // Created notifications tell a resumed watch apart from a still-broken one (see "failing").
    WatchOption option =
        WatchOption.builder()
            .isPrefix(true)
            .withRevision(fromRevision)
            .withCreateNotify(true)
            .build();
    w.watcher = client.getWatchClient().watch(bytes(prefix), option, w.jetcdListener());
    return w;
  }

  /**
   * Adapts jetcd's watch callbacks. jetcd resumes a broken stream by itself (reporting the error
   * first), so only compaction or the watcher closing on its own means events may be lost.
   */
  private final class EtcdWatch implements AutoCloseable {
    private final WatchListener listener;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile boolean failing;
    private volatile Watch.Watcher watcher;

    EtcdWatch(WatchListener listener) {
      this.listener = listener;
    }

    Watch.Listener jetcdListener() {
      return Watch.listener(this::onNext, this::onError, this::onCompleted);
    }

    private void onNext(WatchResponse response) {
      if (stopped.get()) {
        return;
      }
      if (failing) {
        failing = false;
        LOG.info("metadata watch on etcd {} resumed", endpoints);
      }
      List<Event> events = new ArrayList<>(response.getEvents().size());
      for (WatchEvent e : response.getEvents()) {
        KeyValue kvp = e.getKeyValue();
        String key = kvp.getKey().toString(StandardCharsets.UTF_8);
        switch (e.getEventType()) {
          case PUT ->
              events.add(
                  new Event(Event.Type.PUT, key, kvp.getValue().getBytes(), kvp.getModRevision()));
          case DELETE ->
              events.add(new Event(Event.Type.DELETE, key, new byte[0], kvp.getModRevision()));
          default -> LOG.warn("ignoring watch event of unknown type on {}", key);
        }
      }
      if (!events.isEmpty()) {
        listener.onEvents(events);
      }
    }

    private void onError(Throwable t) {
      if (stopped.get() || closed) {
        return;
      }
      CompactedException compacted =
          t instanceof CompactedException c
              ? c
              : t.getCause() instanceof CompactedException c ? c : null;
      if (compacted != null) {
        end(
            "etcd compacted its history past the watched revision (compacted at "
                + compacted.getCompactedRevision()
                + ")");
      } else if (!failing) {
        // jetcd retries every 500 ms while etcd is down: warn once, then until it resumes, debug.
        failing = true;
        LOG.warn(
            "metadata watch on etcd {} failed: {}; serving from the cache while jetcd resumes it",
            endpoints,
            t.getMessage());
      } else {
        LOG.debug("metadata watch on etcd {} still failing: {}", endpoints, t.getMessage());
      }
    }

    private void onCompleted() {
      // Closing the client completes every watch; that is not a lost stream.
      if (!stopped.get() && !closed) {
        end("the watch was closed by the etcd client");
      }
    }

    private void end(String reason) {
      if (stopped.compareAndSet(false, true)) {
        listener.onResyncNeeded(reason);
      }
    }

    @Override
    public void close() {
      if (stopped.compareAndSet(false, true) && watcher != null) {
        watcher.close();
      }
    }
  }

  @Override
  public Lease grantLease(LeaseLostListener lost) throws TopologyException {
    long id =
        callOnce("lease grant", () -> client.getLeaseClient().grant(leaseTtlSeconds), callTimeout)
            .getID();
    EtcdLease lease = new EtcdLease(id, lost);
    lease.keepAlive = client.getLeaseClient().keepAlive(id, lease);
    return lease;
  }

  /** A granted lease and the keep-alive stream that holds it. */
  private final class EtcdLease implements Lease, StreamObserver<LeaseKeepAliveResponse> {
    private final long id;
    private final LeaseLostListener lost;
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile boolean failing;
    private volatile CloseableClient keepAlive;

    EtcdLease(long id, LeaseLostListener lost) {
      this.id = id;
      this.lost = lost;
    }

    @Override
    public long id() {
      return id;
    }

    @Override
    public long revoke() throws TopologyException {
      if (!done.compareAndSet(false, true)) {
        return 0;
      }
      stopKeepAlive();
      try {
        return callOnce("lease revoke", () -> client.getLeaseClient().revoke(id), releaseTimeout)
            .getHeader()
            .getRevision();
      } catch (TopologyException e) {
        if (e.reason() == Reason.NOT_FOUND) {
          return 0; // already expired: its keys are gone, which is what revoking wanted
        }
        throw e;
      }
    }

    private void stopKeepAlive() {
      CloseableClient k = keepAlive;
      if (k != null) {
        k.close();
      }
    }

    @Override
    public void onNext(LeaseKeepAliveResponse response) {
      if (failing) {
        failing = false;
        LOG.info("keep-alive of lease {} on etcd {} recovered", Long.toHexString(id), endpoints);
      }
    }

    @Override
    public void onError(Throwable t) {
      if (done.get() || closed) {
        return;
      }
      if (t instanceof EtcdException e && e.getErrorCode() == ErrorCode.NOT_FOUND) {
        lose("the lease expired on the etcd server");
        return;
      }
      if (failing) {
        LOG.debug("keep-alive of lease {} still failing: {}", Long.toHexString(id), t.getMessage());
        return;
      }
      // jetcd retries every 500 ms: warn on the first failure, report the recovery in onNext.
      failing = true;
      LOG.warn(
          "keep-alive of lease {} on etcd {} failed: {}; retrying until the TTL runs out",
          Long.toHexString(id),
          endpoints,
          t.getMessage());
    }

    @Override
    public void onCompleted() {
      // jetcd completes a keep-alive when no answer came within the TTL: the lease is presumed
      // dead.
      if (!done.get() && !closed) {
        lose("no keep-alive answer from etcd " + endpoints + " within the lease TTL");
      }
    }

    private void lose(String reason) {
      if (done.compareAndSet(false, true)) {
        stopKeepAlive();
        lost.onLeaseLost(id, reason);
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Calls with timeouts

  /** Calls that timed out or failed, for the topology's health. */
  private final java.util.concurrent.atomic.LongAdder failedCalls =
      new java.util.concurrent.atomic.LongAdder();

  private <T> T retrying(String what, Supplier<CompletableFuture<T>> call)
      throws TopologyException {
    long deadline = System.nanoTime() + callTimeout.toNanos();
    long backoff = READ_BACKOFF_START_MS;
    while (true) {
      Duration remaining = Duration.ofNanos(deadline - System.nanoTime());
      try {
        return callOnce(what, call, remaining, callTimeout);
      } catch (TopologyException e) {
        boolean retryable = e.reason() == Reason.UNAVAILABLE && !closed;
        if (!retryable || Duration.ofNanos(deadline - System.nanoTime()).toMillis() <= backoff) {
          throw e;
        }
        LOG.debug("{} failed ({}); retrying in {} ms", what, e.getMessage(), backoff);
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
        backoff *= 2;
      }
    }
  }

  /** One attempt, bounded by {@code timeout}: all a write ever gets. */
  private <T> T callOnce(String what, Supplier<CompletableFuture<T>> call, Duration timeout)
      throws TopologyException {
    return callOnce(what, call, timeout, timeout);
  }

  /**
   * One attempt that waits {@code wait}, the rest of an overall {@code limit} (the one reported).
   */
  private <T> T callOnce(
      String what, Supplier<CompletableFuture<T>> call, Duration wait, Duration limit)
      throws TopologyException {
    if (closed) {
      throw new TopologyException(
          Reason.UNAVAILABLE, "etcd client for " + endpoints + " is closed");
    }
    CompletableFuture<T> future = call.get();
    try {
      return future.get(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      failedCalls.increment();
      future.cancel(true);
      throw new TopologyException(
          Reason.UNAVAILABLE,
          "etcd "
              + endpoints
              + " did not answer the "
              + what
              + " within "
              + limit.toMillis()
              + " ms",
          e);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new TopologyException(Reason.UNAVAILABLE, "interrupted during the " + what, e);
    } catch (ExecutionException e) {
      failedCalls.increment();
      throw translate(what, e.getCause());
    }
  }

  @Override
  public long failedCalls() {
    return failedCalls.sum();
  }

  private TopologyException translate(String what, Throwable cause) {
    Reason reason = Reason.INTERNAL;
    if (cause instanceof EtcdException e) {
      reason =
          switch (e.getErrorCode()) {
            case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED -> Reason.UNAVAILABLE;
            case NOT_FOUND -> Reason.NOT_FOUND;
            default -> Reason.INTERNAL;
          };
    } else if (cause != null) {
      Status.Code code = Status.fromThrowable(cause).getCode();
      if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
        reason = Reason.UNAVAILABLE;
      }
    }
    return new TopologyException(
        reason,
        "etcd "
            + endpoints
            + " failed the "
            + what
            + ": "
            + (cause == null ? "" : cause.getMessage()),
        cause);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    client.close();
  }
}
