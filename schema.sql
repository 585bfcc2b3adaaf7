-- TalentLedger schema: the one source, applied by `talentledger migrate` (and on start) and by
-- docker-compose. Every statement is idempotent: applying this file twice changes nothing.

-- ---------------------------------------------------------------------------------------------
-- The event store
-- ---------------------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS streams (
    stream_id    text        PRIMARY KEY,
    stream_type  text        NOT NULL,
    version      bigint      NOT NULL CHECK (version >= 0),
    -- hash of the stream's last event: the next event chains to it without another lookup
    last_hash    bytea,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
-- Stream ids folded to lower case: an evaluation or a list must not register a talent whose id differs from
-- one in the register only by case (`StoreConnection.streamIDs(equalButForCaseTo:)`).
CREATE INDEX IF NOT EXISTS streams_id_folded ON streams (lower(stream_id));
-- Every append updates its stream's row. Room left on each page keeps those updates HOT (no new index
-- entry) even when concurrent appenders hold the page and it cannot be pruned: packed full, one update in
-- nine under eight writers went to another page and into the index.
ALTER TABLE streams SET (fillfactor = 30);

CREATE TABLE IF NOT EXISTS events (
    -- Unique by construction (an identity nobody may override); the key below leads with the transaction.
    position       bigint      GENERATED ALWAYS AS IDENTITY,
    -- No foreign key to streams: per-row key checks would double the cost of bulk loads.
    stream_id      text        NOT NULL,
    stream_type    text        NOT NULL,
    version        bigint      NOT NULL CHECK (version > 0),
    event_type     text        NOT NULL,
    schema_version integer     NOT NULL CHECK (schema_version > 0),
    data           jsonb       NOT NULL,
    metadata       jsonb       NOT NULL DEFAULT '{}',
    effective_date date        NOT NULL,
    recorded_at    timestamptz NOT NULL DEFAULT now(),
    transaction_id xid8        NOT NULL DEFAULT pg_current_xact_id(),
    command_id     uuid        NOT NULL,
    hash           bytea       NOT NULL,
    -- True on the first event of each append: the command id's one entry in events_command_opening,
    -- which is how a repeated command is recognised and its events found. Not covered by the hash.
    opens_append   boolean     NOT NULL DEFAULT false,
    -- An event's place in the global order, which gap-safe reads walk: (transaction id, position). As the
    -- key it is the events' only index besides the streams' one; a key on position alone next to it cost
    -- every append an index insertion (about a tenth of a single-event append) for lookups nobody makes.
    -- The events of a command are found through it too: the command's opening event gives the transaction.
    CONSTRAINT events_pkey PRIMARY KEY (transaction_id, position),
    CONSTRAINT events_stream_version UNIQUE (stream_id, version)
);

-- Stores created before the key moved: the same key, and neither of the indexes it replaces.
DO $$
BEGIN
    IF (SELECT array_length(conkey, 1) FROM pg_constraint
        WHERE conrelid = 'events'::regclass AND conname = 'events_pkey') = 1 THEN
        ALTER TABLE events DROP CONSTRAINT events_pkey,
            ADD CONSTRAINT events_pkey PRIMARY KEY (transaction_id, position);
    END IF;
END
$$;
DROP INDEX IF EXISTS events_transaction_position;
DROP INDEX IF EXISTS events_command;

-- Idempotency: one opening event per command id. A separate table of command ids cost every append a
-- statement, a row and an index insertion (about a tenth of a single-event append's server time); this
-- costs it one entry in a small partial index.
ALTER TABLE events ADD COLUMN IF NOT EXISTS opens_append boolean NOT NULL DEFAULT false;
CREATE UNIQUE INDEX IF NOT EXISTS events_command_opening ON events (command_id) WHERE opens_append;

-- A transaction writes a handful of events (a command; a group commit's few): said to the planner, which
-- otherwise learns from a store loaded by a few large transactions (the demo, a migration's imports) that
-- one transaction holds them all, and then finds a command's events (`transaction_id = (…)`, every command
-- asks) by scanning every event: 110 ms a command over 720,000 events instead of 0.02 (a province-scale
-- test). Set once, with the statistics it changes gathered at once where there are events: an empty
-- table analysed is taken for one that stays empty, and a new store's first thousands of appends then
-- looked their streams' last events up by scanning (a third of the appends' rate, in the bench).
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_attribute WHERE attrelid = 'events'::regclass AND attname = 'transaction_id'
                   AND attoptions @> ARRAY['n_distinct=-0.1']) THEN
        ALTER TABLE events ALTER COLUMN transaction_id SET (n_distinct = -0.1);
        IF EXISTS (SELECT FROM events) THEN
            ANALYZE events;
        END IF;
    END IF;
END
$$;

-- The bytes an event's hash covers, in a form that does not depend on session settings
-- (DateStyle, TimeZone): jsonb's text form is canonical for equal documents.
-- Declared STABLE, not IMMUTABLE, although its result never changes: concat_ws and to_char are STABLE,
-- and the planner inlines a SQL function only when its body is no more volatile than it claims. Inlined,
-- it costs an append a few microseconds; called, it is parsed and planned again in every transaction.
CREATE OR REPLACE FUNCTION event_hash_input(
    p_stream_id text, p_stream_type text, p_version bigint, p_event_type text, p_schema_version integer,
    p_data jsonb, p_metadata jsonb, p_effective_date date, p_recorded_at timestamptz, p_command_id uuid
) RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT convert_to(concat_ws(E'\x1f',
        p_stream_id, p_stream_type, p_version::text, p_event_type, p_schema_version::text,
        p_data::text, p_metadata::text, to_char(p_effective_date, 'YYYY-MM-DD'),
        (extract(epoch FROM p_recorded_at) * 1000000)::bigint::text, p_command_id::text), 'UTF8')
$$;

-- Events are facts: nobody changes or removes them.
CREATE OR REPLACE FUNCTION reject_event_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'events are immutable: % on events is not allowed', TG_OP
        USING ERRCODE = 'TL403', HINT = 'append a correcting event instead';
END
$$;

DROP TRIGGER IF EXISTS events_immutable ON events;
CREATE TRIGGER events_immutable BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION reject_event_change();
DROP TRIGGER IF EXISTS events_no_truncate ON events;
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION reject_event_change();

-- Stores from before events_command_opening kept their command ids in a table `appends` (command id,
-- transaction id): each command's first event is flagged instead and the table goes. The flag is the one
-- change ever made to a recorded event, here only, with the immutability trigger off for this
-- transaction; the hashes do not cover it.
DO $$
BEGIN
    IF to_regclass('appends') IS NOT NULL THEN
        ALTER TABLE events DISABLE TRIGGER events_immutable;
        UPDATE events e SET opens_append = true
            FROM (SELECT DISTINCT ON (a.command_id) o.transaction_id, o.position
                  FROM appends a JOIN events o ON o.transaction_id = a.transaction_id
                                              AND o.command_id = a.command_id
                  ORDER BY a.command_id, o.position) f
            WHERE e.transaction_id = f.transaction_id AND e.position = f.position AND NOT e.opens_append;
        ALTER TABLE events ENABLE TRIGGER events_immutable;
        DROP TABLE appends;
    END IF;
END
$$;

