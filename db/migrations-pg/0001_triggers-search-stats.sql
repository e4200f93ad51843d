-- What SQLite's migrations 0002, 0004 and 0007 add beyond the tables, for PostgreSQL: the
-- catalog's search index, the attended-days counts, and the statistics change log and version.
-- Kept by triggers, as on SQLite, so every writer (the app, db:copy, psql) keeps them right.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
-- Text as searches compare it: lower case, accents and other combining marks removed, as
-- db/search-fold.ts does in JavaScript for SQLite (NFD first, so "й" folds to "и" on both).
-- unaccent() with its dictionary named is what may be declared immutable, so that an index can
-- be built on it.
CREATE FUNCTION search_fold(value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, normalize(value, NFD))) $$;
--> statement-breakpoint
-- Every language's text of a localized column, one after another.
CREATE FUNCTION localized_words(value jsonb) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT CASE WHEN jsonb_typeof(value) = 'object'
      THEN (SELECT string_agg(t, ' ') FROM jsonb_each_text(value) AS e(k, t)) END
  $$;
--> statement-breakpoint
-- One row per training session holding the texts of the session, its course, program,
-- institution and domain in every language stored (SQLite: an FTS5 table of the same name).
CREATE TABLE session_search (
  session_id integer PRIMARY KEY REFERENCES training_sessions (id) ON DELETE CASCADE,
  body text NOT NULL
);
--> statement-breakpoint
CREATE INDEX session_search_body_trgm_idx ON session_search USING gin (search_fold(body) gin_trgm_ops);
--> statement-breakpoint
CREATE VIEW session_search_source AS
SELECT
  s.id AS session_id,
  s.course_id AS course_id,
  c.program_id AS program_id,
  p.institution_id AS institution_id,
  p.domain_id AS domain_id,
  concat_ws(' ', localized_words(s.title), localized_words(s.summary), localized_words(s.co_host), c.code,
    localized_words(c.title), localized_words(c.summary), localized_words(p.title), localized_words(p.summary),
    localized_words(i.name), localized_words(d.name)) AS body
FROM training_sessions s
JOIN courses c ON c.id = s.course_id
JOIN programs p ON p.id = c.program_id
JOIN institutions i ON i.id = p.institution_id
JOIN domains d ON d.id = p.domain_id;
--> statement-breakpoint
CREATE FUNCTION session_search_refresh(session_ids integer[]) RETURNS void
  LANGUAGE sql
  AS $$
    INSERT INTO session_search (session_id, body)
    SELECT session_id, body FROM session_search_source WHERE session_id = ANY (session_ids)
    ON CONFLICT (session_id) DO UPDATE SET body = excluded.body
  $$;
--> statement-breakpoint
INSERT INTO session_search (session_id, body) SELECT session_id, body FROM session_search_source;
--> statement-breakpoint
CREATE FUNCTION session_search_after_change() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    IF TG_TABLE_NAME = 'training_sessions' THEN
      PERFORM session_search_refresh(ARRAY[NEW.id]);
    ELSIF TG_TABLE_NAME = 'courses' THEN
      PERFORM session_search_refresh(ARRAY(SELECT id FROM training_sessions WHERE course_id = NEW.id));
    ELSIF TG_TABLE_NAME = 'programs' THEN
      PERFORM session_search_refresh(ARRAY(
        SELECT s.id FROM training_sessions s JOIN courses c ON c.id = s.course_id WHERE c.program_id = NEW.id));
    ELSIF TG_TABLE_NAME = 'institutions' THEN
      PERFORM session_search_refresh(ARRAY(SELECT session_id FROM session_search_source WHERE institution_id = NEW.id));
    ELSIF TG_TABLE_NAME = 'domains' THEN
      PERFORM session_search_refresh(ARRAY(SELECT session_id FROM session_search_source WHERE domain_id = NEW.id));
    END IF;
    RETURN NULL;
  END
  $$;
--> statement-breakpoint
CREATE TRIGGER session_search_after_session_insert AFTER INSERT ON training_sessions
  FOR EACH ROW EXECUTE FUNCTION session_search_after_change();
--> statement-breakpoint
CREATE TRIGGER session_search_after_session_update AFTER UPDATE OF title, summary, co_host, course_id ON training_sessions
  FOR EACH ROW EXECUTE FUNCTION session_search_after_change();
--> statement-breakpoint
CREATE TRIGGER session_search_after_course_update AFTER UPDATE OF code, title, summary, program_id ON courses
  FOR EACH ROW EXECUTE FUNCTION session_search_after_change();
--> statement-breakpoint
CREATE TRIGGER session_search_after_program_update AFTER UPDATE OF title, summary, institution_id, domain_id ON programs
  FOR EACH ROW EXECUTE FUNCTION session_search_after_change();
