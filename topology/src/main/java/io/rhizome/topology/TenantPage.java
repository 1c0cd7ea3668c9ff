/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import io.rhizome.proto.TenantRecord;
import java.util.List;
import java.util.Optional;

/**
 * One page of a tenant listing, in name order.
 *
 * @param more whether tenants matching the query follow this page (list again after {@link #next})
 */
public record TenantPage(List<TenantRecord> tenants, boolean more) {
  public TenantPage {
    tenants = List.copyOf(tenants);
  }

  /** The name to list after for the next page, when there is one. */
  public Optional<String> next() {
    return more && !tenants.isEmpty()
        ? Optional.of(tenants.get(tenants.size() - 1).getName())
        : Optional.empty();
  }
}
