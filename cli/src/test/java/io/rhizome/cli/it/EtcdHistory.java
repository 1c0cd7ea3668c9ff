/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
package io.rhizome.cli.it;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.rhizome.proto.ShardRecord;
import io.rhizome.testkit.Etcd;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The history of the cluster map in etcd, replayed with a watch from revision 1. */
final class EtcdHistory {
  private EtcdHistory() {}

  /** One put of a shard key. */
  record Placement(String node, long epoch, long revision) {}

  /** Every put of every shard key, in order, by key. */
  static Map<String, List<Placement>> shardPlacements(Etcd etcd) throws Exception {
    ByteSequence prefix = ByteSequence.from("/rhizome/", StandardCharsets.UTF_8);
    try (Client client = Client.builder().endpoints(etcd.endpoints().toArray(URI[]::new)).build()) {
      long now =
          client
              .getKVClient()
              .get(prefix, GetOption.builder().isPrefix(true).withCountOnly(true).build())
              .get(10, TimeUnit.SECONDS)
              .getHeader()
              .getRevision();
      Map<String, List<Placement>> history = new TreeMap<>();
      CompletableFuture<Void> caughtUp = new CompletableFuture<>();
      Watch.Listener listener =
          Watch.listener(
              response -> {
                synchronized (history) {
                  for (WatchEvent e : response.getEvents()) {
                    String key = e.getKeyValue().getKey().toString(StandardCharsets.UTF_8);
                    long revision = e.getKeyValue().getModRevision();
                    if (key.contains("/shards/") && e.getEventType() == WatchEvent.EventType.PUT) {
                      try {
                        ShardRecord r =
                            ShardRecord.parseFrom(e.getKeyValue().getValue().getBytes());
                        history
                            .computeIfAbsent(key, k -> new ArrayList<>())
                            .add(new Placement(r.getNodeId(), r.getEpoch(), revision));
                      } catch (Exception ex) {
                        caughtUp.completeExceptionally(ex);
                      }
                    }
                    if (revision >= now) {
                      caughtUp.complete(null);
                    }
                  }
                }
              },
              caughtUp::completeExceptionally);
      try (Watch.Watcher watcher =
          client
              .getWatchClient()
              .watch(
                  prefix, WatchOption.builder().isPrefix(true).withRevision(1).build(), listener)) {
        caughtUp.get(30, TimeUnit.SECONDS);
      }
      synchronized (history) {
        return new TreeMap<>(history);
      }
    }
  }
}
