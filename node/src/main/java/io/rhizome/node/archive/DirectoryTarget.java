/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.archive;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An archive in a directory ({@code --archive-dir}), typically a mounted network file system: each
 * key is a file; a put writes a temporary file, forces it and renames it into place, so an object
 * is either whole or absent.
 */
final class DirectoryTarget implements ArchiveTarget {
  private final Path root;

  DirectoryTarget(Path root) throws IOException {
    this.root = Files.createDirectories(root.toAbsolutePath().normalize());
  }

  private Path path(String key) {
    Path p = root.resolve(key).normalize();
    if (!p.startsWith(root) || key.contains("..")) {
      throw new IllegalArgumentException("archive key outside the archive: " + key);
    }
    return p;
  }

  @Override
  public void put(String key, byte[] data) throws IOException {
    Path target = path(key);
    Files.createDirectories(target.getParent());
    Path tmp = target.resolveSibling(target.getFileName() + ".part");
    Files.write(tmp, data);
    finish(tmp, target);
  }

  @Override
  public void put(String key, Path file) throws IOException {
    Path target = path(key);
    Files.createDirectories(target.getParent());
    Path tmp = target.resolveSibling(target.getFileName() + ".part");
    Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
    finish(tmp, target);
  }

  private static void finish(Path tmp, Path target) throws IOException {
    try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      c.force(true);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public byte[] get(String key) throws IOException {
    return Files.readAllBytes(path(key));
  }

  @Override
  public void download(String key, Path file) throws IOException {
    Files.copy(path(key), file, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public List<String> list(String prefix) throws IOException {
    List<String> keys = new ArrayList<>();
    Path start =
        path(prefix.endsWith("/") ? prefix : prefix.substring(0, prefix.lastIndexOf('/') + 1));
    if (!Files.isDirectory(start)) {
      return keys;
    }
    Files.walkFileTree(
        start,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            String key =
                root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
            if (key.startsWith(prefix) && !key.endsWith(".part")) {
              keys.add(key);
            }
            return FileVisitResult.CONTINUE;
          }
        });
    Collections.sort(keys);
    return keys;
  }

  @Override
  public void delete(String key) throws IOException {
    try {
      Files.delete(path(key));
    } catch (NoSuchFileException e) {
      // already gone
    }
  }

  @Override
  public String describe() {
    return root.toString();
  }

  @Override
  public void close() {}
}
