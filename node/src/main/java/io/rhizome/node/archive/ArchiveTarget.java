/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.archive;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where archives go: a flat namespace of immutable objects under '/'-separated keys, the subset of
 * object storage point-in-time recovery needs. Keys are built from validated names only (cluster,
 * tenant, node ids, numbers), never from client input.
 */
public interface ArchiveTarget extends AutoCloseable {
  /** Stores {@code data} under {@code key}, replacing nothing (keys are never reused). */
  void put(String key, byte[] data) throws IOException;

  /** Stores the file's bytes under {@code key}. */
  void put(String key, Path file) throws IOException;

  /** The object's bytes. */
  byte[] get(String key) throws IOException;

  /** Writes the object to {@code file}. */
  void download(String key, Path file) throws IOException;

  /** Every key that starts with {@code prefix}, in key order. */
  List<String> list(String prefix) throws IOException;

  void delete(String key) throws IOException;

  /** For logs: where the archive is (never credentials). */
  String describe();

  @Override
  void close();
}
