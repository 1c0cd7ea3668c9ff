/* Copyright 2026 The Rhizome Authors. SPDX-License-Identifier: Apache-2.0 */
/**
 * The Postgres catalog a tenant's connection shows: {@code pg_catalog} and {@code
 * information_schema} as temporary views over the tenant's own schema, Postgres' catalog functions,
 * and the static data of PostgreSQL 15 (types, keywords, ...; {@code node/tools/
 * extract-pg-catalog.sh} extracts it from a real server).
 *
 * <pre>
 *   TenantCatalog      creates what a statement names, on first use (the lockdown's name scan)
 *     ├─ Relations         the SQL of every view, typed through a last, empty arm
 *     ├─ CatalogFunctions  format_type, pg_get_indexdef, array helpers, ...
 *     │    ├─ Definitions    pg_get_indexdef / constraintdef / viewdef texts
 *     │    ├─ SchemaLookups  the tenant's sqlite_schema and pragmas, by OID
 *     │    └─ TypeNames      format_type and regtype input
 *     ├─ PgStatic          PostgreSQL 15's data (resources pg15/*.tsv)
 *     └─ Oids              OIDs derived from sqlite_schema rowids
 *   ParameterTypes     types of parameters a client left untyped, read off the columns they meet
 * </pre>
 *
 * The translated statements that read these come from the gateway ({@code io.rhizome.pgsql}); what
 * they may name is {@code io.rhizome.pgsql.NodeCatalog}, and {@code TenantCatalogTest} checks that
 * every name listed there exists. The catalog is no exception to the lockdown: its views read
 * {@code main} through allow-listed pragmas on the tenant's own connection, and nothing of it is
 * written into the tenant's file.
 */
package io.rhizome.node.catalog;