-- An event's hash: sha256 of its stream's previous hash (NULL before the first event) and its input.
-- SQL and STABLE, so it is inlined where it is called.
CREATE OR REPLACE FUNCTION chained_event_hash(
    p_previous bytea, p_stream_id text, p_stream_type text, p_version bigint, p_event_type text,
    p_schema_version integer, p_data jsonb, p_metadata jsonb, p_effective_date date, p_recorded_at timestamptz,
    p_command_id uuid
) RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT sha256(coalesce(p_previous, ''::bytea) || event_hash_input(
        p_stream_id, p_stream_type, p_version, p_event_type, p_schema_version, p_data, p_metadata,
        p_effective_date, p_recorded_at, p_command_id))
$$;

-- Appends, for a command whose id the caller has found unused, the streams of a batch (the first event
-- opens the append: see events_command_opening):
-- p_batch is a JSON array of streams: {"stream_id", "stream_type", "expected" (null: any; 0: no
-- stream; n: exact version), "events": [{"event_type", "schema_version", "data", "metadata",
-- "effective_date"}]}. A version mismatch raises SQLSTATE TL409 with a JSON detail
-- {"stream_id", "expected", "actual"}; the whole batch is then rolled back by the caller's transaction.
-- Returns one line per event in the batch's order: version, position, recorded time and hash,
-- tab-separated, each in its column's text form.
CREATE OR REPLACE FUNCTION append_claimed(p_command_id uuid, p_batch jsonb) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_stream   jsonb;
    v_events   jsonb;
    v_event    jsonb;
    v_id       text;
    v_type     text;
    v_expected bigint;
    v_current  bigint;
    v_hash     bytea;
    v_now      timestamptz;
    v_data     jsonb;
    v_metadata jsonb;
    v_date     date;
    v_etype    text;
    v_schema   integer;
    v_position bigint;
    v_opens    boolean := true;
    v_lines    text[] := '{}';
BEGIN
    -- Indexed loops rather than FOR … IN SELECT jsonb_array_elements: no cursor per array.
    FOR v_s IN 0 .. jsonb_array_length(p_batch) - 1 LOOP
        v_stream := p_batch->v_s;
        v_id := v_stream->>'stream_id';
        v_type := v_stream->>'stream_type';
        v_expected := (v_stream->>'expected')::bigint;

        SELECT s.version, s.last_hash INTO v_current, v_hash
            FROM streams s WHERE s.stream_id = v_id FOR UPDATE;
        IF NOT FOUND THEN
            INSERT INTO streams AS s (stream_id, stream_type, version) VALUES (v_id, v_type, 0)
                ON CONFLICT ON CONSTRAINT streams_pkey DO NOTHING;
            SELECT s.version, s.last_hash INTO v_current, v_hash
                FROM streams s WHERE s.stream_id = v_id FOR UPDATE;
        END IF;

        -- Recorded now, after the stream's lock: an append that waited for another one is recorded after
        -- it, so recording time never runs backwards within a stream.
        v_now := clock_timestamp();

        IF v_expected IS NOT NULL AND v_expected <> v_current THEN
            -- The stream may have moved under this very command, appended by another transaction that
            -- committed while this one waited for the lock: a repeat, not a conflict (TL411, nothing kept).
            PERFORM FROM events e
                WHERE e.command_id = p_command_id AND e.opens_append AND e.transaction_id <> pg_current_xact_id();
            IF FOUND THEN
                RAISE EXCEPTION 'command % was appended by another session at the same time', p_command_id
                    USING ERRCODE = 'TL411';
            END IF;
            RAISE EXCEPTION 'version conflict on stream %: expected %, actual %', v_id, v_expected, v_current
                USING ERRCODE = 'TL409',
                      DETAIL = jsonb_build_object('stream_id', v_id, 'expected', v_expected,
                                                  'actual', v_current)::text;
        END IF;

        v_events := v_stream->'events';
        FOR v_e IN 0 .. jsonb_array_length(v_events) - 1 LOOP
            v_event := v_events->v_e;
            v_current := v_current + 1;
            v_etype := v_event->>'event_type';
            v_schema := (v_event->>'schema_version')::integer;
            v_data := v_event->'data';
            v_metadata := coalesce(v_event->'metadata', '{}'::jsonb);
            v_date := (v_event->>'effective_date')::date;
            v_hash := chained_event_hash(v_hash, v_id, v_type, v_current, v_etype, v_schema, v_data, v_metadata,
                                         v_date, v_now, p_command_id);
            INSERT INTO events (stream_id, stream_type, version, event_type, schema_version, data, metadata,
                                effective_date, recorded_at, command_id, hash, opens_append)
                VALUES (v_id, v_type, v_current, v_etype, v_schema, v_data, v_metadata, v_date, v_now,
                        p_command_id, v_hash, v_opens)
                RETURNING position INTO v_position;
            v_opens := false;
            v_lines := v_lines || concat_ws(E'\t', v_current, v_position, v_now, v_hash);
        END LOOP;

        UPDATE streams s SET version = v_current, last_hash = v_hash, updated_at = v_now
            WHERE s.stream_id = v_id;
    END LOOP;
    RETURN array_to_string(v_lines, E'\n');
END
$$;

