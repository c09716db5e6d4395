CREATE TABLE `aliases` (
	`entity_kind` text NOT NULL,
	`entity_id` text NOT NULL,
	`alias` text NOT NULL,
	PRIMARY KEY(`entity_kind`, `entity_id`, `alias`)
);
--> statement-breakpoint
CREATE INDEX `aliases_alias_idx` ON `aliases` (`alias`);--> statement-breakpoint
CREATE TABLE `body_sites` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`summary` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	CONSTRAINT "body_sites_status_check" CHECK("body_sites"."status" in ('draft', 'published'))
);
--> statement-breakpoint
CREATE INDEX `body_sites_name_idx` ON `body_sites` ("name" collate nocase,`id`);--> statement-breakpoint
CREATE INDEX `body_sites_updated_idx` ON `body_sites` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `body_sites_created_idx` ON `body_sites` (`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `cause_complications` (
	`cause_id` text NOT NULL,
	`complication_id` text NOT NULL,
	`note` text,
	PRIMARY KEY(`cause_id`, `complication_id`),
	FOREIGN KEY (`cause_id`) REFERENCES `causes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`complication_id`) REFERENCES `complications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `cause_complications_target_idx` ON `cause_complications` (`complication_id`,`cause_id`);--> statement-breakpoint
CREATE TABLE `cause_prevention` (
	`cause_id` text NOT NULL,
	`prevention_id` text NOT NULL,
	`note` text,
	PRIMARY KEY(`cause_id`, `prevention_id`),
	FOREIGN KEY (`cause_id`) REFERENCES `causes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`prevention_id`) REFERENCES `prevention`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `cause_prevention_target_idx` ON `cause_prevention` (`prevention_id`,`cause_id`);--> statement-breakpoint
CREATE TABLE `cause_prognosis` (
	`cause_id` text NOT NULL,
	`prognosis_id` text NOT NULL,
	`note` text,
	PRIMARY KEY(`cause_id`, `prognosis_id`),
	FOREIGN KEY (`cause_id`) REFERENCES `causes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`prognosis_id`) REFERENCES `prognosis`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `cause_prognosis_target_idx` ON `cause_prognosis` (`prognosis_id`,`cause_id`);--> statement-breakpoint
CREATE TABLE `causes` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`summary` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`category` text NOT NULL,
	CONSTRAINT "causes_status_check" CHECK("causes"."status" in ('draft', 'published')),
	CONSTRAINT "causes_category_check" CHECK("causes"."category" in ('autoimmune', 'renal', 'endocrine', 'metabolic', 'genetic', 'tissue-injury', 'iatrogenic'))
);
--> statement-breakpoint
CREATE INDEX `causes_name_idx` ON `causes` ("name" collate nocase,`id`);--> statement-breakpoint
CREATE INDEX `causes_updated_idx` ON `causes` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `causes_created_idx` ON `causes` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `causes_category_idx` ON `causes` (`category`);--> statement-breakpoint
CREATE TABLE `citations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entity_kind` text NOT NULL,
	`entity_id` text NOT NULL,
	`related_kind` text,
	`related_id` text,
	`section_id` integer NOT NULL,
	`quote` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`section_id`) REFERENCES `source_sections`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `citations_entity_idx` ON `citations` (`entity_kind`,`entity_id`);--> statement-breakpoint
CREATE INDEX `citations_related_idx` ON `citations` (`related_kind`,`related_id`);--> statement-breakpoint
CREATE TABLE `complication_body_sites` (
	`complication_id` text NOT NULL,
	`body_site_id` text NOT NULL,
	`note` text,
	PRIMARY KEY(`complication_id`, `body_site_id`),
	FOREIGN KEY (`complication_id`) REFERENCES `complications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`body_site_id`) REFERENCES `body_sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `complication_body_sites_target_idx` ON `complication_body_sites` (`body_site_id`,`complication_id`);--> statement-breakpoint
CREATE TABLE `complications` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`summary` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`severity` text,
	CONSTRAINT "complications_status_check" CHECK("complications"."status" in ('draft', 'published')),
	CONSTRAINT "complications_severity_check" CHECK("complications"."severity" is null or "complications"."severity" in ('mild', 'moderate', 'severe', 'life-threatening'))
);
--> statement-breakpoint
CREATE INDEX `complications_name_idx` ON `complications` ("name" collate nocase,`id`);--> statement-breakpoint
CREATE INDEX `complications_updated_idx` ON `complications` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `complications_created_idx` ON `complications` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `complications_severity_idx` ON `complications` (`severity`);--> statement-breakpoint
CREATE TABLE `condition_causes` (
	`condition_id` text NOT NULL,
	`cause_id` text NOT NULL,
	`note` text,
	PRIMARY KEY(`condition_id`, `cause_id`),
	FOREIGN KEY (`condition_id`) REFERENCES `conditions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cause_id`) REFERENCES `causes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `condition_causes_target_idx` ON `condition_causes` (`cause_id`,`condition_id`);--> statement-breakpoint
