CREATE TABLE `enrollment_notices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`registration_id` integer NOT NULL,
	`kind` text NOT NULL,
	`position` integer,
	`cancelled_by` text,
	`reason` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`claimed_at` integer,
	`sent_at` integer,
	FOREIGN KEY (`registration_id`) REFERENCES `registrations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `enrollment_notices_pending_idx` ON `enrollment_notices` (`sent_at`,`id`);--> statement-breakpoint
ALTER TABLE `users` ADD `calendar_token_hash` blob;--> statement-breakpoint
CREATE UNIQUE INDEX `users_calendar_token_hash_unique` ON `users` (`calendar_token_hash`);--> statement-breakpoint
ALTER TABLE `mail_outbox` ADD `attachments` text;