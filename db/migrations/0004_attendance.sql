CREATE TABLE `attendance_imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` integer NOT NULL,
	`uploaded_by` integer,
	`file_name` text NOT NULL,
	`headers` text NOT NULL,
	`rows` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`applied_at` integer,
	`result` text,
	FOREIGN KEY (`session_id`) REFERENCES `training_sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `attendance_imports_session_idx` ON `attendance_imports` (`session_id`);--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`token_hash` blob NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `stats_changes` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`registration_id` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `stats_version` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE `training_sessions` ADD `check_in_secret` text;--> statement-breakpoint
ALTER TABLE `registrations` ADD `attended_days` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
UPDATE `registrations` SET `attended_days` = (SELECT count(*) FROM `attendance` a WHERE a.`registration_id` = `registrations`.`id` AND a.`attended` = 1);--> statement-breakpoint
CREATE TRIGGER `attendance_counts_insert` AFTER INSERT ON `attendance` WHEN new.`attended` = 1 BEGIN
	UPDATE `registrations` SET `attended_days` = `attended_days` + 1 WHERE `id` = new.`registration_id`;
END;--> statement-breakpoint
CREATE TRIGGER `attendance_counts_delete` AFTER DELETE ON `attendance` WHEN old.`attended` = 1 BEGIN
	UPDATE `registrations` SET `attended_days` = `attended_days` - 1 WHERE `id` = old.`registration_id`;
END;--> statement-breakpoint
CREATE TRIGGER `attendance_counts_update` AFTER UPDATE OF `attended`, `registration_id` ON `attendance`
WHEN old.`attended` != new.`attended` OR old.`registration_id` != new.`registration_id` BEGIN
	UPDATE `registrations` SET `attended_days` = `attended_days` - old.`attended` WHERE `id` = old.`registration_id`;
	UPDATE `registrations` SET `attended_days` = `attended_days` + new.`attended` WHERE `id` = new.`registration_id`;
END;--> statement-breakpoint
CREATE TRIGGER `registrations_stats_changes_insert` AFTER INSERT ON `registrations` BEGIN
	INSERT INTO `stats_changes` (`registration_id`) VALUES (new.`id`);
END;--> statement-breakpoint
CREATE TRIGGER `registrations_stats_changes_update` AFTER UPDATE ON `registrations` BEGIN
	INSERT INTO `stats_changes` (`registration_id`) VALUES (new.`id`);
END;--> statement-breakpoint
CREATE TRIGGER `registrations_stats_changes_delete` AFTER DELETE ON `registrations` BEGIN
	INSERT INTO `stats_changes` (`registration_id`) VALUES (old.`id`);
END;--> statement-breakpoint
INSERT INTO `stats_version` (`id`, `version`) VALUES (1, 0);
--> statement-breakpoint
CREATE TRIGGER `training_sessions_stats_version_insert` AFTER INSERT ON `training_sessions` BEGIN
	UPDATE `stats_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `training_sessions_stats_version_update` AFTER UPDATE ON `training_sessions` BEGIN
	UPDATE `stats_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `training_sessions_stats_version_delete` AFTER DELETE ON `training_sessions` BEGIN
	UPDATE `stats_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `courses_stats_version_insert` AFTER INSERT ON `courses` BEGIN
	UPDATE `stats_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `courses_stats_version_update` AFTER UPDATE ON `courses` BEGIN
	UPDATE `stats_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `courses_stats_version_delete` AFTER DELETE ON `courses` BEGIN
	UPDATE `stats_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `programs_stats_version_insert` AFTER INSERT ON `programs` BEGIN
	UPDATE `stats_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `programs_stats_version_update` AFTER UPDATE ON `programs` BEGIN
	UPDATE `stats_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `programs_stats_version_delete` AFTER DELETE ON `programs` BEGIN
	UPDATE `stats_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `institutions_stats_version_insert` AFTER INSERT ON `institutions` BEGIN
	UPDATE `stats_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `institutions_stats_version_update` AFTER UPDATE ON `institutions` BEGIN
	UPDATE `stats_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `institutions_stats_version_delete` AFTER DELETE ON `institutions` BEGIN
	UPDATE `stats_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `domains_stats_version_insert` AFTER INSERT ON `domains` BEGIN
	UPDATE `stats_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `domains_stats_version_update` AFTER UPDATE ON `domains` BEGIN
	UPDATE `stats_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `domains_stats_version_delete` AFTER DELETE ON `domains` BEGIN
	UPDATE `stats_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `country_groups_stats_version_insert` AFTER INSERT ON `country_groups` BEGIN
	UPDATE `stats_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `country_groups_stats_version_update` AFTER UPDATE ON `country_groups` BEGIN
	UPDATE `stats_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `country_groups_stats_version_delete` AFTER DELETE ON `country_groups` BEGIN
	UPDATE `stats_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `country_group_memberships_stats_version_insert` AFTER INSERT ON `country_group_memberships` BEGIN
	UPDATE `stats_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `country_group_memberships_stats_version_update` AFTER UPDATE ON `country_group_memberships` BEGIN
	UPDATE `stats_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `country_group_memberships_stats_version_delete` AFTER DELETE ON `country_group_memberships` BEGIN
	UPDATE `stats_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