-- Appends a batch (see append_claimed) in one round trip.
--
-- Returns NULL when the command id was appended before (nothing is written; the caller reads that
-- append's events). Otherwise the transaction id on the first line, then append_claimed's lines. An
-- append with the same command id running at the same time makes the later one fail on
-- events_command_opening (SQLSTATE 23505) with nothing written; the caller answers it as a repeat. Text
-- rather than a table: a set-returning function cost a single-event append about 15% more server time.
-- Subscribers are woken by the caller after commit (see AppendAnnouncer in the EventStore module): a
-- transaction that notifies takes a cluster-wide lock at commit, which would serialise appenders.
DROP FUNCTION IF EXISTS append_events(uuid, jsonb);
CREATE OR REPLACE FUNCTION append_batch(p_command_id uuid, p_batch jsonb) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM FROM events e WHERE e.command_id = p_command_id AND e.opens_append;
    IF FOUND THEN
        RETURN NULL;
    END IF;
    RETURN pg_current_xact_id()::text || E'\n' || append_claimed(p_command_id, p_batch);
END
$$;

-- Appends one event to one stream (most appends), answering as append_batch does. The event's fields
-- come as parameters, and one statement locks the stream, checks its version and moves its head (or
-- creates the stream at its first event): about 15% less server time than append_batch with the same
-- event, measured with pgbench. Recording time must never run backwards within a stream, and the clock is
-- read before the lock here, so the UPDATE also requires that the stream's last recording is not later.
-- Both statements also require that the command id has opened no append. A version conflict, a wait
-- behind a later recording, a stream created meanwhile or a repeated command takes append_batch's path.
CREATE OR REPLACE FUNCTION append_event(
    p_command_id uuid, p_stream_id text, p_stream_type text, p_expected bigint, p_event_type text,
    p_schema_version integer, p_data jsonb, p_metadata jsonb, p_effective_date date
) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_now      timestamptz;
    v_version  bigint;
    v_hash     bytea;
    v_position bigint;
BEGIN
    v_now := clock_timestamp();
    UPDATE streams s SET version = s.version + 1, updated_at = v_now,
            last_hash = chained_event_hash(s.last_hash, p_stream_id, p_stream_type, s.version + 1, p_event_type,
                                           p_schema_version, p_data, p_metadata, p_effective_date, v_now,
                                           p_command_id)
        WHERE s.stream_id = p_stream_id AND (p_expected IS NULL OR s.version = p_expected)
          AND s.updated_at <= v_now
          AND NOT EXISTS (SELECT FROM events e WHERE e.command_id = p_command_id AND e.opens_append)
        RETURNING s.version, s.last_hash INTO v_version, v_hash;
    IF NOT FOUND AND coalesce(p_expected, 0) = 0 THEN
        v_version := 1;
        v_hash := chained_event_hash(NULL, p_stream_id, p_stream_type, 1, p_event_type, p_schema_version, p_data,
                                     p_metadata, p_effective_date, v_now, p_command_id);
        INSERT INTO streams (stream_id, stream_type, version, last_hash, updated_at)
            SELECT p_stream_id, p_stream_type, 1, v_hash, v_now
            WHERE NOT EXISTS (SELECT FROM events e WHERE e.command_id = p_command_id AND e.opens_append)
            ON CONFLICT ON CONSTRAINT streams_pkey DO NOTHING;
    END IF;
    -- FOUND: the UPDATE moved the head, or the INSERT created the stream.
    IF NOT FOUND THEN
        RETURN append_batch(p_command_id, jsonb_build_array(
            jsonb_build_object('stream_id', p_stream_id, 'stream_type', p_stream_type, 'expected', p_expected,
                               'events', jsonb_build_array(jsonb_build_object(
                                   'event_type', p_event_type, 'schema_version', p_schema_version, 'data', p_data,
                                   'metadata', p_metadata, 'effective_date', p_effective_date)))));
    END IF;
    INSERT INTO events (stream_id, stream_type, version, event_type, schema_version, data, metadata,
                        effective_date, recorded_at, command_id, hash, opens_append)
        VALUES (p_stream_id, p_stream_type, v_version, p_event_type, p_schema_version, p_data, p_metadata,
                p_effective_date, v_now, p_command_id, v_hash, true)
        RETURNING position INTO v_position;
    RETURN pg_current_xact_id()::text || E'\n' || concat_ws(E'\t', v_version, v_position, v_now, v_hash);
END
$$;

-- ---------------------------------------------------------------------------------------------
-- Projections
-- ---------------------------------------------------------------------------------------------

-- Where each subscription has read up to, in (transaction id, position) order; written in the same
-- transaction as the projection's rows.
CREATE TABLE IF NOT EXISTS projection_checkpoints (
    name           text        PRIMARY KEY,
    transaction_id xid8        NOT NULL DEFAULT '0',
    position       bigint      NOT NULL DEFAULT 0,
    updated_at     timestamptz NOT NULL DEFAULT now()
);

-- ---------------------------------------------------------------------------------------------
-- Bulk appends (imports, the demo province): rows are COPied into a temporary staging table and
-- appended set-wise, with the same checks and the same hash chain as append_batch.
-- ---------------------------------------------------------------------------------------------

-- The running hash of a stream: sha256(previous || input), seeded with the stream's last hash. Used as
-- a window aggregate over a stream's new events in version order. PL/pgSQL rather than SQL: an aggregate
-- never inlines its step, and a SQL step runs through the executor on every row (40% slower here).
CREATE OR REPLACE FUNCTION hash_chain_step(p_state bytea, p_seed bytea, p_input bytea) RETURNS bytea
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    RETURN sha256(coalesce(p_state, p_seed, ''::bytea) || p_input);
END
$$;

CREATE OR REPLACE AGGREGATE hash_chain(bytea, bytea) (SFUNC = hash_chain_step, STYPE = bytea);

-- Appends what the caller staged in pg_temp.staged_events (see EventStore.appendBulk). Expected versions
-- are checked for every stream first (TL409 on the first mismatch, nothing written); the command id opens
-- the append on its first event (TL410 if it was used before).
CREATE OR REPLACE FUNCTION append_staged(p_command_id uuid) RETURNS bigint
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_conflict    record;
    v_count       bigint;
    v_now         timestamptz;
    v_conflicting text;
    v_opening     text;
BEGIN
    PERFORM FROM events e WHERE e.command_id = p_command_id AND e.opens_append;
    IF FOUND THEN
        RAISE EXCEPTION 'command % was appended before', p_command_id USING ERRCODE = 'TL410';
    END IF;
    -- Temporary tables have no statistics until analysed; without them the joins below are planned as
    -- nested loops over tens of thousands of rows. The joins need only the stream ids' statistics (the
    -- documents' would double the time ANALYZE takes).
    ANALYZE pg_temp.staged_streams;
    ANALYZE pg_temp.staged_events (stream_id);

    INSERT INTO streams (stream_id, stream_type, version)
        SELECT DISTINCT ON (g.stream_id) g.stream_id, g.stream_type, 0 FROM pg_temp.staged_streams g
        ORDER BY g.stream_id
        ON CONFLICT ON CONSTRAINT streams_pkey DO NOTHING;

    -- Lock the streams in a fixed order, as single appends do, then check their heads.
    CREATE TEMP TABLE IF NOT EXISTS staged_heads (stream_id text PRIMARY KEY, version bigint, last_hash bytea)
        ON COMMIT DROP;
    TRUNCATE staged_heads;
    INSERT INTO staged_heads
        SELECT s.stream_id, s.version, s.last_hash FROM streams s
        WHERE s.stream_id IN (SELECT stream_id FROM pg_temp.staged_streams)
        ORDER BY s.stream_id FOR UPDATE OF s;
    ANALYZE staged_heads;

    v_now := clock_timestamp();

    -- The first stream whose head is not the expected one, by an aggregate over the join: as ORDER BY …
    -- LIMIT 1 it was planned as a walk of one side, in order, scanning the other side for each row in the
    -- hope of an early match; with no conflict (the usual case) that compared every pair, and a bulk
    -- append to 50,000 existing streams spent minutes here.
    SELECT min(g.stream_id) INTO v_conflicting
        FROM pg_temp.staged_streams g JOIN staged_heads h USING (stream_id)
        WHERE g.expected IS NOT NULL AND g.expected <> h.version;
    IF v_conflicting IS NOT NULL THEN
        SELECT g.stream_id, g.expected, h.version AS actual INTO v_conflict
            FROM pg_temp.staged_streams g JOIN staged_heads h USING (stream_id)
            WHERE g.stream_id = v_conflicting
            ORDER BY g.expected LIMIT 1;
        -- Moved under this very command, appended by a transaction that committed while this one waited
        -- for the locks: appended before, not a conflict.
        PERFORM FROM events e WHERE e.command_id = p_command_id AND e.opens_append;
        IF FOUND THEN
            RAISE EXCEPTION 'command % was appended before', p_command_id USING ERRCODE = 'TL410';
        END IF;
        RAISE EXCEPTION 'version conflict on stream %: expected %, actual %',
                v_conflict.stream_id, v_conflict.expected, v_conflict.actual
            USING ERRCODE = 'TL409',
                  DETAIL = jsonb_build_object('stream_id', v_conflict.stream_id, 'expected', v_conflict.expected,
                                              'actual', v_conflict.actual)::text;
    END IF;

    -- The first event written (lowest stream id, first of its events) opens the append.
    v_opening := (SELECT min(h.stream_id) FROM staged_heads h);
    WITH numbered AS (
        SELECT e.*, h.version + e.ordinal AS new_version, h.last_hash AS seed
        FROM pg_temp.staged_events e JOIN staged_heads h USING (stream_id)
    ), hashed AS (
        SELECT n.*, hash_chain(n.seed, event_hash_input(n.stream_id, n.stream_type, n.new_version, n.event_type,
                   n.schema_version, n.data, n.metadata, n.effective_date, v_now, p_command_id))
                   OVER (PARTITION BY n.stream_id ORDER BY n.new_version) AS hash
        FROM numbered n
    ), inserted AS (
        INSERT INTO events (stream_id, stream_type, version, event_type, schema_version, data, metadata,
                            effective_date, recorded_at, command_id, hash, opens_append)
        SELECT stream_id, stream_type, new_version, event_type, schema_version, data, metadata, effective_date,
               v_now, p_command_id, hash, stream_id = v_opening AND ordinal = 1
        FROM hashed ORDER BY stream_id, new_version
        RETURNING stream_id, version, hash
    ), heads AS (
        SELECT DISTINCT ON (stream_id) stream_id, version, hash FROM inserted ORDER BY stream_id, version DESC
    ), moved AS (
        UPDATE streams s SET version = h.version, last_hash = h.hash, updated_at = v_now
        FROM heads h WHERE s.stream_id = h.stream_id
        RETURNING 1
    )
    SELECT count(*) INTO v_count FROM inserted;
    RETURN v_count;
END
$$;

-- ---------------------------------------------------------------------------------------------
-- Read models. Every row below is derived from the events: `talentledger projections rebuild` can
-- recreate all of them, and `projections check` compares a fresh derivation with these tables.
-- ---------------------------------------------------------------------------------------------

-- O1: units and the authorities they report to.
CREATE TABLE IF NOT EXISTS organizations (
    organization_id text PRIMARY KEY,
    name            text NOT NULL,
    short_name      text NOT NULL,
    kind            text NOT NULL,
    parent_id       text,
    region          text,
    last_position   bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS organizations_parent ON organizations (parent_id);

-- The current view of each talent: the state after every fact known, in business-time order.
CREATE TABLE IF NOT EXISTS talents (
    talent_id              text PRIMARY KEY,
    tier                   text,
    status                 text NOT NULL,
    unit_id                text,
    professional_field     text,
    period_start           date,
    period_source          text,
    period_end             date,
    flexible_until         date,
    classified             boolean NOT NULL,
    retired                boolean NOT NULL,
    rehired                boolean NOT NULL,
    jixiang_card           text NOT NULL,
    jijian_card            text NOT NULL,
    talent_code            text NOT NULL,
    certificate            text NOT NULL,
    medical_service        boolean NOT NULL,
    housing_subsidy_total  integer NOT NULL,
    housing_subsidy_paid   integer NOT NULL,
    housing_subsidy_stopped boolean NOT NULL,
    publicity_running      boolean NOT NULL,
    open_objections        integer NOT NULL,
    awaiting_decision      boolean NOT NULL,
    exit_reason            text,
    exited_on              date,
    reapplication          text,
    reapply_from           date,
    version                bigint NOT NULL,
    last_position          bigint NOT NULL,
    -- O2: the unit that verifies and reports for the talent (the original one after some moves).
    reporting_unit_id      text
);
-- For a column added to a store projected without it: the projector derives every talent's rows again
-- (they are a function of the whole stream, so projecting them twice changes nothing but the new column).
-- It passes over rows as new as their events (a command wrote them), so the rows are marked older first:
-- at version 0 no row is as new as its events.
CREATE OR REPLACE FUNCTION project_talents_again() RETURNS void
LANGUAGE sql AS $$
    UPDATE talents SET version = 0;
    UPDATE projection_checkpoints SET transaction_id = '0', position = 0, updated_at = now()
    WHERE name = 'read-models';
$$;
-- Adds a column the talents' rows derive, if the store lacks it, and has the projector derive them again.
-- The column's name and type are this file's own constants.
CREATE OR REPLACE FUNCTION add_derived_talent_column(p_column text, p_type text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                   WHERE table_schema = 'public' AND table_name = 'talents' AND column_name = p_column) THEN
        EXECUTE format('ALTER TABLE talents ADD COLUMN %I %s', p_column, p_type);
        PERFORM project_talents_again();
    END IF;
END
$$;
SELECT add_derived_talent_column('reporting_unit_id', 'text');
-- Whether the overdue list (X9, D3, W5, P1) may find anything for the talent on some day
-- (`Talent.mayHaveOverdueItems`): the list folds only these talents. Rows written before the column
-- existed say true (fold to know) until they are written again or rebuilt.
ALTER TABLE talents ADD COLUMN IF NOT EXISTS may_be_overdue boolean NOT NULL DEFAULT true;
CREATE INDEX IF NOT EXISTS talents_may_be_overdue ON talents (talent_id) WHERE may_be_overdue;
-- The talent's current state as the API answers it (JSON text, kept as written: a read of the current
-- state serves it without reading and folding the stream). Added to a store projected without it, the
-- projector derives every talent's rows again, as for reporting_unit_id above; until it has, a row
-- without the state is read by folding the stream.
SELECT add_derived_talent_column('state_json', 'text');
-- The last business day of the talent's facts up to `version` (its stream's greatest effective date): a
-- command decided on the kept state reads it here, with the stream's version from its head, so that nothing
-- it reads before the caller is screened costs more for a longer history. Added to a store projected
-- without it, the projector derives every talent's rows again; until it has, a row without it is decided on
-- its stream.
SELECT add_derived_talent_column('last_day', 'date');
CREATE INDEX IF NOT EXISTS talents_unit ON talents (unit_id, tier, status);
-- The unit that answers for each talent (O2), as every jurisdiction's condition names it, then the register
-- id: a unit's page comes off it in order and stops at its limit, where a walk of the primary key in id
-- order had to pass over every talent of other units before it (100 ms for a unit whose talents come
-- late in 300,000). It replaces an index on reporting_unit_id alone, which no query's condition matched.
DROP INDEX IF EXISTS talents_reporting_unit;
CREATE INDEX IF NOT EXISTS talents_answering ON talents ((coalesce(reporting_unit_id, unit_id)), talent_id);
CREATE INDEX IF NOT EXISTS talents_tier_status ON talents (tier, status);

