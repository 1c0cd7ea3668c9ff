/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import java.util.List;

/**
 * A real store whose watches the test can cut: after {@link #sever()} the current watches drop
 * every event (as if the stream had missed them) until {@link #resync()} reports them lost, the way
 * a compaction or an overflowing watcher would.
 */
final class SeveringStore extends ForwardingStore {
  private volatile SeverableListener current;

  SeveringStore(MetaStore real) {
    super(real);
  }

  void sever() {
    current.severed = true;
  }

  void resync() {
    current.listener.onResyncNeeded("severed by the test");
  }

  @Override
  public AutoCloseable watch(String prefix, long fromRevision, WatchListener listener) {
    SeverableListener l = new SeverableListener(listener);
    current = l;
    return real.watch(prefix, fromRevision, l);
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
