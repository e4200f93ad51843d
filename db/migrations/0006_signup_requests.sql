CREATE TABLE `signup_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`token_hash` blob NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`country_code` text NOT NULL,
	`organization` text,
	`locale` text NOT NULL,
	`redirect_to` text DEFAULT '/' NOT NULL,
	`consent_version` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`country_code`) REFERENCES `countries`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `signup_requests_token_hash_unique` ON `signup_requests` (`token_hash`);--> statement-breakpoint
CREATE INDEX `signup_requests_email_idx` ON `signup_requests` (lower("email"));