CREATE TABLE `lexicon` (
	`term` text PRIMARY KEY NOT NULL,
	`expansions` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `retired_ids` (
	`kind` text NOT NULL,
	`id` text NOT NULL,
	`replaced_by` text,
	`reason` text NOT NULL,
	`retired_at` text NOT NULL,
	PRIMARY KEY(`kind`, `id`)
);
--> statement-breakpoint
CREATE TABLE `search_keys` (
	`id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`entity_id` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `search_keys_entity_idx` ON `search_keys` (`kind`,`entity_id`);