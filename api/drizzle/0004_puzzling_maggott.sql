ALTER TABLE `import_jobs` ADD `cancel_requested_by` text REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `import_jobs` ADD `cancel_requested_at` text;--> statement-breakpoint
ALTER TABLE `import_jobs` ADD `heartbeat_at` text;