-- Who held which tier at which unit over business time [valid_from, valid_to), as the register knew it
-- over recording time [known_from, known_to). NULL ends are open.
CREATE TABLE IF NOT EXISTS talent_tier_history (
    talent_id  text        NOT NULL,
    tier       text        NOT NULL,
    unit_id    text,
    valid_from date        NOT NULL,
    valid_to   date,
    known_from timestamptz NOT NULL,
    known_to   timestamptz,
    PRIMARY KEY (talent_id, valid_from, known_from)
);
CREATE INDEX IF NOT EXISTS talent_tier_history_current ON talent_tier_history (tier, valid_from, valid_to)
    WHERE known_to IS NULL;
CREATE INDEX IF NOT EXISTS talent_tier_history_unit ON talent_tier_history (unit_id, tier, valid_from);

-- Each card's status over business time, bitemporal as above (cards: jixiangCard, jijianCard, talentCode,
-- certificate; statuses: active, suspended, takenBack, cancelled; no row while a talent holds none).
CREATE TABLE IF NOT EXISTS card_history (
    talent_id  text        NOT NULL,
    card       text        NOT NULL,
    status     text        NOT NULL,
    valid_from date        NOT NULL,
    valid_to   date,
    known_from timestamptz NOT NULL,
    known_to   timestamptz,
    PRIMARY KEY (talent_id, card, valid_from, known_from)
);
CREATE INDEX IF NOT EXISTS card_history_current ON card_history (card, status, valid_from, valid_to)
    WHERE known_to IS NULL;