CREATE TABLE `condition_complications` (
	`condition_id` text NOT NULL,
	`complication_id` text NOT NULL,
	`note` text,
	PRIMARY KEY(`condition_id`, `complication_id`),
	FOREIGN KEY (`condition_id`) REFERENCES `conditions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`complication_id`) REFERENCES `complications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `condition_complications_target_idx` ON `condition_complications` (`complication_id`,`condition_id`);--> statement-breakpoint
CREATE TABLE `condition_diagnostics` (
	`condition_id` text NOT NULL,
	`diagnostic_id` text NOT NULL,
	`note` text,
	PRIMARY KEY(`condition_id`, `diagnostic_id`),
	FOREIGN KEY (`condition_id`) REFERENCES `conditions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`diagnostic_id`) REFERENCES `diagnostics`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `condition_diagnostics_target_idx` ON `condition_diagnostics` (`diagnostic_id`,`condition_id`);--> statement-breakpoint
CREATE TABLE `condition_prevention` (
	`condition_id` text NOT NULL,
	`prevention_id` text NOT NULL,
	`note` text,
	PRIMARY KEY(`condition_id`, `prevention_id`),
	FOREIGN KEY (`condition_id`) REFERENCES `conditions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`prevention_id`) REFERENCES `prevention`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `condition_prevention_target_idx` ON `condition_prevention` (`prevention_id`,`condition_id`);--> statement-breakpoint
CREATE TABLE `condition_prognosis` (
	`condition_id` text NOT NULL,
	`prognosis_id` text NOT NULL,
	`note` text,
	PRIMARY KEY(`condition_id`, `prognosis_id`),
	FOREIGN KEY (`condition_id`) REFERENCES `conditions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`prognosis_id`) REFERENCES `prognosis`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `condition_prognosis_target_idx` ON `condition_prognosis` (`prognosis_id`,`condition_id`);--> statement-breakpoint
CREATE TABLE `condition_symptoms` (
	`condition_id` text NOT NULL,
	`symptom_id` text NOT NULL,
	`note` text,
	PRIMARY KEY(`condition_id`, `symptom_id`),
	FOREIGN KEY (`condition_id`) REFERENCES `conditions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`symptom_id`) REFERENCES `symptoms`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `condition_symptoms_target_idx` ON `condition_symptoms` (`symptom_id`,`condition_id`);--> statement-breakpoint
CREATE TABLE `condition_treatments` (
	`condition_id` text NOT NULL,
	`treatment_id` text NOT NULL,
	`note` text,
	PRIMARY KEY(`condition_id`, `treatment_id`),
	FOREIGN KEY (`condition_id`) REFERENCES `conditions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`treatment_id`) REFERENCES `treatments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `condition_treatments_target_idx` ON `condition_treatments` (`treatment_id`,`condition_id`);--> statement-breakpoint
CREATE TABLE `condition_types` (
	`condition_id` text NOT NULL,
	`type_id` text NOT NULL,
	`note` text,
	PRIMARY KEY(`condition_id`, `type_id`),
	FOREIGN KEY (`condition_id`) REFERENCES `conditions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`type_id`) REFERENCES `types`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `condition_types_target_idx` ON `condition_types` (`type_id`,`condition_id`);--> statement-breakpoint
CREATE TABLE `condition_warning_signs` (
	`condition_id` text NOT NULL,
	`warning_sign_id` text NOT NULL,
	`note` text,
	PRIMARY KEY(`condition_id`, `warning_sign_id`),
	FOREIGN KEY (`condition_id`) REFERENCES `conditions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`warning_sign_id`) REFERENCES `warning_signs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `condition_warning_signs_target_idx` ON `condition_warning_signs` (`warning_sign_id`,`condition_id`);--> statement-breakpoint
CREATE TABLE `conditions` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`summary` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	CONSTRAINT "conditions_status_check" CHECK("conditions"."status" in ('draft', 'published'))
);
--> statement-breakpoint
CREATE INDEX `conditions_name_idx` ON `conditions` ("name" collate nocase,`id`);--> statement-breakpoint
CREATE INDEX `conditions_updated_idx` ON `conditions` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `conditions_created_idx` ON `conditions` (`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `diagnostics` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`summary` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`method` text NOT NULL,
	CONSTRAINT "diagnostics_status_check" CHECK("diagnostics"."status" in ('draft', 'published')),
	CONSTRAINT "diagnostics_method_check" CHECK("diagnostics"."method" in ('clinical-examination', 'biopsy', 'laboratory', 'imaging', 'histopathology', 'differential'))
);
--> statement-breakpoint
CREATE INDEX `diagnostics_name_idx` ON `diagnostics` ("name" collate nocase,`id`);--> statement-breakpoint
CREATE INDEX `diagnostics_updated_idx` ON `diagnostics` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `diagnostics_created_idx` ON `diagnostics` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `diagnostics_method_idx` ON `diagnostics` (`method`);--> statement-breakpoint
CREATE TABLE `external_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entity_kind` text NOT NULL,
	`entity_id` text NOT NULL,
	`system` text NOT NULL,
	`code` text NOT NULL,
	`display` text NOT NULL,
	`version` text,
	`verified_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `external_codes_unique_idx` ON `external_codes` (`entity_kind`,`entity_id`,`system`,`code`);--> statement-breakpoint
CREATE TABLE `prevention` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`summary` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	CONSTRAINT "prevention_status_check" CHECK("prevention"."status" in ('draft', 'published'))
);
--> statement-breakpoint
CREATE INDEX `prevention_name_idx` ON `prevention` ("name" collate nocase,`id`);--> statement-breakpoint
CREATE INDEX `prevention_updated_idx` ON `prevention` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `prevention_created_idx` ON `prevention` (`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `prognosis` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`summary` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	CONSTRAINT "prognosis_status_check" CHECK("prognosis"."status" in ('draft', 'published'))
);
--> statement-breakpoint
CREATE INDEX `prognosis_name_idx` ON `prognosis` ("name" collate nocase,`id`);--> statement-breakpoint
CREATE INDEX `prognosis_updated_idx` ON `prognosis` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `prognosis_created_idx` ON `prognosis` (`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `source_sections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source_id` text NOT NULL,
	`slug` text NOT NULL,
	`position` integer NOT NULL,
	`heading` text NOT NULL,
	`text` text NOT NULL,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `source_sections_slug_idx` ON `source_sections` (`source_id`,`slug`);--> statement-breakpoint
CREATE UNIQUE INDEX `source_sections_position_idx` ON `source_sections` (`source_id`,`position`);--> statement-breakpoint
CREATE TABLE `sources` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`publisher` text NOT NULL,
	`url` text,
	`text` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	CONSTRAINT "sources_status_check" CHECK("sources"."status" in ('draft', 'published'))
);
--> statement-breakpoint
CREATE INDEX `sources_title_idx` ON `sources` (`title`,`id`);--> statement-breakpoint
CREATE TABLE `symptom_body_sites` (
	`symptom_id` text NOT NULL,
	`body_site_id` text NOT NULL,
	`note` text,
	PRIMARY KEY(`symptom_id`, `body_site_id`),
	FOREIGN KEY (`symptom_id`) REFERENCES `symptoms`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`body_site_id`) REFERENCES `body_sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `symptom_body_sites_target_idx` ON `symptom_body_sites` (`body_site_id`,`symptom_id`);--> statement-breakpoint
CREATE TABLE `symptoms` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`summary` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	CONSTRAINT "symptoms_status_check" CHECK("symptoms"."status" in ('draft', 'published'))
);
--> statement-breakpoint
CREATE INDEX `symptoms_name_idx` ON `symptoms` ("name" collate nocase,`id`);--> statement-breakpoint
CREATE INDEX `symptoms_updated_idx` ON `symptoms` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `symptoms_created_idx` ON `symptoms` (`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `treatment_symptoms` (
	`treatment_id` text NOT NULL,
	`symptom_id` text NOT NULL,
	`note` text,
	PRIMARY KEY(`treatment_id`, `symptom_id`),
	FOREIGN KEY (`treatment_id`) REFERENCES `treatments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`symptom_id`) REFERENCES `symptoms`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `treatment_symptoms_target_idx` ON `treatment_symptoms` (`symptom_id`,`treatment_id`);--> statement-breakpoint
