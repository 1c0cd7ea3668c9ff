-- The shared tables of constructs.sql (PostgresCorpusIT), created by psql on both servers.
CREATE TABLE people (
  id serial PRIMARY KEY,
  name varchar(40) NOT NULL,
  dept text,
  salary numeric(10,2),
  active boolean NOT NULL DEFAULT true,
  born date,
  joined timestamptz,
  doc jsonb
);
INSERT INTO people (name, dept, salary, active, born, joined, doc) VALUES
  ('Ann', 'eng', 120.50, true, '1990-04-01', '2020-01-15 09:30:00+00', '{"a": 1, "tags": ["x", "y"], "addr": {"city": "Oslo"}}'),
  ('bob', 'eng', 95, false, '1985-12-31', '2019-06-01 00:00:00+00', '{"a": 2, "tags": ["y"]}'),
  ('Cleo', 'ops', 80.25, true, NULL, '2021-03-10 17:45:30+00', '{"b": null}'),
  ('dave', NULL, NULL, true, '2000-02-29', NULL, NULL),
  ('Émile', 'ops', 101, false, '1979-07-14', '2022-11-30 23:59:59+00', '{"a": 3}');
CREATE TABLE teams (dept text PRIMARY KEY, lead text);
INSERT INTO teams VALUES ('eng', 'Ann'), ('ops', 'Cleo'), ('hr', NULL);
