/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import java.util.List;
import java.util.Optional;

/** A real store behind a test's hook: every call goes to it unless a subclass says otherwise. */
abstract class ForwardingStore implements MetaStore {
  protected final MetaStore real;

  ForwardingStore(MetaStore real) {
    this.real = real;
  }

  @Override
  public Read read(String key) throws TopologyException {
    return real.read(key);
  }

  @Override
  public List<Optional<Entry>> getAll(List<String> keys) throws TopologyException {
    return real.getAll(keys);
  }

  @Override
  public Page range(String from, String to, int limit) throws TopologyException {
    return real.range(from, to, limit);
  }

  @Override
  public long count(String from, String to) throws TopologyException {
    return real.count(from, to);
  }

  @Override
  public TxnResult txn(Txn txn) throws TopologyException {
    return real.txn(txn);
  }

  @Override
  public AutoCloseable watch(String prefix, long fromRevision, WatchListener listener) {
    return real.watch(prefix, fromRevision, listener);
  }

  @Override
  public Lease grantLease(LeaseLostListener lost) throws TopologyException {
    return real.grantLease(lost);
  }

  @Override
  public void close() {
    real.close();
  }
}
