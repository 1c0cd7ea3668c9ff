/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.proto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The layout of a session's BackendKeyData process id, shared by nodes (which assign it) and
 * gateways (which route a CancelRequest by it).
 *
 * <pre>
 * process id (Int32, always positive) = 0 | node tag (15 bits) | local id (16 bits, never 0)
 * </pre>
 *
 * The node tag is a hash of the node id, so a gateway that never saw the session finds the
 * candidate node(s) among the live nodes without any extra metadata; two nodes sharing a tag both
 * get the cancel and only the one holding the session acts on it. The local id is unique among a
 * node's open sessions. The secret key (the other Int32) is random and is the only part that
 * authorizes a cancel.
 */
public final class CancelKeys {
  /** Sessions a node can tell apart by process id (local ids 1..65535). */
  public static final int MAX_LOCAL_IDS = 0xFFFF;

  private static final int TAG_MASK = 0x7FFF;

  private CancelKeys() {}

  /** The 15-bit tag of a node: the first bits of SHA-256 of its id. */
  public static int nodeTag(String nodeId) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256").digest(nodeId.getBytes(StandardCharsets.UTF_8));
      return ((h[0] & 0xFF) << 8 | (h[1] & 0xFF)) & TAG_MASK;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** The process id of local id {@code localId} (1..65535) on the node with {@code nodeTag}. */
  public static int processId(int nodeTag, int localId) {
    if (localId < 1 || localId > MAX_LOCAL_IDS) {
      throw new IllegalArgumentException("local id out of range: " + localId);
    }
    return (nodeTag & TAG_MASK) << 16 | localId;
  }

  /** The node tag a process id carries. */
  public static int nodeTagOf(int processId) {
    return (processId >>> 16) & TAG_MASK;
  }

  /** The local id a process id carries. */
  public static int localIdOf(int processId) {
    return processId & 0xFFFF;
  }
}
