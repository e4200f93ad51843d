-- Catalog search that folds case and accents in every script, and finds domain names too.
-- The index is rebuilt with the trigram tokenizer's remove_diacritics option; searches use
-- MATCH (Unicode case folding) instead of LIKE (ASCII only), so "Производство" finds
-- "производство" and "gestao" finds "gestão". The view gains the domain's name in every locale.
DROP TABLE `session_search`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `session_search` USING fts5(body, tokenize = 'trigram remove_diacritics 1');
--> statement-breakpoint
DROP VIEW `session_search_source`;
--> statement-breakpoint
CREATE VIEW `session_search_source` AS
SELECT
  s.id AS session_id,
  s.course_id AS course_id,
  c.program_id AS program_id,
  p.institution_id AS institution_id,
  p.domain_id AS domain_id,
  coalesce((SELECT group_concat(value, ' ') FROM json_each(s.title)), '') || ' ' ||
  coalesce((SELECT group_concat(value, ' ') FROM json_each(s.summary)), '') || ' ' ||
  coalesce((SELECT group_concat(value, ' ') FROM json_each(s.co_host)), '') || ' ' ||
  c.code || ' ' ||
  coalesce((SELECT group_concat(value, ' ') FROM json_each(c.title)), '') || ' ' ||
  coalesce((SELECT group_concat(value, ' ') FROM json_each(c.summary)), '') || ' ' ||
  coalesce((SELECT group_concat(value, ' ') FROM json_each(p.title)), '') || ' ' ||
  coalesce((SELECT group_concat(value, ' ') FROM json_each(p.summary)), '') || ' ' ||
  coalesce((SELECT group_concat(value, ' ') FROM json_each(i.name)), '') || ' ' ||
  coalesce((SELECT group_concat(value, ' ') FROM json_each(d.name)), '') AS body
FROM training_sessions s
JOIN courses c ON c.id = s.course_id
JOIN programs p ON p.id = c.program_id
JOIN institutions i ON i.id = p.institution_id
JOIN domains d ON d.id = p.domain_id;
--> statement-breakpoint
INSERT INTO session_search (rowid, body) SELECT session_id, body FROM session_search_source;
--> statement-breakpoint
DROP TRIGGER `session_search_after_program_update`;
--> statement-breakpoint
CREATE TRIGGER session_search_after_program_update AFTER UPDATE OF title, summary, institution_id, domain_id ON programs BEGIN
  DELETE FROM session_search WHERE rowid IN (
    SELECT s.id FROM training_sessions s JOIN courses c ON c.id = s.course_id WHERE c.program_id = new.id
  );
  INSERT INTO session_search (rowid, body) SELECT session_id, body FROM session_search_source WHERE program_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER session_search_after_domain_update AFTER UPDATE OF name ON domains BEGIN
  DELETE FROM session_search WHERE rowid IN (
    SELECT s.id FROM training_sessions s JOIN courses c ON c.id = s.course_id JOIN programs p ON p.id = c.program_id
    WHERE p.domain_id = new.id
  );
  INSERT INTO session_search (rowid, body) SELECT session_id, body FROM session_search_source WHERE domain_id = new.id;
END;
