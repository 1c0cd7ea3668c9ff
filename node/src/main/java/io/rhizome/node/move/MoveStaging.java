/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.move;

import io.rhizome.topology.TenantNames;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where a move's copies of a shard's tenant files wait ({@code <data>/incoming/<shard>-<move>/}),
 * and how they go into place: the whole directory is renamed to {@code shards/<shard>} in one step
 * just before the flip, so the destination never serves a half-copied shard (it does not own the
 * shard before the flip anyway, and after it every file is there).
 */
final class MoveStaging {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final Path dataDir;
  private final Path dir;
  private final int shard;

  MoveStaging(Path dataDir, int shard, String moveId) {
    this.dataDir = dataDir.toAbsolutePath().normalize();
    this.shard = shard;
    this.dir = this.dataDir.resolve("incoming").resolve(shard + "-" + moveId);
  }

  /** Empties the staging directory (whatever is there is from an attempt that did not finish). */
  void reset() throws IOException {
    deleteTree(dir);
    Files.createDirectories(dir);
  }

  /** Where a tenant's copy goes. */
  Path file(String tenant) {
    TenantNames.require(tenant);
    return dir.resolve(tenant + ".db");
  }

  void delete(String tenant) throws IOException {
    Files.deleteIfExists(file(tenant));
  }

  /**
   * Flushes the directory to disk (the copier flushed each file as it wrote it): the flip must not
   * outrun the data.
   */
  void sync() throws IOException {
    force(dir);
  }

  /**
   * Renames the staging directory to {@code shards/<shard>}; a copy already there (left from an
   * earlier ownership) goes to the trash first.
   */
  void install() throws IOException {
    Path target = shardDir();
    Files.createDirectories(target.getParent());
    trashShardDir();
    Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
    force(target.getParent());
  }

  /** Moves {@code shards/<shard>} to the trash, if it exists: the node must not own the shard. */
  Optional<Path> trashShardDir() throws IOException {
    Path target = shardDir();
    if (!Files.exists(target)) {
      return Optional.empty();
    }
    Path trash = dataDir.resolve("trash");
    Files.createDirectories(trash);
    Path to = trash.resolve("shard-" + shard + "-" + STAMP.format(java.time.Instant.now()));
    Files.move(target, to, StandardCopyOption.ATOMIC_MOVE);
    return Optional.of(dataDir.relativize(to));
  }

  /** Removes the staging directory and everything in it; never throws. */
  void discard() {
    try {
      deleteTree(dir);
    } catch (IOException e) {
      // Emptied by the next attempt of a move of this shard.
    }
  }

  private Path shardDir() {
    return dataDir.resolve("shards").resolve(Integer.toString(shard));
  }

  private static void force(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
        channel.force(true);
      } catch (IOException e) {
        // Some file systems cannot open a directory for fsync; the files themselves are forced.
      }
      return;
    }
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
