CREATE TABLE `lexicon` (
	`term` text PRIMARY KEY NOT NULL,
	`expansions` text NOT NULL,
	`updated_at` text NOT NULL
);
