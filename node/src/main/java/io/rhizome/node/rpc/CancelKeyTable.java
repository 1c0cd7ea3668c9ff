/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.rpc;

import io.rhizome.proto.CancelKeys;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The cancel keys of the node's open sessions. A key is what the client gets as BackendKeyData: a
 * process id (this node's tag and a local id unique on the node, see {@link CancelKeys}) and a
 * random secret. Lookup goes by process id, as in Postgres; the secret is then compared in constant
 * time, so timing does not tell a guesser how close it came.
 */
final class CancelKeyTable {
  /** A session's key. */
  record Key(int processId, int secret) {}

  private record Entry(int secret, SessionCall call) {}

  private final int nodeTag;
  private final SecureRandom random;
  private final Map<Integer, Entry> byProcessId = new HashMap<>();

  CancelKeyTable(String nodeId, SecureRandom random) {
    this.nodeTag = CancelKeys.nodeTag(nodeId);
    this.random = random;
  }

  /**
   * Assigns a fresh key to {@code call}.
   *
   * @return empty when every local id is taken (the node then refuses the session)
   */
  synchronized Optional<Key> register(SessionCall call) {
    if (byProcessId.size() >= CancelKeys.MAX_LOCAL_IDS) {
      return Optional.empty();
    }
    // Random first (ids do not reveal how many sessions came before), then a scan: with the table
    // bounded by the node's session limit the first try almost always succeeds.
    int start = 1 + random.nextInt(CancelKeys.MAX_LOCAL_IDS);
    for (int i = 0; i < CancelKeys.MAX_LOCAL_IDS; i++) {
      int local = 1 + (start - 1 + i) % CancelKeys.MAX_LOCAL_IDS;
      int pid = CancelKeys.processId(nodeTag, local);
      if (!byProcessId.containsKey(pid)) {
        Key key = new Key(pid, random.nextInt());
        byProcessId.put(pid, new Entry(key.secret(), call));
        return Optional.of(key);
      }
    }
    return Optional.empty();
  }

  /** Forgets a session's key (only if it still belongs to {@code call}). */
  synchronized void remove(Key key, SessionCall call) {
    Entry e = byProcessId.get(key.processId());
    if (e != null && e.call() == call) {
      byProcessId.remove(key.processId());
    }
  }

  /** The session holding exactly this key. */
  synchronized Optional<SessionCall> find(int processId, int secret) {
    Entry e = byProcessId.get(processId);
    if (e == null || !MessageDigest.isEqual(bytes(e.secret()), bytes(secret))) {
      return Optional.empty();
    }
    return Optional.of(e.call());
  }

  private static byte[] bytes(int v) {
    return ByteBuffer.allocate(4).putInt(v).array();
  }
}