-- Rows projected before cards and statuses were named as the API names them (jixiang_card, taken_back):
-- renamed in place, as a rebuild would write them.
UPDATE card_history SET card = CASE card WHEN 'jixiang_card' THEN 'jixiangCard' WHEN 'jijian_card' THEN 'jijianCard'
        ELSE 'talentCode' END
    WHERE card IN ('jixiang_card', 'jijian_card', 'talent_code');
UPDATE card_history SET status = 'takenBack' WHERE status = 'taken_back';
UPDATE talents SET jixiang_card = replace(jixiang_card, 'taken_back', 'takenBack'),
        jijian_card = replace(jijian_card, 'taken_back', 'takenBack'),
        talent_code = replace(talent_code, 'taken_back', 'takenBack'),
        certificate = replace(certificate, 'taken_back', 'takenBack')
    WHERE 'taken_back' IN (jixiang_card, jijian_card, talent_code, certificate);

-- W1–W3 for each campaign: which work items apply to whom, and how far each has come.
CREATE TABLE IF NOT EXISTS campaign_roster (
    campaign  integer NOT NULL,
    talent_id text    NOT NULL,
    unit_id   text,
    tier      text,
    work_item text    NOT NULL,
    progress  text    NOT NULL,
    PRIMARY KEY (campaign, talent_id, work_item)
);
CREATE INDEX IF NOT EXISTS campaign_roster_unit ON campaign_roster (campaign, unit_id, work_item);
-- A talent's rows are replaced whenever its stream moves (forget_talent_rows).
CREATE INDEX IF NOT EXISTS campaign_roster_talent ON campaign_roster (talent_id);

-- Per-unit counts by tier and status, always in step with `talents`.
CREATE OR REPLACE VIEW unit_talent_counts AS
    SELECT unit_id, tier, status, count(*) AS talents FROM talents GROUP BY unit_id, tier, status;

-- Every organization with each authority above it (itself included): the jurisdiction of an authority
-- is every organization whose chain contains it.
CREATE OR REPLACE VIEW organization_chain AS
    WITH RECURSIVE chain (organization_id, authority_id, depth) AS (
        SELECT organization_id, organization_id, 0 FROM organizations
        UNION ALL
        SELECT c.organization_id, o.parent_id, c.depth + 1
        FROM chain c JOIN organizations o ON o.organization_id = c.authority_id
        WHERE o.parent_id IS NOT NULL AND c.depth < 16
    )
    SELECT organization_id, authority_id, depth FROM chain;

-- Who may call the register: one row per account, from the account streams' events. Only the SHA-256 of
-- a bearer token is kept; the token is shown once when issued.
CREATE TABLE IF NOT EXISTS accounts (
    account_id      text PRIMARY KEY,
    name            text NOT NULL,
    role            text NOT NULL,
    organization_id text,
    token_hash      text NOT NULL UNIQUE,
    issued_at       timestamptz NOT NULL,
    revoked_at      timestamptz,
    last_position   bigint NOT NULL
);

-- The console's sign-ins, shared by every server on the database: a person moved between servers (a load
-- balancer, a rolling restart) stays signed in, and a sign-out on any of them ends the session on all.
-- Not a read model (no event says them): only the SHA-256 of the session's id (the cookie's value) and of
-- the bearer token it was opened with are kept, and a form posted after a session ended (`draft`, for the
-- page `draft_page`) until it is drawn again once.
CREATE TABLE IF NOT EXISTS console_sessions (
    session_hash text PRIMARY KEY,
    token_hash   text NOT NULL,
    name         text NOT NULL,
    csrf         text NOT NULL,
    opened_at    timestamptz NOT NULL,
    last_seen    timestamptz NOT NULL,
    serial       bigint GENERATED ALWAYS AS IDENTITY,
    draft_page   text,
    draft        text
);
CREATE INDEX IF NOT EXISTS console_sessions_token ON console_sessions (token_hash);

-- Streams the projector set aside because one of their events could not be applied (an older binary's
-- event, a hand-made row): the others go on, and /health names these until they are mended.
CREATE TABLE IF NOT EXISTS projection_quarantine (
    stream_id      text PRIMARY KEY,
    version        bigint NOT NULL,
    error          text NOT NULL,
    quarantined_at timestamptz NOT NULL DEFAULT now()
);

-- A rebuild in progress: rerunning `projections rebuild` resumes it instead of starting over.
CREATE TABLE IF NOT EXISTS projection_rebuilds (
    name       text PRIMARY KEY,
    started_at timestamptz NOT NULL DEFAULT now()
);

-- Which derivation of the read models the live tables hold (Schema.readModelRevision of the release that
-- derived them): recorded by a rebuild, and by the migration of a database whose read models hold no row. A
-- database whose rows a release before it derived has no row here. A release that derives rows otherwise
-- rebuilds them before anything acts on them (a late-unit job reading which units made up, say).
CREATE TABLE IF NOT EXISTS read_model_derivation (
    only_row   boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    revision   integer NOT NULL,
    derived_at timestamptz NOT NULL DEFAULT now()
);
CREATE OR REPLACE FUNCTION record_read_model_derivation(p_revision integer) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO read_model_derivation (revision) VALUES (p_revision)
    ON CONFLICT (only_row) DO UPDATE SET revision = excluded.revision, derived_at = now()
$$;

