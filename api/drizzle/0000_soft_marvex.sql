CREATE TABLE `follow_ups` (
	`id` text PRIMARY KEY NOT NULL,
	`lead_id` text NOT NULL,
	`user_id` text NOT NULL,
	`channel` text NOT NULL,
	`outcome` text NOT NULL,
	`note` text,
	`occurred_at` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `follow_ups_lead_idx` ON `follow_ups` (`lead_id`,`occurred_at`);--> statement-breakpoint
CREATE TABLE `history` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`lead_id` text,
	`action` text NOT NULL,
	`actor_id` text,
	`at` text NOT NULL,
	`before` text,
	`after` text
);
--> statement-breakpoint
CREATE INDEX `history_lead_idx` ON `history` (`lead_id`,`seq`);--> statement-breakpoint
CREATE INDEX `history_entity_idx` ON `history` (`entity_type`,`entity_id`,`seq`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`user_id` text NOT NULL,
	`key` text NOT NULL,
	`request_hash` text NOT NULL,
	`response_status` integer,
	`response_body` text,
	`created_at` text NOT NULL,
	PRIMARY KEY(`user_id`, `key`)
);
--> statement-breakpoint
CREATE INDEX `idempotency_created_idx` ON `idempotency_keys` (`created_at`);--> statement-breakpoint
CREATE TABLE `engagement_events` (
	`id` text PRIMARY KEY NOT NULL,
	`lead_id` text NOT NULL,
	`type` text NOT NULL,
	`at` text NOT NULL,
	`value` real,
	`url` text,
	`detail` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `engagement_events_lead_idx` ON `engagement_events` (`lead_id`,`at`);--> statement-breakpoint
CREATE TABLE `lead_flags` (
	`lead_id` text NOT NULL,
	`flag` text NOT NULL,
	PRIMARY KEY(`lead_id`, `flag`),
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `lead_flags_flag_idx` ON `lead_flags` (`flag`);--> statement-breakpoint
CREATE TABLE `lead_identities` (
	`kind` text NOT NULL,
	`value` text NOT NULL,
	`lead_id` text NOT NULL,
	PRIMARY KEY(`kind`, `value`),
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `lead_identities_lead_idx` ON `lead_identities` (`lead_id`);--> statement-breakpoint
CREATE TABLE `lead_tags` (
	`lead_id` text NOT NULL,
	`tag` text NOT NULL,
	PRIMARY KEY(`lead_id`, `tag`),
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `lead_tags_tag_idx` ON `lead_tags` (`tag`);--> statement-breakpoint
CREATE TABLE `leads` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`stage` text NOT NULL,
	`owner_id` text,
	`source_channel` text,
	`source_campaign` text,
	`full_name` text,
	`company_name` text,
	`company_domain` text,
	`name_key` text,
	`search_text` text NOT NULL,
	`profile` text NOT NULL,
	`score` integer,
	`grade` text,
	`score_detail` text,
	`ruleset_id` text,
	`gate` text NOT NULL,
	`review_state` text,
	`review_reasons` text,
	`attempt_count` integer DEFAULT 0 NOT NULL,
	`last_attempt_at` text,
	`first_touched_at` text,
	`last_touched_at` text,
	`stage_entered_at` text NOT NULL,
	`sla_due_at` text,
	`mql_at` text,
	`recycle_at` text,
	`has_converted` integer,
	`created_by` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `leads_stage_idx` ON `leads` (`stage`,`score`);--> statement-breakpoint
CREATE INDEX `leads_owner_idx` ON `leads` (`owner_id`,`stage`);--> statement-breakpoint
CREATE INDEX `leads_queue_idx` ON `leads` (`stage`,`sla_due_at`);--> statement-breakpoint
CREATE INDEX `leads_domain_idx` ON `leads` (`company_domain`);--> statement-breakpoint
CREATE INDEX `leads_name_key_idx` ON `leads` (`name_key`);--> statement-breakpoint
CREATE INDEX `leads_source_idx` ON `leads` (`source_channel`);--> statement-breakpoint
CREATE INDEX `leads_review_idx` ON `leads` (`review_state`,`created_at`);--> statement-breakpoint
CREATE INDEX `leads_created_idx` ON `leads` (`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `notes` (
	`id` text PRIMARY KEY NOT NULL,
	`lead_id` text NOT NULL,
	`author_id` text NOT NULL,
	`body` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notes_lead_idx` ON `notes` (`lead_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `qualification_answers` (
	`lead_id` text NOT NULL,
	`item_id` text NOT NULL,
	`state` text NOT NULL,
	`value` text,
	`answered_by` text NOT NULL,
	`answered_at` text NOT NULL,
	PRIMARY KEY(`lead_id`, `item_id`),
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`answered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `stage_moves` (
	`id` text PRIMARY KEY NOT NULL,
	`lead_id` text NOT NULL,
	`from_stage` text NOT NULL,
	`to_stage` text NOT NULL,
	`reason_code` text,
	`reason_text` text,
	`moved_by` text,
	`moved_at` text NOT NULL,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`moved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `stage_moves_lead_idx` ON `stage_moves` (`lead_id`,`moved_at`);--> statement-breakpoint
CREATE INDEX `stage_moves_to_idx` ON `stage_moves` (`to_stage`,`moved_at`);--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`label` text NOT NULL,
	`created_at` text NOT NULL,
	`last_used_at` text,
	`revoked_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_user_idx` ON `api_tokens` (`user_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`role` text NOT NULL,
	`team` text NOT NULL,
	`created_at` text NOT NULL,
	`disabled_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);