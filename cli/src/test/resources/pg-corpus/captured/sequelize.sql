-- Statements Sequelize 6.37 (stock postgres dialect, node-postgres 8) sent to PostgreSQL 15: cli/src/test/node/sequelize_app.js. Recorded with cli/tools/record_corpus.py.
--
-- construct: Sequelize
SET client_min_messages TO warning;SET TIME ZONE INTERVAL '+00:00' HOUR TO MINUTE;
--
-- construct: Sequelize
-- rhizome: (typname:text, typtype:text, oid:number, typarray:number, rngtypname:text, rngtypid:number, rngtyparray:number) bool, b, 16, 1000, NULL, NULL, NULL; bytea, b, 17, 1001, NULL, NULL, NULL; char, b, 18, 1002, NULL, NULL, NULL; name, b, 19, 1003, NULL, NULL, NULL; int8, b, 20, 1016, int8range, 3926, 3927; int2, b, 21, 1005, NULL, NULL, NULL; int2vector, b, 22, 1006, NULL, NULL, NULL; int4, b, 23, 1007, int4range, 3904, 3905; regproc, b, 24, 1008, NULL, NULL, NULL; text, b, 25, 1009, NULL, NULL, NULL; oid, b, 26, 1028, NULL, NULL, NULL; tid, b, 27, 1010, NULL, NULL, NULL; xid, b, 28, 1011, NULL, NULL, NULL; cid, b, 29, 1012, NULL, NULL, NULL; oidvector, b, 30, 1013, NULL, NULL, NULL; json, b, 114, 199, NULL, NULL, NULL; xml, b, 142, 143, NULL, NULL, NULL; _xml, b, 143, 0, NULL, NULL, NULL; pg_node_tree, b, 194, 0, NULL, NULL, NULL; _json, b, 199, 0, NULL, NULL, NULL; _pg_type, b, 210, 0, NULL, NULL, NULL; _pg_attribute, b, 270, 0, NULL, NULL, NULL; _xid8, b, 271, 0, NULL, NULL, NULL; _pg_proc, b, 272, 0, NULL, NULL, NULL; _pg_class, b, 273, 0, NULL, NULL, NULL; point, b, 600, 1017, NULL, NULL, NULL; lseg, b, 601, 1018, NULL, NULL, NULL; path, b, 602, 1019, NULL, NULL, NULL; box, b, 603, 1020, NULL, NULL, NULL; polygon, b, 604, 1027, NULL, NULL, NULL; line, b, 628, 629, NULL, NULL, NULL; _line, b, 629, 0, NULL, NULL, NULL; cidr, b, 650, 651, NULL, NULL, NULL; _cidr, b, 651, 0, NULL, NULL, NULL; float4, b, 700, 1021, NULL, NULL, NULL; float8, b, 701, 1022, NULL, NULL, NULL; circle, b, 718, 719, NULL, NULL, NULL; _circle, b, 719, 0, NULL, NULL, NULL; macaddr8, b, 774, 775, NULL, NULL, NULL; _macaddr8, b, 775, 0, NULL, NULL, NULL; money, b, 790, 791, NULL, NULL, NULL; _money, b, 791, 0, NULL, NULL, NULL; macaddr, b, 829, 1040, NULL, NULL, NULL; inet, b, 869, 1041, NULL, NULL, NULL; _bool, b, 1000, 0, NULL, NULL, NULL; _bytea, b, 1001, 0, NULL, NULL, NULL; _char, b, 1002, 0, NULL, NULL, NULL; _name, b, 1003, 0, NULL, NULL, NULL; _int2, b, 1005, 0, NULL, NULL, NULL; _int2vector, b, 1006, 0, NULL, NULL, NULL; _int4, b, 1007, 0, NULL, NULL, NULL; _regproc, b, 1008, 0, NULL, NULL, NULL; _text, b, 1009, 0, NULL, NULL, NULL; _tid, b, 1010, 0, NULL, NULL, NULL; _xid, b, 1011, 0, NULL, NULL, NULL; _cid, b, 1012, 0, NULL, NULL, NULL; _oidvector, b, 1013, 0, NULL, NULL, NULL; _bpchar, b, 1014, 0, NULL, NULL, NULL; _varchar, b, 1015, 0, NULL, NULL, NULL; _int8, b, 1016, 0, NULL, NULL, NULL; _point, b, 1017, 0, NULL, NULL, NULL; _lseg, b, 1018, 0, NULL, NULL, NULL; _path, b, 1019, 0, NULL, NULL, NULL; _box, b, 1020, 0, NULL, NULL, NULL; _float4, b, 1021, 0, NULL, NULL, NULL; _float8, b, 1022, 0, NULL, NULL, NULL; _polygon, b, 1027, 0, NULL, NULL, NULL; _oid, b, 1028, 0, NULL, NULL, NULL; aclitem, b, 1033, 1034, NULL, NULL, NULL; _aclitem, b, 1034, 0, NULL, NULL, NULL; _macaddr, b, 1040, 0, NULL, NULL, NULL; _inet, b, 1041, 0, NULL, NULL, NULL; bpchar, b, 1042, 1014, NULL, NULL, NULL; varchar, b, 1043, 1015, NULL, NULL, NULL; date, b, 1082, 1182, daterange, 3912, 3913; time, b, 1083, 1183, NULL, NULL, NULL; timestamp, b, 1114, 1115, tsrange, 3908, 3909; _timestamp, b, 1115, 0, NULL, NULL, NULL; _date, b, 1182, 0, NULL, NULL, NULL; _time, b, 1183, 0, NULL, NULL, NULL; timestamptz, b, 1184, 1185, tstzrange, 3910, 3911; _timestamptz, b, 1185, 0, NULL, NULL, NULL; interval, b, 1186, 1187, NULL, NULL, NULL; _interval, b, 1187, 0, NULL, NULL, NULL; _numeric, b, 1231, 0, NULL, NULL, NULL; _cstring, b, 1263, 0, NULL, NULL, NULL; timetz, b, 1266, 1270, NULL, NULL, NULL; _timetz, b, 1270, 0, NULL, NULL, NULL; bit, b, 1560, 1561, NULL, NULL, NULL; _bit, b, 1561, 0, NULL, NULL, NULL; varbit, b, 1562, 1563, NULL, NULL, NULL; _varbit, b, 1563, 0, NULL, NULL, NULL; numeric, b, 1700, 1231, numrange, 3906, 3907; refcursor, b, 1790, 2201, NULL, NULL, NULL; _refcursor, b, 2201, 0, NULL, NULL, NULL; regprocedure, b, 2202, 2207, NULL, NULL, NULL; regoper, b, 2203, 2208, NULL, NULL, NULL; regoperator, b, 2204, 2209, NULL, NULL, NULL; regclass, b, 2205, 2210, NULL, NULL, NULL; regtype, b, 2206, 2211, NULL, NULL, NULL; _regprocedure, b, 2207, 0, NULL, NULL, NULL; _regoper, b, 2208, 0, NULL, NULL, NULL; _regoperator, b, 2209, 0, NULL, NULL, NULL; _regclass, b, 2210, 0, NULL, NULL, NULL; _regtype, b, 2211, 0, NULL, NULL, NULL; _txid_snapshot, b, 2949, 0, NULL, NULL, NULL; uuid, b, 2950, 2951, NULL, NULL, NULL; _uuid, b, 2951, 0, NULL, NULL, NULL; txid_snapshot, b, 2970, 2949, NULL, NULL, NULL; pg_lsn, b, 3220, 3221, NULL, NULL, NULL; _pg_lsn, b, 3221, 0, NULL, NULL, NULL; pg_ndistinct, b, 3361, 0, NULL, NULL, NULL; pg_dependencies, b, 3402, 0, NULL, NULL, NULL; tsvector, b, 3614, 3643, NULL, NULL, NULL; tsquery, b, 3615, 3645, NULL, NULL, NULL; gtsvector, b, 3642, 3644, NULL, NULL, NULL; _tsvector, b, 3643, 0, NULL, NULL, NULL; _gtsvector, b, 3644, 0, NULL, NULL, NULL; _tsquery, b, 3645, 0, NULL, NULL, NULL; regconfig, b, 3734, 3735, NULL, NULL, NULL; _regconfig, b, 3735, 0, NULL, NULL, NULL; regdictionary, b, 3769, 3770, NULL, NULL, NULL; _regdictionary, b, 3770, 0, NULL, NULL, NULL; jsonb, b, 3802, 3807, NULL, NULL, NULL; _jsonb, b, 3807, 0, NULL, NULL, NULL; _int4range, b, 3905, 0, NULL, NULL, NULL; _numrange, b, 3907, 0, NULL, NULL, NULL; _tsrange, b, 3909, 0, NULL, NULL, NULL; _tstzrange, b, 3911, 0, NULL, NULL, NULL; _daterange, b, 3913, 0, NULL, NULL, NULL; _int8range, b, 3927, 0, NULL, NULL, NULL; jsonpath, b, 4072, 4073, NULL, NULL, NULL; _jsonpath, b, 4073, 0, NULL, NULL, NULL; regnamespace, b, 4089, 4090, NULL, NULL, NULL; _regnamespace, b, 4090, 0, NULL, NULL, NULL; regrole, b, 4096, 4097, NULL, NULL, NULL; _regrole, b, 4097, 0, NULL, NULL, NULL; regcollation, b, 4191, 4192, NULL, NULL, NULL; _regcollation, b, 4192, 0, NULL, NULL, NULL; pg_brin_bloom_summary, b, 4600, 0, NULL, NULL, NULL; pg_brin_minmax_multi_summary, b, 4601, 0, NULL, NULL, NULL; pg_mcv_list, b, 5017, 0, NULL, NULL, NULL; pg_snapshot, b, 5038, 5039, NULL, NULL, NULL; _pg_snapshot, b, 5039, 0, NULL, NULL, NULL; xid8, b, 5069, 271, NULL, NULL, NULL; _int4multirange, b, 6150, 0, NULL, NULL, NULL; _nummultirange, b, 6151, 0, NULL, NULL, NULL; _tsmultirange, b, 6152, 0, NULL, NULL, NULL; _tstzmultirange, b, 6153, 0, NULL, NULL, NULL; _datemultirange, b, 6155, 0, NULL, NULL, NULL; _int8multirange, b, 6157, 0, NULL, NULL, NULL; _pg_attrdef, b, 10000, 0, NULL, NULL, NULL; _pg_constraint, b, 10002, 0, NULL, NULL, NULL; _pg_inherits, b, 10004, 0, NULL, NULL, NULL; _pg_index, b, 10006, 0, NULL, NULL, NULL; _pg_operator, b, 10008, 0, NULL, NULL, NULL; _pg_opfamily, b, 10010, 0, NULL, NULL, NULL; _pg_opclass, b, 10012, 0, NULL, NULL, NULL; _pg_am, b, 10014, 0, NULL, NULL, NULL; _pg_amop, b, 10016, 0, NULL, NULL, NULL; _pg_amproc, b, 10018, 0, NULL, NULL, NULL; _pg_language, b, 10020, 0, NULL, NULL, NULL; _pg_largeobject_metadata, b, 10022, 0, NULL, NULL, NULL; _pg_largeobject, b, 10024, 0, NULL, NULL, NULL; _pg_aggregate, b, 10026, 0, NULL, NULL, NULL; _pg_statistic, b, 10028, 0, NULL, NULL, NULL; _pg_statistic_ext, b, 10030, 0, NULL, NULL, NULL; _pg_statistic_ext_data, b, 10032, 0, NULL, NULL, NULL; _pg_rewrite, b, 10034, 0, NULL, NULL, NULL; _pg_trigger, b, 10036, 0, NULL, NULL, NULL; _pg_event_trigger, b, 10038, 0, NULL, NULL, NULL; _pg_description, b, 10040, 0, NULL, NULL, NULL; _pg_cast, b, 10042, 0, NULL, NULL, NULL; _pg_enum, b, 10044, 0, NULL, NULL, NULL; _pg_namespace, b, 10046, 0, NULL, NULL, NULL; _pg_conversion, b, 10048, 0, NULL, NULL, NULL; _pg_depend, b, 10050, 0, NULL, NULL, NULL; _pg_database, b, 10052, 0, NULL, NULL, NULL; _pg_db_role_setting, b, 10053, 0, NULL, NULL, NULL; _pg_tablespace, b, 10055, 0, NULL, NULL, NULL; _pg_authid, b, 10057, 0, NULL, NULL, NULL; _pg_auth_members, b, 10058, 0, NULL, NULL, NULL; _pg_shdepend, b, 10059, 0, NULL, NULL, NULL; _pg_shdescription, b, 10061, 0, NULL, NULL, NULL; _pg_ts_config, b, 10063, 0, NULL, NULL, NULL; _pg_ts_config_map, b, 10065, 0, NULL, NULL, NULL; _pg_ts_dict, b, 10067, 0, NULL, NULL, NULL; _pg_ts_parser, b, 10069, 0, NULL, NULL, NULL; _pg_ts_template, b, 10071, 0, NULL, NULL, NULL; _pg_extension, b, 10073, 0, NULL, NULL, NULL; _pg_foreign_data_wrapper, b, 10075, 0, NULL, NULL, NULL; _pg_foreign_server, b, 10077, 0, NULL, NULL, NULL; _pg_user_mapping, b, 10079, 0, NULL, NULL, NULL; _pg_foreign_table, b, 10081, 0, NULL, NULL, NULL; _pg_policy, b, 10083, 0, NULL, NULL, NULL; _pg_replication_origin, b, 10085, 0, NULL, NULL, NULL; _pg_default_acl, b, 10087, 0, NULL, NULL, NULL; _pg_init_privs, b, 10089, 0, NULL, NULL, NULL; _pg_seclabel, b, 10091, 0, NULL, NULL, NULL; _pg_shseclabel, b, 10093, 0, NULL, NULL, NULL; _pg_collation, b, 10094, 0, NULL, NULL, NULL; _pg_parameter_acl, b, 10096, 0, NULL, NULL, NULL; _pg_partitioned_table, b, 10098, 0, NULL, NULL, NULL; _pg_range, b, 10100, 0, NULL, NULL, NULL; _pg_transform, b, 10102, 0, NULL, NULL, NULL; _pg_sequence, b, 10104, 0, NULL, NULL, NULL; _pg_publication, b, 10106, 0, NULL, NULL, NULL; _pg_publication_namespace, b, 10108, 0, NULL, NULL, NULL; _pg_publication_rel, b, 10110, 0, NULL, NULL, NULL; _pg_subscription, b, 10112, 0, NULL, NULL, NULL; _pg_subscription_rel, b, 10113, 0, NULL, NULL, NULL; _pg_roles, b, 12001, 0, NULL, NULL, NULL; _pg_shadow, b, 12006, 0, NULL, NULL, NULL; _pg_group, b, 12011, 0, NULL, NULL, NULL; _pg_user, b, 12015, 0, NULL, NULL, NULL; _pg_policies, b, 12019, 0, NULL, NULL, NULL; _pg_rules, b, 12024, 0, NULL, NULL, NULL; _pg_views, b, 12029, 0, NULL, NULL, NULL; _pg_tables, b, 12034, 0, NULL, NULL, NULL; _pg_matviews, b, 12039, 0, NULL, NULL, NULL; _pg_indexes, b, 12044, 0, NULL, NULL, NULL; _pg_sequences, b, 12049, 0, NULL, NULL, NULL; _pg_stats, b, 12054, 0, NULL, NULL, NULL; _pg_stats_ext, b, 12059, 0, NULL, NULL, NULL; _pg_stats_ext_exprs, b, 12064, 0, NULL, NULL, NULL; _pg_publication_tables, b, 12069, 0, NULL, NULL, NULL; _pg_locks, b, 12074, 0, NULL, NULL, NULL; _pg_cursors, b, 12078, 0, NULL, NULL, NULL; _pg_available_extensions, b, 12082, 0, NULL, NULL, NULL; _pg_available_extension_versions, b, 12086, 0, NULL, NULL, NULL; _pg_prepared_xacts, b, 12091, 0, NULL, NULL, NULL; _pg_prepared_statements, b, 12096, 0, NULL, NULL, NULL; _pg_seclabels, b, 12100, 0, NULL, NULL, NULL; _pg_settings, b, 12105, 0, NULL, NULL, NULL; _pg_file_settings, b, 12111, 0, NULL, NULL, NULL; _pg_hba_file_rules, b, 12115, 0, NULL, NULL, NULL; _pg_ident_file_mappings, b, 12119, 0, NULL, NULL, NULL; _pg_timezone_abbrevs, b, 12123, 0, NULL, NULL, NULL; _pg_timezone_names, b, 12127, 0, NULL, NULL, NULL; _pg_config, b, 12131, 0, NULL, NULL, NULL; _pg_shmem_allocations, b, 12135, 0, NULL, NULL, NULL; _pg_backend_memory_contexts, b, 12139, 0, NULL, NULL, NULL; _pg_stat_all_tables, b, 12143, 0, NULL, NULL, NULL; _pg_stat_xact_all_tables, b, 12148, 0, NULL, NULL, NULL; _pg_stat_sys_tables, b, 12153, 0, NULL, NULL, NULL; _pg_stat_xact_sys_tables, b, 12158, 0, NULL, NULL, NULL; _pg_stat_user_tables, b, 12162, 0, NULL, NULL, NULL; _pg_stat_xact_user_tables, b, 12167, 0, NULL, NULL, NULL; _pg_statio_all_tables, b, 12171, 0, NULL, NULL, NULL; _pg_statio_sys_tables, b, 12176, 0, NULL, NULL, NULL; _pg_statio_user_tables, b, 12180, 0, NULL, NULL, NULL; _pg_stat_all_indexes, b, 12184, 0, NULL, NULL, NULL; _pg_stat_sys_indexes, b, 12189, 0, NULL, NULL, NULL; _pg_stat_user_indexes, b, 12193, 0, NULL, NULL, NULL; _pg_statio_all_indexes, b, 12197, 0, NULL, NULL, NULL; _pg_statio_sys_indexes, b, 12202, 0, NULL, NULL, NULL; _pg_statio_user_indexes, b, 12206, 0, NULL, NULL, NULL; _pg_statio_all_sequences, b, 12210, 0, NULL, NULL, NULL; _pg_statio_sys_sequences, b, 12215, 0, NULL, NULL, NULL; _pg_statio_user_sequences, b, 12219, 0, NULL, NULL, NULL; _pg_stat_activity, b, 12223, 0, NULL, NULL, NULL; _pg_stat_replication, b, 12228, 0, NULL, NULL, NULL; _pg_stat_slru, b, 12233, 0, NULL, NULL, NULL; _pg_stat_wal_receiver, b, 12237, 0, NULL, NULL, NULL; _pg_stat_recovery_prefetch, b, 12241, 0, NULL, NULL, NULL; _pg_stat_subscription, b, 12245, 0, NULL, NULL, NULL; _pg_stat_ssl, b, 12250, 0, NULL, NULL, NULL; _pg_stat_gssapi, b, 12254, 0, NULL, NULL, NULL; _pg_replication_slots, b, 12258, 0, NULL, NULL, NULL; _pg_stat_replication_slots, b, 12263, 0, NULL, NULL, NULL; _pg_stat_database, b, 12267, 0, NULL, NULL, NULL; _pg_stat_database_conflicts, b, 12272, 0, NULL, NULL, NULL; _pg_stat_user_functions, b, 12276, 0, NULL, NULL, NULL; _pg_stat_xact_user_functions, b, 12281, 0, NULL, NULL, NULL; _pg_stat_archiver, b, 12286, 0, NULL, NULL, NULL; _pg_stat_bgwriter, b, 12290, 0, NULL, NULL, NULL; _pg_stat_wal, b, 12294, 0, NULL, NULL, NULL; _pg_stat_progress_analyze, b, 12298, 0, NULL, NULL, NULL; _pg_stat_progress_vacuum, b, 12303, 0, NULL, NULL, NULL; _pg_stat_progress_cluster, b, 12308, 0, NULL, NULL, NULL; _pg_stat_progress_create_index, b, 12313, 0, NULL, NULL, NULL; _pg_stat_progress_basebackup, b, 12318, 0, NULL, NULL, NULL; _pg_stat_progress_copy, b, 12323, 0, NULL, NULL, NULL; _pg_user_mappings, b, 12328, 0, NULL, NULL, NULL; _pg_replication_origin_status, b, 12333, 0, NULL, NULL, NULL; _pg_stat_subscription_stats, b, 12337, 0, NULL, NULL, NULL; _cardinal_number, b, 13220, 0, NULL, NULL, NULL; _character_data, b, 13223, 0, NULL, NULL, NULL; _sql_identifier, b, 13225, 0, NULL, NULL, NULL; _time_stamp, b, 13231, 0, NULL, NULL, NULL; _yes_or_no, b, 13233, 0, NULL, NULL, NULL
-- reason: pg_type has no row types of relations and the range types' rows differ
WITH ranges AS (  SELECT pg_range.rngtypid, pg_type.typname AS rngtypname,         pg_type.typarray AS rngtyparray, pg_range.rngsubtype    FROM pg_range LEFT OUTER JOIN pg_type ON pg_type.oid = pg_range.rngtypid)SELECT pg_type.typname, pg_type.typtype, pg_type.oid, pg_type.typarray,       ranges.rngtypname, ranges.rngtypid, ranges.rngtyparray  FROM pg_type LEFT OUTER JOIN ranges ON pg_type.oid = ranges.rngsubtype WHERE (pg_type.typtype IN('b', 'e'));
--
-- construct: Sequelize
SET client_min_messages TO warning;SET TIME ZONE INTERVAL '+00:00' HOUR TO MINUTE;
--
-- construct: Sequelize
DROP TABLE IF EXISTS "sq_reviews";
--
-- construct: Sequelize
DROP TABLE IF EXISTS "sq_books" CASCADE;
--
-- construct: Sequelize
DROP TABLE IF EXISTS "sq_authors" CASCADE;
--
-- construct: Sequelize
SELECT DISTINCT tc.constraint_name as constraint_name, tc.constraint_schema as constraint_schema, tc.constraint_catalog as constraint_catalog, tc.table_name as table_name,tc.table_schema as table_schema,tc.table_catalog as table_catalog,tc.initially_deferred as initially_deferred,tc.is_deferrable as is_deferrable,kcu.column_name as column_name,ccu.table_schema  AS referenced_table_schema,ccu.table_catalog  AS referenced_table_catalog,ccu.table_name  AS referenced_table_name,ccu.column_name AS referenced_column_name FROM information_schema.table_constraints AS tc JOIN information_schema.key_column_usage AS kcu ON tc.constraint_name = kcu.constraint_name JOIN information_schema.constraint_column_usage AS ccu ON ccu.constraint_name = tc.constraint_name WHERE constraint_type = 'FOREIGN KEY' AND tc.table_name = 'sq_authors' AND tc.table_catalog = 'sequelize'
--
-- construct: Sequelize
SELECT DISTINCT tc.constraint_name as constraint_name, tc.constraint_schema as constraint_schema, tc.constraint_catalog as constraint_catalog, tc.table_name as table_name,tc.table_schema as table_schema,tc.table_catalog as table_catalog,tc.initially_deferred as initially_deferred,tc.is_deferrable as is_deferrable,kcu.column_name as column_name,ccu.table_schema  AS referenced_table_schema,ccu.table_catalog  AS referenced_table_catalog,ccu.table_name  AS referenced_table_name,ccu.column_name AS referenced_column_name FROM information_schema.table_constraints AS tc JOIN information_schema.key_column_usage AS kcu ON tc.constraint_name = kcu.constraint_name JOIN information_schema.constraint_column_usage AS ccu ON ccu.constraint_name = tc.constraint_name WHERE constraint_type = 'FOREIGN KEY' AND tc.table_name = 'sq_books' AND tc.table_catalog = 'sequelize'
--
-- construct: Sequelize
DROP TABLE IF EXISTS "sq_authors" CASCADE;
--
-- construct: Sequelize
DROP TABLE IF EXISTS "sq_books" CASCADE;
--
-- construct: Sequelize
DROP TABLE IF EXISTS "sq_authors" CASCADE;
--
-- construct: Sequelize
CREATE TABLE IF NOT EXISTS "sq_authors" ("id"  SERIAL , "name" VARCHAR(60) NOT NULL UNIQUE, "active" BOOLEAN NOT NULL DEFAULT true, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL, PRIMARY KEY ("id"));
--
-- construct: Sequelize
-- rhizome: (name:text, primary:bool, unique:bool, indkey:text, column_indexes:text, column_names:text, definition:text) sq_authors_name_key, f, t, 2, {3,4,1,2,5}, {active,createdAt,id,name,updatedAt}, CREATE UNIQUE INDEX sq_authors_name_key ON public.sq_authors USING btree (name); sq_authors_pkey, t, t, 1, {3,4,1,2,5}, {active,createdAt,id,name,updatedAt}, CREATE UNIQUE INDEX sq_authors_pkey ON public.sq_authors USING btree (id)
-- reason: pg_attribute has no system columns (tableoid, ctid, ...), so array_agg over it has fewer elements; arrays are typed text
SELECT i.relname AS name, ix.indisprimary AS primary, ix.indisunique AS unique, ix.indkey AS indkey, array_agg(a.attnum) as column_indexes, array_agg(a.attname) AS column_names, pg_get_indexdef(ix.indexrelid) AS definition FROM pg_class t, pg_class i, pg_index ix, pg_attribute a WHERE t.oid = ix.indrelid AND i.oid = ix.indexrelid AND a.attrelid = t.oid AND t.relkind = 'r' and t.relname = 'sq_authors' GROUP BY i.relname, ix.indexrelid, ix.indisprimary, ix.indisunique, ix.indkey ORDER BY i.relname;
--
-- construct: Sequelize
DROP TABLE IF EXISTS "sq_books" CASCADE;
--
-- construct: Sequelize
CREATE TABLE IF NOT EXISTS "sq_books" ("id"  SERIAL , "title" VARCHAR(255) NOT NULL, "price" DECIMAL(8,2), "published" DATE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL, "authorId" INTEGER REFERENCES "sq_authors" ("id") ON DELETE CASCADE ON UPDATE CASCADE, PRIMARY KEY ("id"));
--
-- construct: Sequelize
-- rhizome: (name:text, primary:bool, unique:bool, indkey:text, column_indexes:text, column_names:text, definition:text) sq_books_pkey, t, t, 1, {7,5,1,3,4,2,6}, {authorId,createdAt,id,price,published,title,updatedAt}, CREATE UNIQUE INDEX sq_books_pkey ON public.sq_books USING btree (id)
-- reason: pg_attribute has no system columns (tableoid, ctid, ...), so array_agg over it has fewer elements; arrays are typed text
SELECT i.relname AS name, ix.indisprimary AS primary, ix.indisunique AS unique, ix.indkey AS indkey, array_agg(a.attnum) as column_indexes, array_agg(a.attname) AS column_names, pg_get_indexdef(ix.indexrelid) AS definition FROM pg_class t, pg_class i, pg_index ix, pg_attribute a WHERE t.oid = ix.indrelid AND i.oid = ix.indexrelid AND a.attrelid = t.oid AND t.relkind = 'r' and t.relname = 'sq_books' GROUP BY i.relname, ix.indexrelid, ix.indisprimary, ix.indisunique, ix.indkey ORDER BY i.relname;
--
-- construct: Sequelize
CREATE UNIQUE INDEX "sq_books_title" ON "sq_books" ("title")
--
-- construct: Sequelize
SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'sq_authors'
--
-- construct: Sequelize
-- rhizome: (name:text, primary:bool, unique:bool, indkey:text, column_indexes:text, column_names:text, definition:text) sq_authors_name_key, f, t, 2, {3,4,1,2,5}, {active,createdAt,id,name,updatedAt}, CREATE UNIQUE INDEX sq_authors_name_key ON public.sq_authors USING btree (name); sq_authors_pkey, t, t, 1, {3,4,1,2,5}, {active,createdAt,id,name,updatedAt}, CREATE UNIQUE INDEX sq_authors_pkey ON public.sq_authors USING btree (id)
-- reason: pg_attribute has no system columns (tableoid, ctid, ...), so array_agg over it has fewer elements; arrays are typed text
SELECT i.relname AS name, ix.indisprimary AS primary, ix.indisunique AS unique, ix.indkey AS indkey, array_agg(a.attnum) as column_indexes, array_agg(a.attname) AS column_names, pg_get_indexdef(ix.indexrelid) AS definition FROM pg_class t, pg_class i, pg_index ix, pg_attribute a WHERE t.oid = ix.indrelid AND i.oid = ix.indexrelid AND a.attrelid = t.oid AND t.relkind = 'r' and t.relname = 'sq_authors' GROUP BY i.relname, ix.indexrelid, ix.indisprimary, ix.indisunique, ix.indkey ORDER BY i.relname;
--
-- construct: Sequelize
SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'sq_books'
--
-- construct: Sequelize
-- rhizome: (name:text, primary:bool, unique:bool, indkey:text, column_indexes:text, column_names:text, definition:text) sq_books_pkey, t, t, 1, {7,5,1,3,4,2,6}, {authorId,createdAt,id,price,published,title,updatedAt}, CREATE UNIQUE INDEX sq_books_pkey ON public.sq_books USING btree (id); sq_books_title, f, t, 2, {7,5,1,3,4,2,6}, {authorId,createdAt,id,price,published,title,updatedAt}, CREATE UNIQUE INDEX sq_books_title ON public.sq_books USING btree (title)
-- reason: pg_attribute has no system columns (tableoid, ctid, ...), so array_agg over it has fewer elements; arrays are typed text
SELECT i.relname AS name, ix.indisprimary AS primary, ix.indisunique AS unique, ix.indkey AS indkey, array_agg(a.attnum) as column_indexes, array_agg(a.attname) AS column_names, pg_get_indexdef(ix.indexrelid) AS definition FROM pg_class t, pg_class i, pg_index ix, pg_attribute a WHERE t.oid = ix.indrelid AND i.oid = ix.indexrelid AND a.attrelid = t.oid AND t.relkind = 'r' and t.relname = 'sq_books' GROUP BY i.relname, ix.indexrelid, ix.indisprimary, ix.indisunique, ix.indkey ORDER BY i.relname;
--
-- construct: Sequelize
SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type LIKE '%TABLE' AND table_name != 'spatial_ref_sys';
--
-- construct: Sequelize
CREATE TABLE IF NOT EXISTS "sq_reviews" ("id"  SERIAL , "bookId" INTEGER NOT NULL REFERENCES "sq_books" ("id") ON DELETE CASCADE, "stars" INTEGER NOT NULL DEFAULT 3, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), PRIMARY KEY ("id"));
--
-- construct: Sequelize
ALTER TABLE "public"."sq_reviews" ADD COLUMN "body" TEXT;
--
-- construct: Sequelize
CREATE INDEX "sq_reviews_book_stars" ON "sq_reviews" ("bookId", "stars")
--
-- construct: Sequelize
-- rhizome: (Constraint:text, Field:text, Default:text, Null:text, Type:text, special:text, Comment:text) NULL, body, NULL, YES, text, NULL, NULL; NULL, bookId, NULL, NO, bigint, NULL, NULL; NULL, createdAt, strftime('%Y-%m-%d %H:%M:%f+00', 'now'), NO, timestamp with time zone, NULL, NULL; PRIMARY KEY, id, NULL, NO, bigint, NULL, NULL; NULL, stars, 3, NO, bigint, NULL, NULL
-- reason: information_schema.columns: a SERIAL key's default is SQLite's rowid (none shown), integers are bigint, defaults are shown as SQLite runs them
SELECT pk.constraint_type as "Constraint",c.column_name as "Field", c.column_default as "Default",c.is_nullable as "Null", (CASE WHEN c.udt_name = 'hstore' THEN c.udt_name ELSE c.data_type END) || (CASE WHEN c.character_maximum_length IS NOT NULL THEN '(' || c.character_maximum_length || ')' ELSE '' END) as "Type", (SELECT array_agg(e.enumlabel) FROM pg_catalog.pg_type t JOIN pg_catalog.pg_enum e ON t.oid=e.enumtypid WHERE t.typname=c.udt_name) AS "special", (SELECT pgd.description FROM pg_catalog.pg_statio_all_tables AS st INNER JOIN pg_catalog.pg_description pgd on (pgd.objoid=st.relid) WHERE c.ordinal_position=pgd.objsubid AND c.table_name=st.relname) AS "Comment" FROM information_schema.columns c LEFT JOIN (SELECT tc.table_schema, tc.table_name, cu.column_name, tc.constraint_type FROM information_schema.TABLE_CONSTRAINTS tc JOIN information_schema.KEY_COLUMN_USAGE  cu ON tc.table_schema=cu.table_schema and tc.table_name=cu.table_name and tc.constraint_name=cu.constraint_name and tc.constraint_type='PRIMARY KEY') pk ON pk.table_schema=c.table_schema AND pk.table_name=c.table_name AND pk.column_name=c.column_name WHERE c.table_name = 'sq_reviews' AND c.table_schema = 'public'
--
-- construct: Sequelize
-- params: ["Ann", "t", "2026-12-06 07:45:47.361+00", "2026-12-06 07:45:47.361+00"]
INSERT INTO "sq_authors" ("id","name","active","createdAt","updatedAt") VALUES (DEFAULT,$1,$2,$3,$4) RETURNING "id","name","active","createdAt","updatedAt";
--
-- construct: Sequelize
-- rhizome: (id:number, name:text, active:bool, createdAt:text, updatedAt:text) 2, bob, t, 2026-12-06 07:45:47.371 +00:00, 2026-12-06 07:45:47.371 +00:00; 3, Cleo, f, 2026-12-06 07:45:47.371 +00:00, 2026-12-06 07:45:47.371 +00:00
-- reason: a timestamptz written as a literal ('2026-12-06 07:45:47.371 +00:00', Sequelize's bulk insert and update) is kept as written, and a column of such values is described as text
INSERT INTO "sq_authors" ("id","name","active","createdAt","updatedAt") VALUES (DEFAULT,'bob',true,'2026-12-06 07:45:47.371 +00:00','2026-12-06 07:45:47.371 +00:00'),(DEFAULT,'Cleo',false,'2026-12-06 07:45:47.371 +00:00','2026-12-06 07:45:47.371 +00:00') RETURNING "id","name","active","createdAt","updatedAt";
--
-- construct: Sequelize
-- params: ["Dune", "12.50", "1965-08-01", "2026-12-06 07:45:47.375+00", "2026-12-06 07:45:47.375+00", "1"]
-- rhizome: (id:number, title:text, price:number, published:time, createdAt:time, updatedAt:time, authorId:number) 1, Dune, 12.5, 1965-08-01, <a timestamp near now, +00>, <a timestamp near now, +00>, 1
-- reason: numeric's scale is not kept (12.50 reads 12.5)
INSERT INTO "sq_books" ("id","title","price","published","createdAt","updatedAt","authorId") VALUES (DEFAULT,$1,$2,$3,$4,$5,$6) RETURNING "id","title","price","published","createdAt","updatedAt","authorId";
--
-- construct: Sequelize
-- rhizome: (id:number, title:text, price:number, published:time, createdAt:text, updatedAt:text, authorId:number) 2, Emma, 7, NULL, 2026-12-06 07:45:47.381 +00:00, 2026-12-06 07:45:47.381 +00:00, 1; 3, Beloved, 9.99, NULL, 2026-12-06 07:45:47.381 +00:00, 2026-12-06 07:45:47.381 +00:00, 2
-- reason: a timestamptz written as a literal ('2026-12-06 07:45:47.371 +00:00', Sequelize's bulk insert and update) is kept as written, and a column of such values is described as text; numeric's scale is not kept (12.50 reads 12.5)
INSERT INTO "sq_books" ("id","title","price","createdAt","updatedAt","authorId") VALUES (DEFAULT,'Emma',7,'2026-12-06 07:45:47.381 +00:00','2026-12-06 07:45:47.381 +00:00',1),(DEFAULT,'Beloved','9.99','2026-12-06 07:45:47.381 +00:00','2026-12-06 07:45:47.381 +00:00',2) RETURNING "id","title","price","published","createdAt","updatedAt","authorId";
--
-- construct: Sequelize
INSERT INTO "sq_reviews" ("bookId", "stars", "body") VALUES (1, 5, 'great')
--
-- construct: Sequelize
-- params: ["Ann", "t", "2026-12-06 07:45:47.384+00", "2026-12-06 07:45:47.384+00"]
INSERT INTO "sq_authors" ("id","name","active","createdAt","updatedAt") VALUES (DEFAULT,$1,$2,$3,$4) RETURNING "id","name","active","createdAt","updatedAt";
--
-- construct: Sequelize
-- params: ["Dune", "2026-12-06 07:45:47.387+00", "2026-12-06 07:45:47.387+00", "1"]
INSERT INTO "sq_books" ("id","title","createdAt","updatedAt","authorId") VALUES (DEFAULT,$1,$2,$3,$4) RETURNING "id","title","price","published","createdAt","updatedAt","authorId";
--
-- construct: Sequelize
-- rhizome: (id:number, name:text, active:bool, createdAt:text, updatedAt:text) 3, Cleo, f, 2026-12-06 07:45:47.371 +00:00, 2026-12-06 07:45:47.371 +00:00
-- reason: a timestamptz written as a literal ('2026-12-06 07:45:47.371 +00:00', Sequelize's bulk insert and update) is kept as written, and a column of such values is described as text
SELECT "id", "name", "active", "createdAt", "updatedAt" FROM "sq_authors" AS "author" WHERE "author"."name" ILIKE '%E%' ORDER BY "author"."name" DESC LIMIT 2 OFFSET 0;
--
-- construct: Sequelize
-- rhizome: (id:number, title:text, price:number, published:time, createdAt:text, updatedAt:text, authorId:number) 1, Dune, 12.5, 1965-08-01, <a timestamp near now, +00>, <a timestamp near now, +00>, 1; 2, Emma, 7, NULL, 2026-12-06 07:45:47.381 +00:00, 2026-12-06 07:45:47.381 +00:00, 1
-- reason: a timestamptz written as a literal ('2026-12-06 07:45:47.371 +00:00', Sequelize's bulk insert and update) is kept as written, and a column of such values is described as text; numeric's scale is not kept (12.50 reads 12.5)
SELECT "id", "title", "price", "published", "createdAt", "updatedAt", "authorId" FROM "sq_books" AS "book" ORDER BY "book"."title" ASC LIMIT 2 OFFSET 1;
--
-- construct: Sequelize
-- rhizome: (id:number, title:text, price:number, published:time, createdAt:text, updatedAt:text, authorId:number) 2, Emma, 7, NULL, 2026-12-06 07:45:47.381 +00:00, 2026-12-06 07:45:47.381 +00:00, 1; 3, Beloved, 9.99, NULL, 2026-12-06 07:45:47.381 +00:00, 2026-12-06 07:45:47.381 +00:00, 2
-- reason: a timestamptz written as a literal ('2026-12-06 07:45:47.371 +00:00', Sequelize's bulk insert and update) is kept as written, and a column of such values is described as text; numeric's scale is not kept (12.50 reads 12.5)
SELECT "id", "title", "price", "published", "createdAt", "updatedAt", "authorId" FROM "sq_books" AS "book" WHERE "book"."price" < 10 AND "book"."title" NOT ILIKE 'x%' ORDER BY "book"."price" ASC;
--
-- construct: Sequelize
-- rhizome: (id:number, name:text, active:bool, createdAt:text, updatedAt:text, books.id:number, books.title:text, books.price:number, books.published:time, books.createdAt:text, books.updatedAt:text, books.authorId:number) 1, Ann, t, <a timestamp near now, +00>, <a timestamp near now, +00>, 1, Dune, 12.5, 1965-08-01, <a timestamp near now, +00>, <a timestamp near now, +00>, 1; 1, Ann, t, <a timestamp near now, +00>, <a timestamp near now, +00>, 2, Emma, 7, NULL, 2026-12-06 07:45:47.381 +00:00, 2026-12-06 07:45:47.381 +00:00, 1; 2, bob, t, 2026-12-06 07:45:47.371 +00:00, 2026-12-06 07:45:47.371 +00:00, 3, Beloved, 9.99, NULL, 2026-12-06 07:45:47.381 +00:00, 2026-12-06 07:45:47.381 +00:00, 2; 3, Cleo, f, 2026-12-06 07:45:47.371 +00:00, 2026-12-06 07:45:47.371 +00:00, NULL, NULL, NULL, NULL, NULL, NULL, NULL
-- reason: a timestamptz written as a literal ('2026-12-06 07:45:47.371 +00:00', Sequelize's bulk insert and update) is kept as written, and a column of such values is described as text; numeric's scale is not kept (12.50 reads 12.5)
SELECT "author"."id", "author"."name", "author"."active", "author"."createdAt", "author"."updatedAt", "books"."id" AS "books.id", "books"."title" AS "books.title", "books"."price" AS "books.price", "books"."published" AS "books.published", "books"."createdAt" AS "books.createdAt", "books"."updatedAt" AS "books.updatedAt", "books"."authorId" AS "books.authorId" FROM "sq_authors" AS "author" LEFT OUTER JOIN "sq_books" AS "books" ON "author"."id" = "books"."authorId" ORDER BY "author"."id" ASC, "books"."title" ASC;
--
-- construct: Sequelize
-- rhizome: (id:number, name:text, active:bool, createdAt:text, updatedAt:text, books.id:number, books.title:text, books.price:number, books.published:time, books.createdAt:text, books.updatedAt:text, books.authorId:number) 2, bob, t, 2026-12-06 07:45:47.371 +00:00, 2026-12-06 07:45:47.371 +00:00, 3, Beloved, 9.99, NULL, 2026-12-06 07:45:47.381 +00:00, 2026-12-06 07:45:47.381 +00:00, 2
-- reason: a timestamptz written as a literal ('2026-12-06 07:45:47.371 +00:00', Sequelize's bulk insert and update) is kept as written, and a column of such values is described as text; numeric's scale is not kept (12.50 reads 12.5)
SELECT "author".*, "books"."id" AS "books.id", "books"."title" AS "books.title", "books"."price" AS "books.price", "books"."published" AS "books.published", "books"."createdAt" AS "books.createdAt", "books"."updatedAt" AS "books.updatedAt", "books"."authorId" AS "books.authorId" FROM (SELECT "author"."id", "author"."name", "author"."active", "author"."createdAt", "author"."updatedAt" FROM "sq_authors" AS "author" ORDER BY "author"."id" ASC LIMIT 1 OFFSET 1) AS "author" LEFT OUTER JOIN "sq_books" AS "books" ON "author"."id" = "books"."authorId" ORDER BY "author"."id" ASC;
--
-- construct: Sequelize
-- rhizome: (id:number, title:text, price:number, published:time, createdAt:time, updatedAt:time, authorId:number, author.id:number, author.name:text, author.active:bool, author.createdAt:time, author.updatedAt:time) 1, Dune, 12.5, 1965-08-01, <a timestamp near now, +00>, <a timestamp near now, +00>, 1, 1, Ann, t, <a timestamp near now, +00>, <a timestamp near now, +00>
-- reason: numeric's scale is not kept (12.50 reads 12.5)
SELECT "book"."id", "book"."title", "book"."price", "book"."published", "book"."createdAt", "book"."updatedAt", "book"."authorId", "author"."id" AS "author.id", "author"."name" AS "author.name", "author"."active" AS "author.active", "author"."createdAt" AS "author.createdAt", "author"."updatedAt" AS "author.updatedAt" FROM "sq_books" AS "book" LEFT OUTER JOIN "sq_authors" AS "author" ON "book"."authorId" = "author"."id" WHERE "book"."title" = 'Dune' LIMIT 1;
--
-- construct: Sequelize
SELECT count(*) AS "count" FROM "sq_books" AS "book";
--
-- construct: Sequelize
SELECT count(*) AS "count" FROM "sq_authors" AS "author" WHERE "author"."active" = true;
--
-- construct: Sequelize
-- params: ["8.00", "2026-12-06 07:45:47.419+00", "Emma"]
UPDATE "sq_books" SET "price"=$1,"updatedAt"=$2 WHERE "title" = $3
--
-- construct: Sequelize
-- rhizome: (id:number, title:text, price:number, published:time, createdAt:text, updatedAt:text, authorId:number) 3, Beloved, 10.99, NULL, 2026-12-06 07:45:47.381 +00:00, 2026-12-06 07:45:47.421 +00:00, 2
-- reason: a timestamptz written as a literal ('2026-12-06 07:45:47.371 +00:00', Sequelize's bulk insert and update) is kept as written, and a column of such values is described as text
UPDATE "sq_books" SET "price"="price"+ 1,"updatedAt"='2026-12-06 07:45:47.421 +00:00' WHERE "title" = 'Beloved' RETURNING *
--
-- construct: Sequelize
-- rhizome: (title:text, price:number) Beloved, 10.99; Dune, 12.5; Emma, 8
-- reason: numeric's scale is not kept (12.50 reads 12.5)
SELECT "title", "price" FROM "sq_books" AS "book" ORDER BY "book"."title" ASC;
--
-- construct: Sequelize
-- params: ["13.00", "2026-12-06 07:45:47.423+00", "1"]
UPDATE "sq_books" SET "price"=$1,"updatedAt"=$2 WHERE "id" = $3
--
-- construct: Sequelize
-- rhizome: (id:number, title:text, price:number, published:time, createdAt:time, updatedAt:time, authorId:number) 1, Dune, 13, 1965-08-01, <a timestamp near now, +00>, <a timestamp near now, +00>, 1
-- reason: numeric's scale is not kept (12.50 reads 12.5)
SELECT "id", "title", "price", "published", "createdAt", "updatedAt", "authorId" FROM "sq_books" AS "book" WHERE "book"."id" = 1;
--
-- construct: Sequelize
START TRANSACTION;
--
-- construct: Sequelize
-- params: ["Dan", "t", "2026-12-06 07:45:47.428+00", "2026-12-06 07:45:47.428+00"]
-- rhizome: (id:number, name:text, active:bool, createdAt:time, updatedAt:time) 4, Dan, t, <a timestamp near now, +00>, <a timestamp near now, +00>
-- reason: a key drawn inside a transaction that rolled back is drawn again (SQLite's counter rolls back with it; Postgres' sequence does not)
INSERT INTO "sq_authors" ("id","name","active","createdAt","updatedAt") VALUES (DEFAULT,$1,$2,$3,$4) RETURNING "id","name","active","createdAt","updatedAt";
--
-- construct: Sequelize
COMMIT;
--
-- construct: Sequelize
START TRANSACTION;
--
-- construct: Sequelize
-- params: ["Eve", "t", "2026-12-06 07:45:47.43+00", "2026-12-06 07:45:47.43+00"]
-- rhizome: (id:number, name:text, active:bool, createdAt:time, updatedAt:time) 5, Eve, t, <a timestamp near now, +00>, <a timestamp near now, +00>
-- reason: a key drawn inside a transaction that rolled back is drawn again (SQLite's counter rolls back with it; Postgres' sequence does not)
INSERT INTO "sq_authors" ("id","name","active","createdAt","updatedAt") VALUES (DEFAULT,$1,$2,$3,$4) RETURNING "id","name","active","createdAt","updatedAt";
--
-- construct: Sequelize
ROLLBACK;
--
-- construct: Sequelize
START TRANSACTION;
--
-- construct: Sequelize
DELETE FROM "sq_books" WHERE "title" = 'Emma'
--
-- construct: Sequelize
COMMIT;
--
-- construct: Sequelize
-- rhizome: (id:number, name:text, active:bool, createdAt:text, updatedAt:text) 1, Ann, t, <a timestamp near now, +00>, <a timestamp near now, +00>; 2, bob, t, 2026-12-06 07:45:47.371 +00:00, 2026-12-06 07:45:47.371 +00:00; 3, Cleo, f, 2026-12-06 07:45:47.371 +00:00, 2026-12-06 07:45:47.371 +00:00; 4, Dan, t, <a timestamp near now, +00>, <a timestamp near now, +00>
-- reason: a timestamptz written as a literal ('2026-12-06 07:45:47.371 +00:00', Sequelize's bulk insert and update) is kept as written, and a column of such values is described as text; keys after a rolled-back insert differ (see above)
SELECT "id", "name", "active", "createdAt", "updatedAt" FROM "sq_authors" AS "author" ORDER BY "author"."id" ASC;
--
-- construct: Sequelize
DELETE FROM "sq_authors" WHERE "name" = 'Ann'
--
-- construct: Sequelize
-- rhizome: (id:number, title:text, price:number, published:time, createdAt:text, updatedAt:text, authorId:number) 3, Beloved, 10.99, NULL, 2026-12-06 07:45:47.381 +00:00, 2026-12-06 07:45:47.421 +00:00, 2
-- reason: a timestamptz written as a literal ('2026-12-06 07:45:47.371 +00:00', Sequelize's bulk insert and update) is kept as written, and a column of such values is described as text
SELECT "id", "title", "price", "published", "createdAt", "updatedAt", "authorId" FROM "sq_books" AS "book" ORDER BY "book"."title" ASC;
--
-- construct: Sequelize
SELECT count(*) AS n FROM "sq_reviews"
--
-- construct: Sequelize
DROP TABLE IF EXISTS "sq_reviews";
--
-- construct: Sequelize
DROP TABLE IF EXISTS "sq_books";
--
-- construct: Sequelize
DROP TABLE IF EXISTS "sq_authors";
--
-- construct: Sequelize
SELECT DISTINCT tc.constraint_name as constraint_name, tc.constraint_schema as constraint_schema, tc.constraint_catalog as constraint_catalog, tc.table_name as table_name,tc.table_schema as table_schema,tc.table_catalog as table_catalog,tc.initially_deferred as initially_deferred,tc.is_deferrable as is_deferrable,kcu.column_name as column_name,ccu.table_schema  AS referenced_table_schema,ccu.table_catalog  AS referenced_table_catalog,ccu.table_name  AS referenced_table_name,ccu.column_name AS referenced_column_name FROM information_schema.table_constraints AS tc JOIN information_schema.key_column_usage AS kcu ON tc.constraint_name = kcu.constraint_name JOIN information_schema.constraint_column_usage AS ccu ON ccu.constraint_name = tc.constraint_name WHERE constraint_type = 'FOREIGN KEY' AND tc.table_name = 'sq_authors' AND tc.table_catalog = 'sequelize'
--
-- construct: Sequelize
SELECT DISTINCT tc.constraint_name as constraint_name, tc.constraint_schema as constraint_schema, tc.constraint_catalog as constraint_catalog, tc.table_name as table_name,tc.table_schema as table_schema,tc.table_catalog as table_catalog,tc.initially_deferred as initially_deferred,tc.is_deferrable as is_deferrable,kcu.column_name as column_name,ccu.table_schema  AS referenced_table_schema,ccu.table_catalog  AS referenced_table_catalog,ccu.table_name  AS referenced_table_name,ccu.column_name AS referenced_column_name FROM information_schema.table_constraints AS tc JOIN information_schema.key_column_usage AS kcu ON tc.constraint_name = kcu.constraint_name JOIN information_schema.constraint_column_usage AS ccu ON ccu.constraint_name = tc.constraint_name WHERE constraint_type = 'FOREIGN KEY' AND tc.table_name = 'sq_books' AND tc.table_catalog = 'sequelize'
--
-- construct: Sequelize
DROP TABLE IF EXISTS "sq_authors";
--
-- construct: Sequelize
DROP TABLE IF EXISTS "sq_books";
--
-- construct: Sequelize
SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type LIKE '%TABLE' AND table_name != 'spatial_ref_sys';
