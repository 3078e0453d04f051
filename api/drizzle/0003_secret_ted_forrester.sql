ALTER TABLE `import_jobs` ADD `cancelled_by` text REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `import_jobs` ADD `cancelled_at` text;