CREATE TABLE `treatments` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`summary` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`modality` text NOT NULL,
	`drug_class` text,
	CONSTRAINT "treatments_status_check" CHECK("treatments"."status" in ('draft', 'published')),
	CONSTRAINT "treatments_modality_check" CHECK("treatments"."modality" in ('surgical', 'procedural', 'pharmacological', 'topical', 'intralesional', 'supportive', 'withdrawal')),
	CONSTRAINT "treatments_drug_class_check" CHECK("treatments"."drug_class" is null or "treatments"."drug_class" in ('calcium-channel-blocker', 'bisphosphonate', 'nsaid', 'corticosteroid'))
);
--> statement-breakpoint
CREATE INDEX `treatments_name_idx` ON `treatments` ("name" collate nocase,`id`);--> statement-breakpoint
CREATE INDEX `treatments_updated_idx` ON `treatments` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `treatments_created_idx` ON `treatments` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `treatments_modality_idx` ON `treatments` (`modality`);--> statement-breakpoint
CREATE INDEX `treatments_drug_class_idx` ON `treatments` (`drug_class`);--> statement-breakpoint
CREATE TABLE `type_body_sites` (
	`type_id` text NOT NULL,
	`body_site_id` text NOT NULL,
	`note` text,
	PRIMARY KEY(`type_id`, `body_site_id`),
	FOREIGN KEY (`type_id`) REFERENCES `types`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`body_site_id`) REFERENCES `body_sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `type_body_sites_target_idx` ON `type_body_sites` (`body_site_id`,`type_id`);--> statement-breakpoint
CREATE TABLE `type_causes` (
	`type_id` text NOT NULL,
	`cause_id` text NOT NULL,
	`note` text,
	PRIMARY KEY(`type_id`, `cause_id`),
	FOREIGN KEY (`type_id`) REFERENCES `types`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cause_id`) REFERENCES `causes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `type_causes_target_idx` ON `type_causes` (`cause_id`,`type_id`);--> statement-breakpoint
CREATE TABLE `type_complications` (
	`type_id` text NOT NULL,
	`complication_id` text NOT NULL,
	`note` text,
	PRIMARY KEY(`type_id`, `complication_id`),
	FOREIGN KEY (`type_id`) REFERENCES `types`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`complication_id`) REFERENCES `complications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `type_complications_target_idx` ON `type_complications` (`complication_id`,`type_id`);--> statement-breakpoint
