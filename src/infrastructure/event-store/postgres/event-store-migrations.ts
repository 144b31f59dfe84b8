import type { Migration } from '../../sql/migrations';

/**
 * The event table and the append function.
 *
 * Global order: every row records the id of the transaction that wrote it (`pg_current_xact_id()`);
 * readers go in (transaction_id, position) order and only below the oldest transaction still open
 * (`pg_snapshot_xmin`). A sequence value is taken before commit, so a plain `position > n` reader
 * could pass a row whose transaction commits later with a lower position; a transaction id below
 * xmin can no longer gain rows, so nothing is ever skipped. Writers take no common lock (the
 * alternative, serialising position assignment, holds a lock across every commit's fsync).
 */
export const eventStoreMigrations: readonly Migration[] = [
  {
    id: 'event-store/001-events',
    sql: `
CREATE SEQUENCE IF NOT EXISTS events_position_seq;
CREATE TABLE events (
  transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  position bigint NOT NULL DEFAULT nextval('events_position_seq'),
  event_id uuid NOT NULL,
  stream_id text NOT NULL,
  revision bigint NOT NULL,
  type text NOT NULL,
  schema_version integer NOT NULL,
  data jsonb NOT NULL,
  metadata jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp()),
  CONSTRAINT events_global_order PRIMARY KEY (transaction_id, position),
  CONSTRAINT events_event_id UNIQUE (event_id),
  CONSTRAINT events_stream_revision UNIQUE (stream_id, revision)
);

-- Appends to one stream, enforcing the expected revision (-1 any, -2 no stream, -3 stream exists,
-- n >= 0 exactly n). Writers of one stream are serialised by a transaction-scoped advisory lock on the
-- stream name, so the revision check sees every earlier writer's commit; the unique constraints remain
-- the last guard. Ids already stored are looked for only off the fast path: when the expected revision
-- does not hold (a retry of a committed append always lands there); for \`any\`, the unique index on
-- event_id raises and the adapter answers the first result. (Checking ids first on every append halved
-- the throughput: its cached plan could scan the table while the table was small.)
CREATE FUNCTION numlink_append(p_stream text, p_expected bigint, p_events jsonb)
RETURNS TABLE (outcome text, last_revision bigint, commit_position text, prepare_position text)
LANGUAGE plpgsql AS $$
DECLARE
  v_current bigint;
  v_ids uuid[];
  v_found integer;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended(p_stream, 0));
  SELECT max(e.revision) INTO v_current FROM events e WHERE e.stream_id = p_stream;
  IF (p_expected = -2 AND v_current IS NOT NULL)
     OR (p_expected = -3 AND v_current IS NULL)
     OR (p_expected >= 0 AND v_current IS DISTINCT FROM p_expected) THEN
    v_ids := ARRAY(SELECT (x->>'id')::uuid FROM jsonb_array_elements(p_events) x);
    SELECT count(*) INTO v_found FROM events e WHERE e.event_id = ANY (v_ids) AND e.stream_id = p_stream;
    IF v_found = cardinality(v_ids) THEN
      RETURN QUERY SELECT 'duplicate'::text, e.revision, e.transaction_id::text, e.position::text
        FROM events e WHERE e.event_id = ANY (v_ids) ORDER BY e.revision DESC LIMIT 1;
    ELSIF v_found > 0 THEN
      RETURN QUERY SELECT 'id_conflict'::text, NULL::bigint, NULL::text, NULL::text;
    ELSE
      RETURN QUERY SELECT 'wrong_expected_revision'::text, v_current, NULL::text, NULL::text;
    END IF;
    RETURN;
  END IF;

  RETURN QUERY
  WITH inserted AS (
    INSERT INTO events (event_id, stream_id, revision, type, schema_version, data, metadata)
    SELECT (x.doc->>'id')::uuid, p_stream, coalesce(v_current, -1) + x.ord, x.doc->>'type',
           (x.doc->>'version')::integer, x.doc->'data', x.doc->'metadata'
      FROM jsonb_array_elements(p_events) WITH ORDINALITY AS x(doc, ord)
    RETURNING events.revision, events.transaction_id, events.position
  )
  SELECT 'appended'::text, i.revision, i.transaction_id::text, i.position::text
    FROM inserted i ORDER BY i.revision DESC LIMIT 1;
END;
$$;
`,
  },
  {
    id: 'event-store/002-append-many',
    sql: `
-- Appends to several streams in one transaction (p_appends: [{stream, expected, events}], expected
-- coded as for numlink_append), all or nothing: every stream's revision is checked before anything is
-- written, and the first stream that does not hold answers alone (its index in append_index). A stream
-- whose event ids are all stored in it already answers 'duplicate' with its first result. Streams are
-- locked in name order, so two multi-stream writers never wait for each other in a circle.
-- p_check_ids: look for stored ids on every stream (the adapter's second try after a unique violation
-- on event_id; off the fast path, as in numlink_append).
CREATE FUNCTION numlink_append_many(p_appends jsonb, p_check_ids boolean)
RETURNS TABLE (append_index integer, outcome text, last_revision bigint, commit_position text, prepare_position text)
LANGUAGE plpgsql AS $$
DECLARE
  v_count integer := jsonb_array_length(p_appends);
  v_stream text;
  v_expected bigint;
  v_current bigint;
  v_currents bigint[] := '{}';
  v_duplicates boolean[] := '{}';
  v_mismatch boolean;
  v_duplicate boolean;
  v_ids uuid[];
  v_found integer;
  i integer;
BEGIN
  FOR v_stream IN SELECT DISTINCT x->>'stream' FROM jsonb_array_elements(p_appends) x ORDER BY 1 LOOP
    PERFORM pg_advisory_xact_lock(hashtextextended(v_stream, 0));
  END LOOP;

  FOR i IN 1..v_count LOOP
    v_stream := p_appends->(i - 1)->>'stream';
    v_expected := (p_appends->(i - 1)->>'expected')::bigint;
    SELECT max(e.revision) INTO v_current FROM events e WHERE e.stream_id = v_stream;
    v_mismatch := (v_expected = -2 AND v_current IS NOT NULL)
      OR (v_expected = -3 AND v_current IS NULL)
      OR (v_expected >= 0 AND v_current IS DISTINCT FROM v_expected);
    v_duplicate := false;
    IF v_mismatch OR p_check_ids THEN
      v_ids := ARRAY(SELECT (x->>'id')::uuid FROM jsonb_array_elements(p_appends->(i - 1)->'events') x);
      SELECT count(*) INTO v_found FROM events e WHERE e.event_id = ANY (v_ids) AND e.stream_id = v_stream;
      IF v_found = cardinality(v_ids) THEN
        v_duplicate := true;
      ELSIF v_found > 0 OR (p_check_ids AND EXISTS (SELECT 1 FROM events e WHERE e.event_id = ANY (v_ids))) THEN
        RETURN QUERY SELECT i, 'id_conflict'::text, NULL::bigint, NULL::text, NULL::text;
        RETURN;
      ELSIF v_mismatch THEN
        RETURN QUERY SELECT i, 'wrong_expected_revision'::text, v_current, NULL::text, NULL::text;
        RETURN;
      END IF;
    END IF;
    v_currents := array_append(v_currents, v_current);
    v_duplicates := array_append(v_duplicates, v_duplicate);
  END LOOP;

  FOR i IN 1..v_count LOOP
    v_stream := p_appends->(i - 1)->>'stream';
    IF v_duplicates[i] THEN
      RETURN QUERY SELECT i, 'duplicate'::text, e.revision, e.transaction_id::text, e.position::text
        FROM events e
       WHERE e.event_id = ANY (ARRAY(SELECT (x->>'id')::uuid FROM jsonb_array_elements(p_appends->(i - 1)->'events') x))
       ORDER BY e.revision DESC LIMIT 1;
    ELSE
      RETURN QUERY
      WITH inserted AS (
        INSERT INTO events (event_id, stream_id, revision, type, schema_version, data, metadata)
        SELECT (x.doc->>'id')::uuid, v_stream, coalesce(v_currents[i], -1) + x.n, x.doc->>'type',
               (x.doc->>'version')::integer, x.doc->'data', x.doc->'metadata'
          FROM jsonb_array_elements(p_appends->(i - 1)->'events') WITH ORDINALITY AS x(doc, n)
        RETURNING events.revision, events.transaction_id, events.position
      )
      SELECT i, 'appended'::text, ins.revision, ins.transaction_id::text, ins.position::text
        FROM inserted ins ORDER BY ins.revision DESC LIMIT 1;
    END IF;
  END LOOP;
END;
$$;
`,
  },
  {
    id: 'event-store/003-append-many-ids-once',
    sql: `
-- As 002, but a duplicate stream's ids are listed once: the check that finds them all stored also
-- notes the last one's revision, and the answer is read by (stream, revision).
CREATE OR REPLACE FUNCTION numlink_append_many(p_appends jsonb, p_check_ids boolean)
RETURNS TABLE (append_index integer, outcome text, last_revision bigint, commit_position text, prepare_position text)
LANGUAGE plpgsql AS $$
DECLARE
  v_count integer := jsonb_array_length(p_appends);
  v_stream text;
  v_expected bigint;
  v_current bigint;
  v_currents bigint[] := '{}';
  v_duplicates boolean[] := '{}';
  v_last bigint;
  v_lasts bigint[] := '{}';
  v_mismatch boolean;
  v_duplicate boolean;
  v_ids uuid[];
  v_found integer;
  i integer;
BEGIN
  FOR v_stream IN SELECT DISTINCT x->>'stream' FROM jsonb_array_elements(p_appends) x ORDER BY 1 LOOP
    PERFORM pg_advisory_xact_lock(hashtextextended(v_stream, 0));
  END LOOP;

  FOR i IN 1..v_count LOOP
    v_stream := p_appends->(i - 1)->>'stream';
    v_expected := (p_appends->(i - 1)->>'expected')::bigint;
    SELECT max(e.revision) INTO v_current FROM events e WHERE e.stream_id = v_stream;
    v_mismatch := (v_expected = -2 AND v_current IS NOT NULL)
      OR (v_expected = -3 AND v_current IS NULL)
      OR (v_expected >= 0 AND v_current IS DISTINCT FROM v_expected);
    v_duplicate := false;
    v_last := NULL;
    IF v_mismatch OR p_check_ids THEN
      v_ids := ARRAY(SELECT (x->>'id')::uuid FROM jsonb_array_elements(p_appends->(i - 1)->'events') x);
      SELECT count(*), max(e.revision) INTO v_found, v_last
        FROM events e WHERE e.event_id = ANY (v_ids) AND e.stream_id = v_stream;
      IF v_found = cardinality(v_ids) THEN
        v_duplicate := true;
      ELSIF v_found > 0 OR (p_check_ids AND EXISTS (SELECT 1 FROM events e WHERE e.event_id = ANY (v_ids))) THEN
        RETURN QUERY SELECT i, 'id_conflict'::text, NULL::bigint, NULL::text, NULL::text;
        RETURN;
      ELSIF v_mismatch THEN
        RETURN QUERY SELECT i, 'wrong_expected_revision'::text, v_current, NULL::text, NULL::text;
        RETURN;
      END IF;
    END IF;
    v_currents := array_append(v_currents, v_current);
    v_duplicates := array_append(v_duplicates, v_duplicate);
    v_lasts := array_append(v_lasts, v_last);
  END LOOP;

  FOR i IN 1..v_count LOOP
    v_stream := p_appends->(i - 1)->>'stream';
    IF v_duplicates[i] THEN
      RETURN QUERY SELECT i, 'duplicate'::text, e.revision, e.transaction_id::text, e.position::text
        FROM events e WHERE e.stream_id = v_stream AND e.revision = v_lasts[i];
    ELSE
      RETURN QUERY
      WITH inserted AS (
        INSERT INTO events (event_id, stream_id, revision, type, schema_version, data, metadata)
        SELECT (x.doc->>'id')::uuid, v_stream, coalesce(v_currents[i], -1) + x.n, x.doc->>'type',
               (x.doc->>'version')::integer, x.doc->'data', x.doc->'metadata'
          FROM jsonb_array_elements(p_appends->(i - 1)->'events') WITH ORDINALITY AS x(doc, n)
        RETURNING events.revision, events.transaction_id, events.position
      )
      SELECT i, 'appended'::text, ins.revision, ins.transaction_id::text, ins.position::text
        FROM inserted ins ORDER BY ins.revision DESC LIMIT 1;
    END IF;
  END LOOP;
END;
$$;
`,
  },
  {
    id: 'event-store/004-append-within-limits',
    sql: `
-- SPEC R14: takes one use from every rate-limit window, then appends to one stream, in one statement:
-- a full window (its 1-based index in full_window) appends nothing; an append that writes nothing
-- (a refusal, or a repeat answered 'duplicate') gives the uses back. The rate-limit functions come
-- from the rate-limits migrations (plpgsql resolves them at call time, whichever list ran first).
CREATE FUNCTION numlink_append_within_limits(
  p_keys text[], p_starts double precision[], p_ends double precision[], p_limits integer[],
  p_stream text, p_expected bigint, p_events jsonb)
RETURNS TABLE (full_window integer, outcome text, last_revision bigint, commit_position text, prepare_position text)
LANGUAGE plpgsql AS $$
DECLARE
  v_full integer;
  r record;
BEGIN
  v_full := numlink_take_rate_limit(p_keys, p_starts, p_ends, p_limits);
  IF v_full IS NOT NULL THEN
    RETURN QUERY SELECT v_full, NULL::text, NULL::bigint, NULL::text, NULL::text;
    RETURN;
  END IF;
  SELECT * INTO r FROM numlink_append(p_stream, p_expected, p_events);
  IF r.outcome IS DISTINCT FROM 'appended' THEN
    PERFORM numlink_give_back_rate_limit(p_keys, p_starts);
  END IF;
  RETURN QUERY SELECT NULL::integer, r.outcome, r.last_revision, r.commit_position, r.prepare_position;
END;
$$;
`,
  },
  {
    id: 'event-store/005-append-group',
    sql: `
-- Issue 11: several callers' appends in one statement and one commit. p_appends holds one-stream
-- appends ({stream, expected, events, limits?: {keys, starts, ends, limits}}) and multi-stream ones
-- ({streams: [{stream, expected, events}]}). Each is decided alone, in the order given, exactly as
-- numlink_append, numlink_append_within_limits (with limits) or numlink_append_many decides it: a
-- refusal refuses only its own append. Rows: the append's index, and the stream's within it (1 for a
-- one-stream append). Every stream is locked in name order first, so two groups never wait for each
-- other in a circle over streams. Any error rolls the whole group back; the adapter then sends each
-- append alone.
CREATE FUNCTION numlink_append_group(p_appends jsonb)
RETURNS TABLE (append_index integer, stream_index integer, full_window integer, outcome text,
               last_revision bigint, commit_position text, prepare_position text)
LANGUAGE plpgsql AS $$
DECLARE
  v_stream text;
  v_append jsonb;
  v_limits jsonb;
  i bigint;
  r record;
BEGIN
  FOR v_stream IN
    SELECT DISTINCT s.name FROM (
      SELECT x->>'stream' FROM jsonb_array_elements(p_appends) x WHERE x ? 'stream'
      UNION ALL
      SELECT y->>'stream' FROM jsonb_array_elements(p_appends) x, jsonb_array_elements(x->'streams') y
       WHERE x ? 'streams'
    ) AS s(name) ORDER BY 1
  LOOP
    PERFORM pg_advisory_xact_lock(hashtextextended(v_stream, 0));
  END LOOP;
  FOR v_append, i IN SELECT x.doc, x.n FROM jsonb_array_elements(p_appends) WITH ORDINALITY AS x(doc, n) LOOP
    v_limits := v_append->'limits';
    IF v_append ? 'streams' THEN
      RETURN QUERY SELECT i::integer, m.append_index, NULL::integer, m.outcome, m.last_revision,
                          m.commit_position, m.prepare_position
        FROM numlink_append_many(v_append->'streams', false) m;
      CONTINUE;
    ELSIF v_limits IS NULL THEN
      SELECT NULL::integer AS full_window, a.* INTO r
        FROM numlink_append(v_append->>'stream', (v_append->>'expected')::bigint, v_append->'events') a;
    ELSE
      SELECT * INTO r FROM numlink_append_within_limits(
        ARRAY(SELECT v FROM jsonb_array_elements_text(v_limits->'keys') WITH ORDINALITY AS t(v, n) ORDER BY n),
        ARRAY(SELECT v::double precision FROM jsonb_array_elements_text(v_limits->'starts') WITH ORDINALITY AS t(v, n) ORDER BY n),
        ARRAY(SELECT v::double precision FROM jsonb_array_elements_text(v_limits->'ends') WITH ORDINALITY AS t(v, n) ORDER BY n),
        ARRAY(SELECT v::integer FROM jsonb_array_elements_text(v_limits->'limits') WITH ORDINALITY AS t(v, n) ORDER BY n),
        v_append->>'stream', (v_append->>'expected')::bigint, v_append->'events');
    END IF;
    RETURN QUERY SELECT i::integer, 1, r.full_window, r.outcome, r.last_revision, r.commit_position,
                        r.prepare_position;
  END LOOP;
END;
$$;
`,
  },
  {
    id: 'event-store/006-append-group-locks-windows-first',
    sql: `
-- The group first locks the rate-limit windows of all its appends, in key order, as every statement
-- that takes uses does (numlink_lock_rate_limit_windows, from the rate-limits migrations), and then,
-- as 005 wrote it (now numlink_append_group_after_windows), its streams: two groups, or a group and a
-- lone append, never wait for each other in a circle over window rows taken in the appends' order
-- (which cost a second of the deadlock detector and sent the group's appends again one by one).
ALTER FUNCTION numlink_append_group(jsonb) RENAME TO numlink_append_group_after_windows;

CREATE FUNCTION numlink_append_group(p_appends jsonb)
RETURNS TABLE (append_index integer, stream_index integer, full_window integer, outcome text,
               last_revision bigint, commit_position text, prepare_position text)
LANGUAGE plpgsql AS $$
DECLARE
  v_keys text[] := ARRAY(
    SELECT k FROM jsonb_array_elements(p_appends) x, jsonb_array_elements_text(x->'limits'->'keys') k
     WHERE x ? 'limits');
BEGIN
  IF cardinality(v_keys) > 0 THEN
    PERFORM numlink_lock_rate_limit_windows(v_keys);
  END IF;
  RETURN QUERY SELECT * FROM numlink_append_group_after_windows(p_appends);
END;
$$;
`,
  },
];
