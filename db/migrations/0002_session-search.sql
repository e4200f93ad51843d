-- Full-text search over the catalog, in every language stored. One row per training session
-- (rowid = training_sessions.id) holding the texts of the session, its course, its program and
-- its institution. The trigram tokenizer finds substrings, so Chinese needs no word breaks.
CREATE VIRTUAL TABLE `session_search` USING fts5(body, tokenize = 'trigram');
--> statement-breakpoint
CREATE VIEW `session_search_source` AS
SELECT
  s.id AS session_id,
  s.course_id AS course_id,
  c.program_id AS program_id,
  p.institution_id AS institution_id,
  coalesce((SELECT group_concat(value, ' ') FROM json_each(s.title)), '') || ' ' ||
  coalesce((SELECT group_concat(value, ' ') FROM json_each(s.summary)), '') || ' ' ||
  coalesce((SELECT group_concat(value, ' ') FROM json_each(s.co_host)), '') || ' ' ||
  c.code || ' ' ||
  coalesce((SELECT group_concat(value, ' ') FROM json_each(c.title)), '') || ' ' ||
  coalesce((SELECT group_concat(value, ' ') FROM json_each(c.summary)), '') || ' ' ||
  coalesce((SELECT group_concat(value, ' ') FROM json_each(p.title)), '') || ' ' ||
  coalesce((SELECT group_concat(value, ' ') FROM json_each(p.summary)), '') || ' ' ||
  coalesce((SELECT group_concat(value, ' ') FROM json_each(i.name)), '') AS body
FROM training_sessions s
JOIN courses c ON c.id = s.course_id
JOIN programs p ON p.id = c.program_id
JOIN institutions i ON i.id = p.institution_id;
--> statement-breakpoint
INSERT INTO session_search (rowid, body) SELECT session_id, body FROM session_search_source;
--> statement-breakpoint
CREATE TRIGGER session_search_after_session_insert AFTER INSERT ON training_sessions BEGIN
  INSERT INTO session_search (rowid, body) SELECT session_id, body FROM session_search_source WHERE session_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER session_search_after_session_update AFTER UPDATE OF title, summary, co_host, course_id ON training_sessions BEGIN
  DELETE FROM session_search WHERE rowid = old.id;
  INSERT INTO session_search (rowid, body) SELECT session_id, body FROM session_search_source WHERE session_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER session_search_after_session_delete AFTER DELETE ON training_sessions BEGIN
  DELETE FROM session_search WHERE rowid = old.id;
END;
--> statement-breakpoint
CREATE TRIGGER session_search_after_course_update AFTER UPDATE OF code, title, summary, program_id ON courses BEGIN
  DELETE FROM session_search WHERE rowid IN (SELECT id FROM training_sessions WHERE course_id = new.id);
  INSERT INTO session_search (rowid, body) SELECT session_id, body FROM session_search_source WHERE course_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER session_search_after_program_update AFTER UPDATE OF title, summary, institution_id ON programs BEGIN
  DELETE FROM session_search WHERE rowid IN (
    SELECT s.id FROM training_sessions s JOIN courses c ON c.id = s.course_id WHERE c.program_id = new.id
  );
  INSERT INTO session_search (rowid, body) SELECT session_id, body FROM session_search_source WHERE program_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER session_search_after_institution_update AFTER UPDATE OF name ON institutions BEGIN
  DELETE FROM session_search WHERE rowid IN (
    SELECT s.id FROM training_sessions s JOIN courses c ON c.id = s.course_id JOIN programs p ON p.id = c.program_id
    WHERE p.institution_id = new.id
  );
  INSERT INTO session_search (rowid, body) SELECT session_id, body FROM session_search_source WHERE institution_id = new.id;
END;
