CREATE TABLE `alerts` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`lead_id` text NOT NULL,
	`kind` text NOT NULL,
	`label` text NOT NULL,
	`rule_id` text,
	`audience` text NOT NULL,
	`created_at` text NOT NULL,
	`read_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `alerts_user_idx` ON `alerts` (`user_id`,`seq`);--> statement-breakpoint
CREATE TABLE `ingest_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`label` text NOT NULL,
	`key_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`created_by` text,
	`created_at` text NOT NULL,
	`last_used_at` text,
	`revoked_at` text,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ingest_keys_key_hash_unique` ON `ingest_keys` (`key_hash`);--> statement-breakpoint
CREATE TABLE `ruleset_approvals` (
	`ruleset_id` text NOT NULL,
	`version` integer NOT NULL,
	`user_id` text NOT NULL,
	`team` text NOT NULL,
	`approved_at` text NOT NULL,
	PRIMARY KEY(`ruleset_id`, `version`, `user_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `ruleset_versions` (
	`ruleset_id` text NOT NULL,
	`version` integer NOT NULL,
	`name` text NOT NULL,
	`state` text NOT NULL,
	`definition` text NOT NULL,
	`definition_hash` text NOT NULL,
	`author_id` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`activated_at` text,
	`activated_by` text,
	`retired_at` text,
	PRIMARY KEY(`ruleset_id`, `version`),
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`activated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ruleset_versions_state_idx` ON `ruleset_versions` (`state`);