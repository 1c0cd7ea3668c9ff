/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.pgsql.tree;

import java.util.List;

/**
 * A node of the syntax tree, with its span in the source text. The tree is concrete enough to be
 * written back: a node's text is the source between its children plus its children's texts, so a
 * rewrite replaces exactly the nodes it changes and leaves the rest of the statement byte for byte.
 */
public interface Node {
  /** Index of the node's first char in the source. */
  int start();

  /** Index after the node's last char. */
  int end();

  /** The nodes inside this one, in source order, their spans disjoint and within this span. */
  List<? extends Node> children();
}
