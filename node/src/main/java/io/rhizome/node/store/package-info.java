/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
/**
 * A node's tenant files: opening them ({@link io.rhizome.node.store.TenantStore}), the cache of
 * open connections ({@link io.rhizome.node.store.TenantHandles}), quotas, backups and the trash,
 * and the lockdown every connection and every statement passes ({@link
 * io.rhizome.node.store.TenantLockdown}).
 *
 * <p><b>The node keeps its own lexer.</b> The lockdown reads each statement with {@link
 * io.rhizome.node.store.SqlWords}, SQLite's own rules for comments, quotes and case, and not with
 * the gateway's Postgres front end ({@code io.rhizome.pgsql}): a node must never trust what a
 * gateway decided about a statement, since anything that reaches the node's port is judged here and
 * only here. The two lexers answer different questions (what SQLite will see, versus what Postgres
 * meant), so sharing one would couple the node's safety to the gateway's dialect work.
 */
package io.rhizome.node.store;
