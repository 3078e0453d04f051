CREATE TABLE `import_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`is_dry_run` integer NOT NULL,
	`file_name` text,
	`mapping_name` text NOT NULL,
	`mapping` text,
	`duplicates` text NOT NULL,
	`encoding` text NOT NULL,
	`created_by` text,
	`created_at` text NOT NULL,
	`started_at` text,
	`finished_at` text,
	`total_rows` integer,
	`rows_done` integer DEFAULT 0 NOT NULL,
	`accepted` integer DEFAULT 0 NOT NULL,
	`review` integer DEFAULT 0 NOT NULL,
	`rejected` integer DEFAULT 0 NOT NULL,
	`duplicate_count` integer DEFAULT 0 NOT NULL,
	`merged` integer DEFAULT 0 NOT NULL,
	`with_outcome` integer DEFAULT 0 NOT NULL,
	`columns` text,
	`error` text,
	`preview` text,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `import_jobs_created_idx` ON `import_jobs` (`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `import_row_issues` (
	`job_id` text NOT NULL,
	`row_number` integer NOT NULL,
	`kind` text NOT NULL,
	`lead_id` text,
	`external_id` text,
	`messages` text NOT NULL,
	PRIMARY KEY(`job_id`, `row_number`),
	FOREIGN KEY (`job_id`) REFERENCES `import_jobs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `import_row_issues_lead_idx` ON `import_row_issues` (`lead_id`);--> statement-breakpoint
CREATE TABLE `lead_external_ids` (
	`system` text NOT NULL,
	`external_id` text NOT NULL,
	`lead_id` text NOT NULL,
	PRIMARY KEY(`system`, `external_id`),
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `lead_external_ids_lead_idx` ON `lead_external_ids` (`lead_id`);--> statement-breakpoint
CREATE TABLE `erasures` (
	`id` text PRIMARY KEY NOT NULL,
	`lead_id` text NOT NULL,
	`erased_by` text,
	`erased_at` text NOT NULL,
	`reason` text,
	`counts` text NOT NULL,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`erased_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `erasures_lead_id_unique` ON `erasures` (`lead_id`);--> statement-breakpoint
CREATE INDEX `erasures_erased_at_idx` ON `erasures` (`erased_at`);