CREATE TABLE `type_diagnostics` (
	`type_id` text NOT NULL,
	`diagnostic_id` text NOT NULL,
	`note` text,
	PRIMARY KEY(`type_id`, `diagnostic_id`),
	FOREIGN KEY (`type_id`) REFERENCES `types`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`diagnostic_id`) REFERENCES `diagnostics`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `type_diagnostics_target_idx` ON `type_diagnostics` (`diagnostic_id`,`type_id`);--> statement-breakpoint
CREATE TABLE `type_prevention` (
	`type_id` text NOT NULL,
	`prevention_id` text NOT NULL,
	`note` text,
	PRIMARY KEY(`type_id`, `prevention_id`),
	FOREIGN KEY (`type_id`) REFERENCES `types`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`prevention_id`) REFERENCES `prevention`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `type_prevention_target_idx` ON `type_prevention` (`prevention_id`,`type_id`);--> statement-breakpoint
CREATE TABLE `type_prognosis` (
	`type_id` text NOT NULL,
	`prognosis_id` text NOT NULL,
	`note` text,
	PRIMARY KEY(`type_id`, `prognosis_id`),
	FOREIGN KEY (`type_id`) REFERENCES `types`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`prognosis_id`) REFERENCES `prognosis`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `type_prognosis_target_idx` ON `type_prognosis` (`prognosis_id`,`type_id`);--> statement-breakpoint