-- Personal data (names) of talents, kept out of the events so it can be corrected or erased without
-- rewriting history (DESIGN "Personal data"); written by imports, the demo and `PUT …/profile`.
CREATE TABLE IF NOT EXISTS talent_profiles (
    talent_id  text PRIMARY KEY,
    name       text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
-- The national id number and phone (SEC1: shown masked to all but the talent's unit and the province) and
-- who last wrote the profile; an erasure deletes the row.
ALTER TABLE talent_profiles ADD COLUMN IF NOT EXISTS national_id text;
ALTER TABLE talent_profiles ADD COLUMN IF NOT EXISTS phone text;
ALTER TABLE talent_profiles ADD COLUMN IF NOT EXISTS updated_by text;
-- A national id number is one person's: a profile is not kept with a number another talent's holds
-- (`TalentProfiles.replace` looks it up under a lock on the number). Not unique in the index, so that a store
-- which already holds a number twice still migrates; those two keep it until one is corrected.
CREATE INDEX IF NOT EXISTS talent_profiles_national_id ON talent_profiles (national_id)
    WHERE national_id IS NOT NULL;
-- Who kept or erased a talent's personal data, and when (`PUT`/`DELETE …/profile`): the fields that
-- changed are named, never their values, so that an erasure leaves nothing of the person behind while the
-- handling of the data stays accountable. Written in the statement that changes the profile.
CREATE TABLE IF NOT EXISTS talent_profile_changes (
    change_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    talent_id  text        NOT NULL,
    action     text        NOT NULL CHECK (action IN ('kept', 'erased')),
    fields     text[]      NOT NULL,
    changed_by text        NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS talent_profile_changes_talent ON talent_profile_changes (talent_id, change_id);

-- A unit's submission of a campaign (S1–S4), from its stream `submission-<year>-<unit>`: where it waits in
-- the chain of authority (O1), and whether it was in time when the window closed (S3) or made up (S4).
CREATE TABLE IF NOT EXISTS campaign_submissions (
    campaign           integer NOT NULL,
    unit_id            text    NOT NULL,
    status             text    NOT NULL,
    awaiting           text,
    first_submitted_on date,
    last_submitted_on  date,
    accepted_on        date,
    return_reason      text,
    lateness_reason    text,
    figures            jsonb,
    in_time_at_close   boolean NOT NULL,
    made_up            boolean NOT NULL,
    version            bigint  NOT NULL,
    PRIMARY KEY (campaign, unit_id)
);
-- The day of the submission's latest step: no later step is dated before it (S2).
ALTER TABLE campaign_submissions ADD COLUMN IF NOT EXISTS last_step_on date;

-- The read-model tables, named once: a rebuild truncates them, a check derives them afresh in a scratch
-- schema and compares. Table names come from this list only (quoted with %I), never from a caller.
CREATE OR REPLACE FUNCTION read_model_tables() RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
    SELECT ARRAY['organizations', 'talents', 'talent_tier_history', 'card_history', 'campaign_roster', 'accounts',
                 'campaign_submissions']
$$;

-- Whether no read model holds a row: nothing is derived yet, so whatever is derived from here on is the
-- migrating release's (read_model_derivation).
CREATE OR REPLACE FUNCTION read_models_empty() RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_table text;
    v_any boolean;
BEGIN
    FOREACH v_table IN ARRAY read_model_tables() LOOP
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM public.%I)', v_table) INTO v_any;
        IF v_any THEN
            RETURN false;
        END IF;
    END LOOP;
    RETURN true;
END
$$;

-- Removes every read-model row of the given talents, before the projection writes their rows afresh.
-- Only talents with a `talents` row have rows at all (the projection always writes one), so the others
-- are passed over. Index scans are forced: the talents of a batch mostly have no rows yet (a rebuild
-- meets each talent once), but for thousands of ids the planner expects thousands of rows and scans
-- every table whole, which made a rebuild slower the further it got. Its plans are generic: planned for
-- the ids of each call (custom plans, which PostgreSQL kept choosing for an array of ids), its five
-- statements cost a command a twentieth of the database's time.
CREATE OR REPLACE FUNCTION forget_talent_rows(p_ids text[]) RETURNS void
LANGUAGE plpgsql SET enable_seqscan = off SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    v_known text[];
BEGIN
    SELECT array_agg(t.talent_id) INTO v_known FROM talents t WHERE t.talent_id = ANY(p_ids);
    IF v_known IS NULL THEN
        RETURN;
    END IF;
    DELETE FROM talents WHERE talent_id = ANY(v_known);
    DELETE FROM talent_tier_history WHERE talent_id = ANY(v_known);
    DELETE FROM card_history WHERE talent_id = ANY(v_known);
    DELETE FROM campaign_roster WHERE talent_id = ANY(v_known);
END
$$;

-- A few talents' rows replaced in one statement (a command's talent): forget_talent_rows and the four
-- tables' rows given as JSON arrays of objects keyed by column, each value in its column's text form as
-- COPY takes it. Four COPYs cost a command eight round trips; writes of more than a few talents (the
-- projector's and a rebuild's larger batches, a job's) still use COPY: both write the same rows.
CREATE OR REPLACE FUNCTION replace_talent_rows(
    p_ids text[], p_talents jsonb, p_tiers jsonb, p_cards jsonb, p_roster jsonb
) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM forget_talent_rows(p_ids);
    INSERT INTO talents (talent_id, tier, status, unit_id, professional_field, period_start, period_source,
        period_end, flexible_until, classified, retired, rehired, jixiang_card, jijian_card, talent_code,
        certificate, medical_service, housing_subsidy_total, housing_subsidy_paid, housing_subsidy_stopped,
        publicity_running, open_objections, awaiting_decision, exit_reason, exited_on, reapplication,
        reapply_from, version, last_position, reporting_unit_id, may_be_overdue, state_json, last_day)
    SELECT talent_id, tier, status, unit_id, professional_field, period_start, period_source,
        period_end, flexible_until, classified, retired, rehired, jixiang_card, jijian_card, talent_code,
        certificate, medical_service, housing_subsidy_total, housing_subsidy_paid, housing_subsidy_stopped,
        publicity_running, open_objections, awaiting_decision, exit_reason, exited_on, reapplication,
        reapply_from, version, last_position, reporting_unit_id, may_be_overdue, state_json, last_day
    FROM jsonb_populate_recordset(NULL::talents, p_talents);
    INSERT INTO talent_tier_history (talent_id, tier, unit_id, valid_from, valid_to, known_from, known_to)
    SELECT talent_id, tier, unit_id, valid_from, valid_to, known_from, known_to
    FROM jsonb_populate_recordset(NULL::talent_tier_history, p_tiers);
    INSERT INTO card_history (talent_id, card, status, valid_from, valid_to, known_from, known_to)
    SELECT talent_id, card, status, valid_from, valid_to, known_from, known_to
    FROM jsonb_populate_recordset(NULL::card_history, p_cards);
    INSERT INTO campaign_roster (campaign, talent_id, unit_id, tier, work_item, progress)
    SELECT campaign, talent_id, unit_id, tier, work_item, progress
    FROM jsonb_populate_recordset(NULL::campaign_roster, p_roster);
END
$$;

-- A command's talent whose rows showed its stream up to the command (their version is `p_version`): the
-- `talents` row is updated in place, and of the other tables only those whose rows the command changed
-- (`p_tiers_changed`, `p_cards_changed`, `p_roster_changed`) are rewritten. Most commands change the talent's row alone, and
-- rewriting every table was three fifths of a command's database time. Rows found at another version
-- (the projector moved them since they were read) are replaced whole, as `replace_talent_rows` does.
CREATE OR REPLACE FUNCTION update_talent_rows(
    p_id text, p_version bigint, p_tiers_changed boolean, p_cards_changed boolean, p_roster_changed boolean,
    p_talent jsonb, p_tiers jsonb, p_cards jsonb, p_roster jsonb
) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE talents t SET (tier, status, unit_id, professional_field, period_start, period_source,
        period_end, flexible_until, classified, retired, rehired, jixiang_card, jijian_card, talent_code,
        certificate, medical_service, housing_subsidy_total, housing_subsidy_paid, housing_subsidy_stopped,
        publicity_running, open_objections, awaiting_decision, exit_reason, exited_on, reapplication,
        reapply_from, version, last_position, reporting_unit_id, may_be_overdue, state_json, last_day) = (
        r.tier, r.status, r.unit_id, r.professional_field, r.period_start, r.period_source, r.period_end,
        r.flexible_until, r.classified, r.retired, r.rehired, r.jixiang_card, r.jijian_card, r.talent_code,
        r.certificate, r.medical_service, r.housing_subsidy_total, r.housing_subsidy_paid,
        r.housing_subsidy_stopped, r.publicity_running, r.open_objections, r.awaiting_decision, r.exit_reason,
        r.exited_on, r.reapplication, r.reapply_from, r.version, r.last_position, r.reporting_unit_id,
        r.may_be_overdue, r.state_json, r.last_day)
    FROM jsonb_populate_record(NULL::talents, p_talent -> 0) r
    WHERE t.talent_id = p_id AND t.version = p_version;
    IF NOT FOUND THEN
        PERFORM replace_talent_rows(ARRAY[p_id], p_talent, p_tiers, p_cards, p_roster);
        RETURN;
    END IF;
    IF p_tiers_changed THEN
        DELETE FROM talent_tier_history WHERE talent_id = p_id;
        INSERT INTO talent_tier_history (talent_id, tier, unit_id, valid_from, valid_to, known_from, known_to)
        SELECT talent_id, tier, unit_id, valid_from, valid_to, known_from, known_to
        FROM jsonb_populate_recordset(NULL::talent_tier_history, p_tiers);
    END IF;
    IF p_cards_changed THEN
        DELETE FROM card_history WHERE talent_id = p_id;
        INSERT INTO card_history (talent_id, card, status, valid_from, valid_to, known_from, known_to)
        SELECT talent_id, card, status, valid_from, valid_to, known_from, known_to
        FROM jsonb_populate_recordset(NULL::card_history, p_cards);
    END IF;
    IF p_roster_changed THEN
        DELETE FROM campaign_roster WHERE talent_id = p_id;
        INSERT INTO campaign_roster (campaign, talent_id, unit_id, tier, work_item, progress)
        SELECT campaign, talent_id, unit_id, tier, work_item, progress
        FROM jsonb_populate_recordset(NULL::campaign_roster, p_roster);
    END IF;
END
$$;

-- Bitemporal rows (a talent's tier or card history) with the stand-in `p_placeholder` of their known_from
-- and known_to replaced by `p_recorded` (see write_appended_talent_rows).
CREATE OR REPLACE FUNCTION appended_known_times(p_rows jsonb, p_placeholder text, p_recorded jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(jsonb_agg(r
            || CASE WHEN r ->> 'known_from' = p_placeholder THEN jsonb_build_object('known_from', p_recorded)
                    ELSE '{}' END
            || CASE WHEN r ->> 'known_to' = p_placeholder THEN jsonb_build_object('known_to', p_recorded)
                    ELSE '{}' END), '[]')
    FROM jsonb_array_elements(p_rows) r
$$;

-- A command's talent rows, sent in the same round trip as its append and its COMMIT: derived before the
-- append answered, with a stand-in for what only the append knows (its recording time, `p_placeholder`
-- in the bitemporal rows, and its last position, `p_position_placeholder` in the talent's row), which is
-- put in here from the append's last event (version `p_version`, by command `p_command_id`). When that
-- event is not there (the command id was recorded before, by another request: the append answered as a
-- repeat) nothing is written and the answer is false. `p_shown` is the version the rows showed when the
-- command read them (`update_talent_rows`), or NULL for rows replaced whole (`replace_talent_rows`);
-- `p_histories` is false for rows derived from the state the talent's row kept, which leave the tier and
-- card histories as they are and do not carry them.
DROP FUNCTION IF EXISTS write_appended_talent_rows(text, text, bigint, uuid, text, text, bigint, boolean, boolean,
    boolean, jsonb, jsonb, jsonb, jsonb);
CREATE OR REPLACE FUNCTION write_appended_talent_rows(
    p_id text, p_stream_id text, p_version bigint, p_command_id uuid, p_placeholder text,
    p_position_placeholder text, p_shown bigint, p_tiers_changed boolean, p_cards_changed boolean,
    p_roster_changed boolean, p_talent jsonb, p_tiers jsonb, p_cards jsonb, p_roster jsonb,
    p_histories boolean
) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    v_recorded jsonb;
    v_position jsonb;
BEGIN
    -- This transaction's append alone: the same command sent again at the same moment finds the first's
    -- event, committed by another transaction, and writes nothing (it rewrote the rows the first wrote, and
    -- two such repeats raced: a duplicate talent row, a deadlock, a 412).
    SELECT to_jsonb(e.recorded_at), to_jsonb(e.position::text) INTO v_recorded, v_position FROM events e
        WHERE e.stream_id = p_stream_id AND e.version = p_version AND e.command_id = p_command_id
          AND e.transaction_id = pg_current_xact_id_if_assigned();
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    -- Rows that moved since the command read them (the projector wrote them meanwhile) are replaced whole;
    -- a command that derived its rows from the state the row kept (`p_histories` false: no tier or card
    -- history sent) cannot, and is decided again from the stream.
    IF p_shown IS NOT NULL AND NOT EXISTS (SELECT FROM talents t WHERE t.talent_id = p_id AND t.version = p_shown)
    THEN
        IF NOT p_histories THEN
            RAISE EXCEPTION 'the rows of talent % moved since the command read them', p_id USING ERRCODE = 'TL412';
        END IF;
        p_shown := NULL;
    END IF;
    -- One talent, one row; its last position is the append's.
    IF p_talent -> 0 ->> 'last_position' = p_position_placeholder THEN
        p_talent := jsonb_set(p_talent, '{0,last_position}', v_position);
    END IF;
    -- The histories only where they are written: most commands change the talent's row alone.
    IF p_shown IS NULL OR p_tiers_changed THEN
        p_tiers := appended_known_times(p_tiers, p_placeholder, v_recorded);
    END IF;
    IF p_shown IS NULL OR p_cards_changed THEN
        p_cards := appended_known_times(p_cards, p_placeholder, v_recorded);
    END IF;
    IF p_shown IS NULL THEN
        PERFORM replace_talent_rows(ARRAY[p_id], p_talent, p_tiers, p_cards, p_roster);
    ELSE
        PERFORM update_talent_rows(p_id, p_shown, p_tiers_changed, p_cards_changed, p_roster_changed, p_talent,
                                   p_tiers, p_cards, p_roster);
    END IF;
    RETURN true;
END
$$;

-- Talents' rows moved on by an append in the caller's transaction, from the state each row kept (a batch
-- job's talents): each `talents` row in `p_talents` is updated where it still shows version `shown`, its
-- last position the one of the event at its new version in stream `stream_id`, and each card the append
-- changed (`p_cards`: talent, stream and new version, card, its status from `valid_from` on, null for
-- none) has its current interval closed as known and the interval's two halves opened, as a derivation
-- from the whole stream would (the append's facts come last in business order and leave the tier as it
-- was: the Swift side checks). Roster rows are replaced for `p_roster_ids` only. A row found at another
-- version raises TL412, and nothing is written. Every join is a lookup by key from one of the documents:
-- joins planned otherwise (a hash of the current card rows, a nested loop over two documents) cost a
-- batch of thousands of talents ten to a hundred times more.
CREATE OR REPLACE FUNCTION advance_talent_rows(p_talents jsonb, p_cards jsonb, p_roster_ids text[], p_roster jsonb)
RETURNS void
LANGUAGE plpgsql SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off AS $$
DECLARE
    v_updated bigint;
BEGIN
    UPDATE talents t SET (tier, status, unit_id, professional_field, period_start, period_source,
        period_end, flexible_until, classified, retired, rehired, jixiang_card, jijian_card, talent_code,
        certificate, medical_service, housing_subsidy_total, housing_subsidy_paid, housing_subsidy_stopped,
        publicity_running, open_objections, awaiting_decision, exit_reason, exited_on, reapplication,
        reapply_from, version, last_position, reporting_unit_id, may_be_overdue, state_json, last_day) = (
        r.tier, r.status, r.unit_id, r.professional_field, r.period_start, r.period_source, r.period_end,
        r.flexible_until, r.classified, r.retired, r.rehired, r.jixiang_card, r.jijian_card, r.talent_code,
        r.certificate, r.medical_service, r.housing_subsidy_total, r.housing_subsidy_paid,
        r.housing_subsidy_stopped, r.publicity_running, r.open_objections, r.awaiting_decision, r.exit_reason,
        r.exited_on, r.reapplication, r.reapply_from, r.version, e.position, r.reporting_unit_id,
        r.may_be_overdue, r.state_json, r.last_day)
    FROM jsonb_array_elements(p_talents) j
    CROSS JOIN LATERAL jsonb_populate_record(NULL::talents, j) r
    JOIN events e ON e.stream_id = j ->> 'stream_id' AND e.version = r.version
    WHERE t.talent_id = r.talent_id AND t.version = (j ->> 'shown')::bigint;
    GET DIAGNOSTICS v_updated = ROW_COUNT;
    IF v_updated <> jsonb_array_length(p_talents) THEN
        RAISE EXCEPTION '% of % talents'' rows moved since they were read', jsonb_array_length(p_talents) - v_updated,
            jsonb_array_length(p_talents) USING ERRCODE = 'TL412';
    END IF;
    WITH changes AS (
        SELECT c.talent_id, c.card, c.status, c.valid_from AS day, e.recorded_at
        FROM jsonb_to_recordset(p_cards)
            AS c(talent_id text, stream_id text, version bigint, card text, status text, valid_from date)
        JOIN events e ON e.stream_id = c.stream_id AND e.version = c.version
    ), closed AS (
        UPDATE card_history h SET known_to = c.recorded_at FROM changes c
        WHERE h.talent_id = c.talent_id AND h.card = c.card AND h.valid_to IS NULL AND h.known_to IS NULL
        RETURNING h.talent_id, h.card, h.status, h.valid_from, c.day, c.recorded_at
    )
    INSERT INTO card_history (talent_id, card, status, valid_from, valid_to, known_from, known_to)
    SELECT talent_id, card, status, valid_from, day, recorded_at, NULL::timestamptz FROM closed WHERE valid_from < day
    UNION ALL
    SELECT talent_id, card, status, day, NULL::date, recorded_at, NULL::timestamptz FROM changes
    WHERE status IS NOT NULL;
    IF cardinality(p_roster_ids) > 0 THEN
        DELETE FROM campaign_roster WHERE talent_id = ANY(p_roster_ids);
        INSERT INTO campaign_roster (campaign, talent_id, unit_id, tier, work_item, progress)
        SELECT campaign, talent_id, unit_id, tier, work_item, progress
        FROM jsonb_populate_recordset(NULL::campaign_roster, p_roster);
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION truncate_read_models() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    v_table text;
BEGIN
    FOREACH v_table IN ARRAY read_model_tables() LOOP
        EXECUTE format('TRUNCATE public.%I', v_table);
    END LOOP;
END
$$;

-- Creates the scratch schema projection_check with empty copies of the read-model tables.
CREATE OR REPLACE FUNCTION create_read_model_scratch() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    v_table text;
BEGIN
    DROP SCHEMA IF EXISTS projection_check CASCADE;
    CREATE SCHEMA projection_check;
    -- The check's own quarantine: what it sets aside never reaches the live one.
    CREATE TABLE projection_check.projection_quarantine (LIKE public.projection_quarantine INCLUDING ALL);
    FOREACH v_table IN ARRAY read_model_tables() LOOP
        EXECUTE format('CREATE TABLE projection_check.%I (LIKE public.%I INCLUDING ALL)', v_table, v_table);
    END LOOP;
END
$$;

-- A rebuild derives every read model (and the quarantine) afresh into the schema projection_rebuild
-- while the live tables keep serving, then puts the new rows in place in one transaction. The scratch
-- tables keep their keys and the indexes led by talent_id (the projection deletes a talent's rows by it)
-- and nothing else: the other indexes only serve readers, and maintaining them row by row cost the
-- rebuild about a tenth of its speed.
CREATE OR REPLACE FUNCTION create_read_model_rebuild() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    v_table text;
    v_index record;
BEGIN
    DROP SCHEMA IF EXISTS projection_rebuild CASCADE;
    CREATE SCHEMA projection_rebuild;
    FOREACH v_table IN ARRAY read_model_tables() || ARRAY['projection_quarantine'] LOOP
        EXECUTE format('CREATE TABLE projection_rebuild.%I (LIKE public.%I INCLUDING ALL)', v_table, v_table);
        FOR v_index IN
            SELECT i.indexrelid::regclass::text AS name FROM pg_index i
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
            WHERE i.indrelid = format('projection_rebuild.%I', v_table)::regclass
              AND NOT i.indisprimary AND NOT i.indisunique AND a.attname <> 'talent_id'
        LOOP
            EXECUTE 'DROP INDEX ' || v_index.name;
        END LOOP;
    END LOOP;
END
$$;

-- Replaces the live rows with the rebuilt ones, in the caller's transaction, and drops the scratch schema.
-- The live tables' secondary indexes are dropped and built again after the rows are in: one bulk build
-- each, instead of an insertion per row.
CREATE OR REPLACE FUNCTION swap_in_read_model_rebuild() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    v_table text;
    v_index record;
    v_definitions text[];
    v_definition text;
BEGIN
    FOREACH v_table IN ARRAY read_model_tables() || ARRAY['projection_quarantine'] LOOP
        v_definitions := ARRAY[]::text[];
        FOR v_index IN
            SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
            FROM pg_index i WHERE i.indrelid = format('public.%I', v_table)::regclass
              AND NOT i.indisprimary AND NOT i.indisunique
        LOOP
            v_definitions := v_definitions || v_index.definition;
            EXECUTE 'DROP INDEX ' || v_index.name;
        END LOOP;
        EXECUTE format('TRUNCATE public.%I', v_table);
        EXECUTE format('INSERT INTO public.%I SELECT * FROM projection_rebuild.%I', v_table, v_table);
        FOREACH v_definition IN ARRAY v_definitions LOOP
            EXECUTE v_definition;
        END LOOP;
    END LOOP;
    DROP SCHEMA projection_rebuild CASCADE;
END
$$;

-- The rows that differ between the live read models and projection_check, per table and side.
CREATE OR REPLACE FUNCTION read_model_differences(p_limit integer)
RETURNS TABLE (table_name text, side text, row_text text)
LANGUAGE plpgsql AS $$
DECLARE
    v_table text;
BEGIN
    FOREACH v_table IN ARRAY read_model_tables() LOOP
        RETURN QUERY EXECUTE format(
            'SELECT %L, ''onlyLive'', r::text FROM (SELECT * FROM public.%I EXCEPT SELECT * FROM projection_check.%I) r LIMIT %s',
            v_table, v_table, v_table, p_limit);
        RETURN QUERY EXECUTE format(
            'SELECT %L, ''onlyDerived'', r::text FROM (SELECT * FROM projection_check.%I EXCEPT SELECT * FROM public.%I) r LIMIT %s',
            v_table, v_table, v_table, p_limit);
    END LOOP;
END
$$;
