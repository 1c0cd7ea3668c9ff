/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.node.archive;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/** Opens the archive a node is configured with: the one place that knows the implementations. */
public final class ArchiveTargets {
  private ArchiveTargets() {}

  /** A directory, created if missing ({@code --archive-dir}). */
  public static ArchiveTarget directory(Path dir) throws IOException {
    return new DirectoryTarget(dir);
  }

  /**
   * S3-compatible object storage ({@code --archive s3://bucket/prefix}) with endpoint, region and
   * credentials from {@code config} (see {@link S3Target}).
   */
  public static ArchiveTarget s3(URI location, Path config) throws IOException {
    return S3Target.open(location, config);
  }
}
