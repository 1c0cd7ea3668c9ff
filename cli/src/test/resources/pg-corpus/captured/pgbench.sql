-- Statements pgbench 15 sent to PostgreSQL 15: `pgbench -i -s 1 -I dtGvp` (server-side data generation; the default's COPY carries its data outside the log), then `pgbench -c 1 -t 4 --random-seed=7` (TPC-B). Recorded with cli/tools/record_corpus.py.
--
-- construct: pgbench -i
drop table if exists pgbench_accounts, pgbench_branches, pgbench_history, pgbench_tellers
--
-- construct: pgbench -i
create table pgbench_history(tid int,bid int,aid    int,delta int,mtime timestamp,filler char(22))
--
-- construct: pgbench -i
create table pgbench_tellers(tid int not null,bid int,tbalance int,filler char(84)) with (fillfactor=100)
--
-- construct: pgbench -i
create table pgbench_accounts(aid    int not null,bid int,abalance int,filler char(84)) with (fillfactor=100)
--
-- construct: pgbench -i
create table pgbench_branches(bid int not null,bbalance int,filler char(88)) with (fillfactor=100)
--
-- construct: pgbench -i
begin
--
-- construct: pgbench -i
truncate table pgbench_accounts, pgbench_branches, pgbench_history, pgbench_tellers
--
-- construct: pgbench -i
insert into pgbench_branches(bid,bbalance) select bid, 0 from generate_series(1, 1) as bid
--
-- construct: pgbench -i
insert into pgbench_tellers(tid,bid,tbalance) select tid, (tid - 1) / 10 + 1, 0 from generate_series(1, 10) as tid
--
-- construct: pgbench -i
insert into pgbench_accounts(aid,bid,abalance,filler) select aid, (aid - 1) / 100000 + 1, 0, '' from generate_series(1, 100000) as aid
--
-- construct: pgbench -i
commit
--
-- construct: pgbench -i
vacuum analyze pgbench_branches
--
-- construct: pgbench -i
vacuum analyze pgbench_tellers
--
-- construct: pgbench -i
vacuum analyze pgbench_accounts
--
-- construct: pgbench -i
vacuum analyze pgbench_history
--
-- construct: pgbench -i
alter table pgbench_branches add primary key (bid)
--
-- construct: pgbench -i
alter table pgbench_tellers add primary key (tid)
--
-- construct: pgbench -i
alter table pgbench_accounts add primary key (aid)
--
-- construct: pgbench TPC-B
select count(*) from pgbench_branches
--
-- construct: pgbench TPC-B
-- rhizome: ERROR 42883
-- reason: pgbench's partition probe uses array_position(), which is not provided; pgbench goes on without it
select o.n, p.partstrat, pg_catalog.count(i.inhparent) from pg_catalog.pg_class as c join pg_catalog.pg_namespace as n on (n.oid = c.relnamespace) cross join lateral (select pg_catalog.array_position(pg_catalog.current_schemas(true), n.nspname)) as o(n) left join pg_catalog.pg_partitioned_table as p on (p.partrelid = c.oid) left join pg_catalog.pg_inherits as i on (c.oid = i.inhparent) where c.relname = 'pgbench_accounts' and o.n is not null group by 1, 2 order by 1 asc limit 1
--
-- construct: pgbench TPC-B
vacuum pgbench_branches
--
-- construct: pgbench TPC-B
vacuum pgbench_tellers
--
-- construct: pgbench TPC-B
truncate pgbench_history
--
-- construct: pgbench TPC-B
BEGIN;
--
-- construct: pgbench TPC-B
UPDATE pgbench_accounts SET abalance = abalance + 1311 WHERE aid = 46505;
--
-- construct: pgbench TPC-B
SELECT abalance FROM pgbench_accounts WHERE aid = 46505;
--
-- construct: pgbench TPC-B
UPDATE pgbench_tellers SET tbalance = tbalance + 1311 WHERE tid = 1;
--
-- construct: pgbench TPC-B
UPDATE pgbench_branches SET bbalance = bbalance + 1311 WHERE bid = 1;
--
-- construct: pgbench TPC-B
INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (1, 1, 46505, 1311, CURRENT_TIMESTAMP);
--
-- construct: pgbench TPC-B
END;
--
-- construct: pgbench TPC-B
BEGIN;
--
-- construct: pgbench TPC-B
UPDATE pgbench_accounts SET abalance = abalance + -3405 WHERE aid = 47854;
--
-- construct: pgbench TPC-B
SELECT abalance FROM pgbench_accounts WHERE aid = 47854;
--
-- construct: pgbench TPC-B
UPDATE pgbench_tellers SET tbalance = tbalance + -3405 WHERE tid = 4;
--
-- construct: pgbench TPC-B
UPDATE pgbench_branches SET bbalance = bbalance + -3405 WHERE bid = 1;
--
-- construct: pgbench TPC-B
INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (4, 1, 47854, -3405, CURRENT_TIMESTAMP);
--
-- construct: pgbench TPC-B
END;
--
-- construct: pgbench TPC-B
BEGIN;
--
-- construct: pgbench TPC-B
UPDATE pgbench_accounts SET abalance = abalance + -2025 WHERE aid = 61601;
--
-- construct: pgbench TPC-B
SELECT abalance FROM pgbench_accounts WHERE aid = 61601;
--
-- construct: pgbench TPC-B
UPDATE pgbench_tellers SET tbalance = tbalance + -2025 WHERE tid = 1;
--
-- construct: pgbench TPC-B
UPDATE pgbench_branches SET bbalance = bbalance + -2025 WHERE bid = 1;
--
-- construct: pgbench TPC-B
INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (1, 1, 61601, -2025, CURRENT_TIMESTAMP);
--
-- construct: pgbench TPC-B
END;
--
-- construct: pgbench TPC-B
BEGIN;
--
-- construct: pgbench TPC-B
UPDATE pgbench_accounts SET abalance = abalance + -2976 WHERE aid = 64519;
--
-- construct: pgbench TPC-B
SELECT abalance FROM pgbench_accounts WHERE aid = 64519;
--
-- construct: pgbench TPC-B
UPDATE pgbench_tellers SET tbalance = tbalance + -2976 WHERE tid = 7;
--
-- construct: pgbench TPC-B
UPDATE pgbench_branches SET bbalance = bbalance + -2976 WHERE bid = 1;
--
-- construct: pgbench TPC-B
INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (7, 1, 64519, -2976, CURRENT_TIMESTAMP);
--
-- construct: pgbench TPC-B
END;
