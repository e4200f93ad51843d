CREATE TABLE `countries` (
	`code` text PRIMARY KEY NOT NULL,
	CONSTRAINT "countries_code_format" CHECK(length("countries"."code") = 2 and "countries"."code" = upper("countries"."code"))
);
--> statement-breakpoint
CREATE TABLE `country_group_memberships` (
	`group_id` integer NOT NULL,
	`country_code` text NOT NULL,
	`since` text NOT NULL,
	`until` text,
	PRIMARY KEY(`group_id`, `country_code`, `since`),
	FOREIGN KEY (`group_id`) REFERENCES `country_groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`country_code`) REFERENCES `countries`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "country_group_memberships_dates" CHECK("country_group_memberships"."until" is null or "country_group_memberships"."until" > "country_group_memberships"."since")
);
--> statement-breakpoint
CREATE INDEX `country_group_memberships_country_idx` ON `country_group_memberships` (`country_code`);--> statement-breakpoint
CREATE TABLE `country_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `country_groups_slug_unique` ON `country_groups` (`slug`);--> statement-breakpoint
CREATE TABLE `institutions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`city` text NOT NULL,
	`member_since` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`website_url` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	CONSTRAINT "institutions_slug_format" CHECK("institutions"."slug" glob '[a-z0-9]*' and "institutions"."slug" not glob '*[^a-z0-9-]*')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `institutions_slug_unique` ON `institutions` (`slug`);--> statement-breakpoint
CREATE TABLE `courses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`program_id` integer NOT NULL,
	`code` text NOT NULL,
	`title` text NOT NULL,
	`summary` text NOT NULL,
	`hours` integer NOT NULL,
	`level` text NOT NULL,
	`languages` text DEFAULT '[]' NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`program_id`) REFERENCES `programs`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "courses_hours_positive" CHECK("courses"."hours" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `courses_code_unique` ON `courses` (`code`);--> statement-breakpoint
CREATE INDEX `courses_program_status_idx` ON `courses` (`program_id`,`status`);--> statement-breakpoint
CREATE TABLE `domains` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `domains_slug_unique` ON `domains` (`slug`);--> statement-breakpoint
CREATE TABLE `programs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`institution_id` integer NOT NULL,
	`domain_id` integer NOT NULL,
	`title` text NOT NULL,
	`summary` text NOT NULL,
	`languages` text DEFAULT '[]' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`domain_id`) REFERENCES `domains`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `programs_institution_idx` ON `programs` (`institution_id`);--> statement-breakpoint
CREATE INDEX `programs_domain_idx` ON `programs` (`domain_id`);--> statement-breakpoint
CREATE TABLE `training_sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`course_id` integer NOT NULL,
	`title` text,
	`summary` text,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`time_zone` text DEFAULT 'Asia/Shanghai' NOT NULL,
	`mode` text NOT NULL,
	`venue` text,
	`join_url` text,
	`capacity` integer NOT NULL,
	`enrollment_opens_at` integer NOT NULL,
	`enrollment_closes_at` integer NOT NULL,
	`co_host` text,
	`languages` text DEFAULT '[]' NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`cancellation_reason` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "training_sessions_ends_after_start" CHECK("training_sessions"."ends_at" > "training_sessions"."starts_at"),
	CONSTRAINT "training_sessions_capacity_positive" CHECK("training_sessions"."capacity" >= 1),
	CONSTRAINT "training_sessions_enrollment_window" CHECK("training_sessions"."enrollment_opens_at" <= "training_sessions"."enrollment_closes_at" and "training_sessions"."enrollment_closes_at" <= "training_sessions"."starts_at")
);
--> statement-breakpoint
CREATE INDEX `training_sessions_status_starts_idx` ON `training_sessions` (`status`,`starts_at`);--> statement-breakpoint
CREATE INDEX `training_sessions_course_starts_idx` ON `training_sessions` (`course_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `training_sessions_starts_idx` ON `training_sessions` (`starts_at`);--> statement-breakpoint
CREATE TABLE `auth_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`secret_hash` blob NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `auth_sessions_user_idx` ON `auth_sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`password_hash` text,
	`name` text NOT NULL,
	`country_code` text NOT NULL,
	`organization` text,
	`locale` text DEFAULT 'en' NOT NULL,
	`role` text DEFAULT 'trainee' NOT NULL,
	`institution_id` integer,
	`consent_version` text,
	`consent_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`country_code`) REFERENCES `countries`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`institution_id`) REFERENCES `institutions`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "users_staff_have_institution" CHECK(("users"."role" = 'staff') = ("users"."institution_id" is not null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_nocase_idx` ON `users` (lower("email"));--> statement-breakpoint
CREATE INDEX `users_institution_idx` ON `users` (`institution_id`);--> statement-breakpoint
CREATE INDEX `users_country_idx` ON `users` (`country_code`);--> statement-breakpoint
CREATE TABLE `attendance` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`registration_id` integer NOT NULL,
	`day` text NOT NULL,
	`attended` integer NOT NULL,
	`method` text NOT NULL,
	`recorded_at` integer NOT NULL,
	`recorded_by` integer,
	FOREIGN KEY (`registration_id`) REFERENCES `registrations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "attendance_day_format" CHECK("attendance"."day" glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attendance_registration_day_idx` ON `attendance` (`registration_id`,`day`);--> statement-breakpoint
CREATE TABLE `registrations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`status` text NOT NULL,
	`country_code` text NOT NULL,
	`queued_at` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`cancelled_at` integer,
	`cancelled_by` integer,
	`cancellation_reason` text,
	FOREIGN KEY (`session_id`) REFERENCES `training_sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`country_code`) REFERENCES `countries`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cancelled_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `registrations_session_user_idx` ON `registrations` (`session_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `registrations_session_status_queue_idx` ON `registrations` (`session_id`,`status`,`queued_at`);--> statement-breakpoint
CREATE INDEX `registrations_user_idx` ON `registrations` (`user_id`);--> statement-breakpoint
CREATE INDEX `registrations_country_session_idx` ON `registrations` (`country_code`,`session_id`);--> statement-breakpoint
CREATE TABLE `audit_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`actor_user_id` integer,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`details` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_events_entity_idx` ON `audit_events` (`entity_type`,`entity_id`);--> statement-breakpoint
CREATE INDEX `audit_events_created_idx` ON `audit_events` (`created_at`);--> statement-breakpoint
CREATE INDEX `audit_events_actor_idx` ON `audit_events` (`actor_user_id`);