--> statement-breakpoint
CREATE TRIGGER session_search_after_institution_update AFTER UPDATE OF name ON institutions
  FOR EACH ROW EXECUTE FUNCTION session_search_after_change();
--> statement-breakpoint
CREATE TRIGGER session_search_after_domain_update AFTER UPDATE OF name ON domains
  FOR EACH ROW EXECUTE FUNCTION session_search_after_change();
--> statement-breakpoint
-- Days attended per registration, kept as attendance rows come and go.
CREATE FUNCTION attendance_counts() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.attended THEN
      UPDATE registrations SET attended_days = attended_days - 1 WHERE id = OLD.registration_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.attended THEN
      UPDATE registrations SET attended_days = attended_days + 1 WHERE id = NEW.registration_id;
    END IF;
    RETURN NULL;
  END
  $$;
--> statement-breakpoint
CREATE TRIGGER attendance_counts_insert AFTER INSERT ON attendance
  FOR EACH ROW WHEN (NEW.attended) EXECUTE FUNCTION attendance_counts();
--> statement-breakpoint
CREATE TRIGGER attendance_counts_delete AFTER DELETE ON attendance
  FOR EACH ROW WHEN (OLD.attended) EXECUTE FUNCTION attendance_counts();
--> statement-breakpoint
CREATE TRIGGER attendance_counts_update AFTER UPDATE OF attended, registration_id ON attendance
  FOR EACH ROW WHEN (OLD.attended IS DISTINCT FROM NEW.attended OR OLD.registration_id <> NEW.registration_id)
  EXECUTE FUNCTION attendance_counts();
--> statement-breakpoint
-- The change log's rows carry the transaction that wrote them. Sequence numbers are handed out
-- before commit, so on PostgreSQL a later number can become visible first; a reader therefore
-- re-reads every change of a transaction that had not finished when it last looked (its
-- snapshot's xmin), instead of trusting the largest number it saw (engine-sql/postgresql.server.ts).
ALTER TABLE stats_changes ADD COLUMN txid xid8 NOT NULL DEFAULT pg_current_xact_id();
--> statement-breakpoint
CREATE INDEX stats_changes_txid_idx ON stats_changes (txid);
--> statement-breakpoint
CREATE FUNCTION registrations_stats_changes() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    INSERT INTO stats_changes (registration_id) VALUES (CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END);
    RETURN NULL;
  END
  $$;
--> statement-breakpoint
CREATE TRIGGER registrations_stats_changes AFTER INSERT OR UPDATE OR DELETE ON registrations
  FOR EACH ROW EXECUTE FUNCTION registrations_stats_changes();
--> statement-breakpoint
-- Changes from transactions before this one may have been pruned: a process that last read
-- the log before it reads everything again.
ALTER TABLE stats_version ADD COLUMN pruned_before xid8 NOT NULL DEFAULT '0';
--> statement-breakpoint
INSERT INTO stats_version (id, version) VALUES (1, 0);
--> statement-breakpoint
-- Any change to what statistics group by moves the version; once per statement is enough.
CREATE FUNCTION bump_stats_version() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    UPDATE stats_version SET version = version + 1 WHERE id = 1;
    RETURN NULL;
  END
  $$;
--> statement-breakpoint
CREATE TRIGGER training_sessions_stats_version AFTER INSERT OR UPDATE OR DELETE ON training_sessions
  FOR EACH STATEMENT EXECUTE FUNCTION bump_stats_version();
--> statement-breakpoint
CREATE TRIGGER courses_stats_version AFTER INSERT OR UPDATE OR DELETE ON courses
  FOR EACH STATEMENT EXECUTE FUNCTION bump_stats_version();
--> statement-breakpoint
CREATE TRIGGER programs_stats_version AFTER INSERT OR UPDATE OR DELETE ON programs
  FOR EACH STATEMENT EXECUTE FUNCTION bump_stats_version();
--> statement-breakpoint
CREATE TRIGGER institutions_stats_version AFTER INSERT OR UPDATE OR DELETE ON institutions
  FOR EACH STATEMENT EXECUTE FUNCTION bump_stats_version();
--> statement-breakpoint
CREATE TRIGGER domains_stats_version AFTER INSERT OR UPDATE OR DELETE ON domains
  FOR EACH STATEMENT EXECUTE FUNCTION bump_stats_version();
--> statement-breakpoint
CREATE TRIGGER country_groups_stats_version AFTER INSERT OR UPDATE OR DELETE ON country_groups
  FOR EACH STATEMENT EXECUTE FUNCTION bump_stats_version();
--> statement-breakpoint
CREATE TRIGGER country_group_memberships_stats_version AFTER INSERT OR UPDATE OR DELETE ON country_group_memberships
  FOR EACH STATEMENT EXECUTE FUNCTION bump_stats_version();