CREATE TABLE `type_symptoms` (
	`type_id` text NOT NULL,
	`symptom_id` text NOT NULL,
	`note` text,
	PRIMARY KEY(`type_id`, `symptom_id`),
	FOREIGN KEY (`type_id`) REFERENCES `types`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`symptom_id`) REFERENCES `symptoms`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `type_symptoms_target_idx` ON `type_symptoms` (`symptom_id`,`type_id`);--> statement-breakpoint
CREATE TABLE `type_treatments` (
	`type_id` text NOT NULL,
	`treatment_id` text NOT NULL,
	`note` text,
	PRIMARY KEY(`type_id`, `treatment_id`),
	FOREIGN KEY (`type_id`) REFERENCES `types`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`treatment_id`) REFERENCES `treatments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `type_treatments_target_idx` ON `type_treatments` (`treatment_id`,`type_id`);--> statement-breakpoint
CREATE TABLE `types` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`summary` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`parent_id` text,
	`characteristics` text DEFAULT '[]' NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `types`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "types_status_check" CHECK("types"."status" in ('draft', 'published'))
);
--> statement-breakpoint
CREATE INDEX `types_name_idx` ON `types` ("name" collate nocase,`id`);--> statement-breakpoint
CREATE INDEX `types_updated_idx` ON `types` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `types_created_idx` ON `types` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `types_parent_idx` ON `types` (`parent_id`);--> statement-breakpoint
CREATE TABLE `warning_sign_complications` (
	`warning_sign_id` text NOT NULL,
	`complication_id` text NOT NULL,
	`note` text,
	PRIMARY KEY(`warning_sign_id`, `complication_id`),
	FOREIGN KEY (`warning_sign_id`) REFERENCES `warning_signs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`complication_id`) REFERENCES `complications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `warning_sign_complications_target_idx` ON `warning_sign_complications` (`complication_id`,`warning_sign_id`);--> statement-breakpoint
CREATE TABLE `warning_sign_symptoms` (
	`warning_sign_id` text NOT NULL,
	`symptom_id` text NOT NULL,
	`note` text,
	PRIMARY KEY(`warning_sign_id`, `symptom_id`),
	FOREIGN KEY (`warning_sign_id`) REFERENCES `warning_signs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`symptom_id`) REFERENCES `symptoms`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `warning_sign_symptoms_target_idx` ON `warning_sign_symptoms` (`symptom_id`,`warning_sign_id`);--> statement-breakpoint
CREATE TABLE `warning_signs` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`summary` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	CONSTRAINT "warning_signs_status_check" CHECK("warning_signs"."status" in ('draft', 'published'))
);
--> statement-breakpoint
CREATE INDEX `warning_signs_name_idx` ON `warning_signs` ("name" collate nocase,`id`);--> statement-breakpoint
CREATE INDEX `warning_signs_updated_idx` ON `warning_signs` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `warning_signs_created_idx` ON `warning_signs` (`created_at`,`id`);