CREATE TABLE `related_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`note` text NOT NULL,
	`citations` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `related_members` (
	`group_id` integer NOT NULL,
	`entity_kind` text NOT NULL,
	`entity_id` text NOT NULL,
	PRIMARY KEY(`group_id`, `entity_kind`, `entity_id`),
	FOREIGN KEY (`group_id`) REFERENCES `related_groups`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `related_members_entity_idx` ON `related_members` (`entity_kind`,`entity_id`);