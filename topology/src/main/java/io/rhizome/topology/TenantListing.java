/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.topology;

import io.rhizome.proto.TenantRecord;
import io.rhizome.topology.MetaStore.Entry;
import io.rhizome.topology.MetaStore.Page;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads over many tenant records, always from the store and a page at a time: no process holds
 * every tenant, and no answer holds more than one page (see {@link TenantQuery}).
 */
final class TenantListing {
  /** Records read per page when scanning (about 300 KB of records). */
  static final int SCAN_PAGE = 1_000;

  private final MetaStore store;
  private final KeyLayout keys;

  TenantListing(MetaStore store, KeyLayout keys) {
    this.store = store;
    this.keys = keys;
  }

  TenantPage page(TenantQuery query) throws TopologyException {
    String base = keys.tenantsPrefix() + query.prefix();
    String to = MetaStore.prefixEnd(base);
    String from = base;
    boolean skipFirst = false;
    if (!query.after().isEmpty()) {
      String afterKey = keys.tenant(query.after());
      if (afterKey.compareTo(from) >= 0) {
        from = afterKey;
        skipFirst = true;
      }
    }
    // One more than asked: the cursor itself may come first, and one past the page tells "more".
    Page page = store.range(from, to, query.limit() + 1);
    List<TenantRecord> tenants = new ArrayList<>(query.limit());
    boolean more = page.more();
    for (Entry e : page.entries()) {
      if (skipFirst && e.key().equals(from)) {
        continue;
      }
      if (!isTenantKey(e.key())) {
        continue;
      }
      if (tenants.size() == query.limit()) {
        more = true;
        break;
      }
      tenants.add(Records.parse(e, TenantRecord.parser()));
    }
    return new TenantPage(tenants, more);
  }

  long count() throws TopologyException {
    return store.count(keys.tenantsPrefix(), MetaStore.prefixEnd(keys.tenantsPrefix()));
  }

  /**
   * Whether a tenant other than {@code tenant} lives on {@code shard}, scanning records in pages
   * until the first one found. Tenants of a hashed shard are spread evenly over the name space, so
   * with many tenants the first page answers; only a tenant truly alone costs a full scan, which
   * happens in clusters with few tenants.
   */
  boolean anotherTenantOn(int shard, String tenant) throws TopologyException {
    String from = keys.tenantsPrefix();
    String to = MetaStore.prefixEnd(from);
    while (true) {
      Page page = store.range(from, to, SCAN_PAGE);
      for (Entry e : page.entries()) {
        if (!isTenantKey(e.key())) {
          continue;
        }
        TenantRecord t = Records.parse(e, TenantRecord.parser());
        if (t.getShard() == shard && !t.getName().equals(tenant)) {
          return true;
        }
      }
      if (!page.more() || page.entries().isEmpty()) {
        return false;
      }
      from = page.entries().get(page.entries().size() - 1).key() + '\0';
    }
  }

  private boolean isTenantKey(String key) {
    return keys.parse(key).filter(p -> p.kind() == KeyLayout.Kind.TENANT).isPresent();
  }
}
