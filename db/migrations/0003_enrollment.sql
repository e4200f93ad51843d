ALTER TABLE `users` ADD `calendar_token_hash` blob;--> statement-breakpoint
CREATE UNIQUE INDEX `users_calendar_token_hash_unique` ON `users` (`calendar_token_hash`);--> statement-breakpoint
ALTER TABLE `mail_outbox` ADD `attachments` text;