/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import java.util.List;
import java.util.Optional;

/**
 * A real store whose watches the test can cut: after {@link #sever()} the current watches drop
 * every event (as if the stream had missed them) until {@link #resync()} reports them lost, the way
 * a compaction or an overflowing watcher would.
 */
final class SeveringStore implements MetaStore {
  private final MetaStore real;
  private volatile SeverableListener current;

  SeveringStore(MetaStore real) {
    this.real = real;
  }

  void sever() {
    current.severed = true;
  }

  void resync() {
    current.listener.onResyncNeeded("severed by the test");
  }

  @Override
  public Optional<Entry> get(String key) throws TopologyException {
    return real.get(key);
  }

  @Override
  public Snapshot list(String prefix) throws TopologyException {
    return real.list(prefix);
  }

  @Override
  public TxnResult txn(Txn txn) throws TopologyException {
    return real.txn(txn);
  }

  @Override
  public AutoCloseable watch(String prefix, long fromRevision, WatchListener listener) {
    SeverableListener l = new SeverableListener(listener);
    current = l;
    return real.watch(prefix, fromRevision, l);
  }

  @Override
  public Lease grantLease(LeaseLostListener lost) throws TopologyException {
    return real.grantLease(lost);
  }

  @Override
  public void close() {
    real.close();
  }

  private static final class SeverableListener implements WatchListener {
    private final WatchListener listener;
    private volatile boolean severed;

    SeverableListener(WatchListener listener) {
      this.listener = listener;
    }

    @Override
    public void onEvents(List<Event> events) {
      if (!severed) {
        listener.onEvents(events);
      }
    }

    @Override
    public void onResyncNeeded(String reason) {
      listener.onResyncNeeded(reason);
    }
  }
}
