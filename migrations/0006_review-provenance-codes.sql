PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_api_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`prefix` text NOT NULL,
	`secret_hash` text NOT NULL,
	`created_at` text NOT NULL,
	`revoked_at` text,
	CONSTRAINT "api_keys_role_check" CHECK("__new_api_keys"."role" in ('editor', 'reviewer', 'admin'))
);
--> statement-breakpoint
INSERT INTO `__new_api_keys`("id", "name", "role", "prefix", "secret_hash", "created_at", "revoked_at") SELECT "id", "name", "role", "prefix", "secret_hash", "created_at", "revoked_at" FROM `api_keys`;--> statement-breakpoint
DROP TABLE `api_keys`;--> statement-breakpoint
ALTER TABLE `__new_api_keys` RENAME TO `api_keys`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_name_idx` ON `api_keys` (`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_prefix_idx` ON `api_keys` (`prefix`);--> statement-breakpoint
ALTER TABLE `body_sites` ADD `review_status` text DEFAULT 'unreviewed' NOT NULL;--> statement-breakpoint
ALTER TABLE `body_sites` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `body_sites` ADD `reviewer` text;--> statement-breakpoint
ALTER TABLE `body_sites` ADD `review_note` text;--> statement-breakpoint
ALTER TABLE `body_sites` ADD `next_review_due` text;--> statement-breakpoint
CREATE INDEX `body_sites_review_idx` ON `body_sites` (`review_status`,`id`);--> statement-breakpoint
ALTER TABLE `cause_complications` ADD `review_status` text DEFAULT 'unreviewed' NOT NULL;--> statement-breakpoint
ALTER TABLE `cause_complications` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `cause_complications` ADD `reviewer` text;--> statement-breakpoint
ALTER TABLE `cause_complications` ADD `review_note` text;--> statement-breakpoint
ALTER TABLE `cause_complications` ADD `next_review_due` text;--> statement-breakpoint
ALTER TABLE `cause_prevention` ADD `review_status` text DEFAULT 'unreviewed' NOT NULL;--> statement-breakpoint
ALTER TABLE `cause_prevention` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `cause_prevention` ADD `reviewer` text;--> statement-breakpoint
ALTER TABLE `cause_prevention` ADD `review_note` text;--> statement-breakpoint
ALTER TABLE `cause_prevention` ADD `next_review_due` text;--> statement-breakpoint
ALTER TABLE `cause_prognosis` ADD `review_status` text DEFAULT 'unreviewed' NOT NULL;--> statement-breakpoint
ALTER TABLE `cause_prognosis` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `cause_prognosis` ADD `reviewer` text;--> statement-breakpoint
ALTER TABLE `cause_prognosis` ADD `review_note` text;--> statement-breakpoint
ALTER TABLE `cause_prognosis` ADD `next_review_due` text;--> statement-breakpoint
ALTER TABLE `causes` ADD `review_status` text DEFAULT 'unreviewed' NOT NULL;--> statement-breakpoint
ALTER TABLE `causes` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `causes` ADD `reviewer` text;--> statement-breakpoint
ALTER TABLE `causes` ADD `review_note` text;--> statement-breakpoint
ALTER TABLE `causes` ADD `next_review_due` text;--> statement-breakpoint
CREATE INDEX `causes_review_idx` ON `causes` (`review_status`,`id`);--> statement-breakpoint
ALTER TABLE `complication_body_sites` ADD `review_status` text DEFAULT 'unreviewed' NOT NULL;--> statement-breakpoint
ALTER TABLE `complication_body_sites` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `complication_body_sites` ADD `reviewer` text;--> statement-breakpoint
ALTER TABLE `complication_body_sites` ADD `review_note` text;--> statement-breakpoint
ALTER TABLE `complication_body_sites` ADD `next_review_due` text;--> statement-breakpoint
ALTER TABLE `complications` ADD `review_status` text DEFAULT 'unreviewed' NOT NULL;--> statement-breakpoint
ALTER TABLE `complications` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `complications` ADD `reviewer` text;--> statement-breakpoint
ALTER TABLE `complications` ADD `review_note` text;--> statement-breakpoint
ALTER TABLE `complications` ADD `next_review_due` text;--> statement-breakpoint
CREATE INDEX `complications_review_idx` ON `complications` (`review_status`,`id`);--> statement-breakpoint
ALTER TABLE `condition_causes` ADD `review_status` text DEFAULT 'unreviewed' NOT NULL;--> statement-breakpoint
ALTER TABLE `condition_causes` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `condition_causes` ADD `reviewer` text;--> statement-breakpoint
ALTER TABLE `condition_causes` ADD `review_note` text;--> statement-breakpoint
ALTER TABLE `condition_causes` ADD `next_review_due` text;--> statement-breakpoint
ALTER TABLE `condition_complications` ADD `review_status` text DEFAULT 'unreviewed' NOT NULL;--> statement-breakpoint
ALTER TABLE `condition_complications` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `condition_complications` ADD `reviewer` text;--> statement-breakpoint
ALTER TABLE `condition_complications` ADD `review_note` text;--> statement-breakpoint
ALTER TABLE `condition_complications` ADD `next_review_due` text;--> statement-breakpoint
ALTER TABLE `condition_diagnostics` ADD `review_status` text DEFAULT 'unreviewed' NOT NULL;--> statement-breakpoint
ALTER TABLE `condition_diagnostics` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `condition_diagnostics` ADD `reviewer` text;--> statement-breakpoint
ALTER TABLE `condition_diagnostics` ADD `review_note` text;--> statement-breakpoint
ALTER TABLE `condition_diagnostics` ADD `next_review_due` text;--> statement-breakpoint
ALTER TABLE `condition_prevention` ADD `review_status` text DEFAULT 'unreviewed' NOT NULL;--> statement-breakpoint
ALTER TABLE `condition_prevention` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `condition_prevention` ADD `reviewer` text;--> statement-breakpoint
ALTER TABLE `condition_prevention` ADD `review_note` text;--> statement-breakpoint
ALTER TABLE `condition_prevention` ADD `next_review_due` text;--> statement-breakpoint
ALTER TABLE `condition_prognosis` ADD `review_status` text DEFAULT 'unreviewed' NOT NULL;--> statement-breakpoint
ALTER TABLE `condition_prognosis` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `condition_prognosis` ADD `reviewer` text;--> statement-breakpoint
ALTER TABLE `condition_prognosis` ADD `review_note` text;--> statement-breakpoint
ALTER TABLE `condition_prognosis` ADD `next_review_due` text;--> statement-breakpoint
ALTER TABLE `condition_symptoms` ADD `review_status` text DEFAULT 'unreviewed' NOT NULL;--> statement-breakpoint
ALTER TABLE `condition_symptoms` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `condition_symptoms` ADD `reviewer` text;--> statement-breakpoint
ALTER TABLE `condition_symptoms` ADD `review_note` text;--> statement-breakpoint
ALTER TABLE `condition_symptoms` ADD `next_review_due` text;--> statement-breakpoint
ALTER TABLE `condition_treatments` ADD `review_status` text DEFAULT 'unreviewed' NOT NULL;--> statement-breakpoint
ALTER TABLE `condition_treatments` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `condition_treatments` ADD `reviewer` text;--> statement-breakpoint
ALTER TABLE `condition_treatments` ADD `review_note` text;--> statement-breakpoint
ALTER TABLE `condition_treatments` ADD `next_review_due` text;--> statement-breakpoint
ALTER TABLE `condition_types` ADD `review_status` text DEFAULT 'unreviewed' NOT NULL;--> statement-breakpoint
ALTER TABLE `condition_types` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `condition_types` ADD `reviewer` text;--> statement-breakpoint
ALTER TABLE `condition_types` ADD `review_note` text;--> statement-breakpoint
ALTER TABLE `condition_types` ADD `next_review_due` text;--> statement-breakpoint
ALTER TABLE `condition_warning_signs` ADD `review_status` text DEFAULT 'unreviewed' NOT NULL;--> statement-breakpoint
ALTER TABLE `condition_warning_signs` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `condition_warning_signs` ADD `reviewer` text;--> statement-breakpoint
ALTER TABLE `condition_warning_signs` ADD `review_note` text;--> statement-breakpoint
ALTER TABLE `condition_warning_signs` ADD `next_review_due` text;--> statement-breakpoint
ALTER TABLE `conditions` ADD `review_status` text DEFAULT 'unreviewed' NOT NULL;--> statement-breakpoint
ALTER TABLE `conditions` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `conditions` ADD `reviewer` text;--> statement-breakpoint
ALTER TABLE `conditions` ADD `review_note` text;--> statement-breakpoint
ALTER TABLE `conditions` ADD `next_review_due` text;--> statement-breakpoint
CREATE INDEX `conditions_review_idx` ON `conditions` (`review_status`,`id`);--> statement-breakpoint
ALTER TABLE `diagnostics` ADD `review_status` text DEFAULT 'unreviewed' NOT NULL;--> statement-breakpoint
ALTER TABLE `diagnostics` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `diagnostics` ADD `reviewer` text;--> statement-breakpoint
ALTER TABLE `diagnostics` ADD `review_note` text;--> statement-breakpoint
ALTER TABLE `diagnostics` ADD `next_review_due` text;--> statement-breakpoint
CREATE INDEX `diagnostics_review_idx` ON `diagnostics` (`review_status`,`id`);--> statement-breakpoint
ALTER TABLE `external_codes` ADD `source` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `external_codes_code_idx` ON `external_codes` (`system`,`code`);--> statement-breakpoint
ALTER TABLE `prevention` ADD `review_status` text DEFAULT 'unreviewed' NOT NULL;--> statement-breakpoint
ALTER TABLE `prevention` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `prevention` ADD `reviewer` text;--> statement-breakpoint
ALTER TABLE `prevention` ADD `review_note` text;--> statement-breakpoint
ALTER TABLE `prevention` ADD `next_review_due` text;--> statement-breakpoint
CREATE INDEX `prevention_review_idx` ON `prevention` (`review_status`,`id`);--> statement-breakpoint
ALTER TABLE `prognosis` ADD `review_status` text DEFAULT 'unreviewed' NOT NULL;--> statement-breakpoint
ALTER TABLE `prognosis` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `prognosis` ADD `reviewer` text;--> statement-breakpoint
ALTER TABLE `prognosis` ADD `review_note` text;--> statement-breakpoint
ALTER TABLE `prognosis` ADD `next_review_due` text;--> statement-breakpoint
CREATE INDEX `prognosis_review_idx` ON `prognosis` (`review_status`,`id`);--> statement-breakpoint
ALTER TABLE `sources` ADD `retrieved_at` text;--> statement-breakpoint
ALTER TABLE `sources` ADD `language` text DEFAULT 'und' NOT NULL;--> statement-breakpoint
ALTER TABLE `sources` ADD `license` text DEFAULT 'unknown' NOT NULL;--> statement-breakpoint
ALTER TABLE `symptom_body_sites` ADD `review_status` text DEFAULT 'unreviewed' NOT NULL;--> statement-breakpoint
ALTER TABLE `symptom_body_sites` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `symptom_body_sites` ADD `reviewer` text;--> statement-breakpoint
ALTER TABLE `symptom_body_sites` ADD `review_note` text;--> statement-breakpoint
ALTER TABLE `symptom_body_sites` ADD `next_review_due` text;--> statement-breakpoint
ALTER TABLE `symptoms` ADD `review_status` text DEFAULT 'unreviewed' NOT NULL;--> statement-breakpoint
ALTER TABLE `symptoms` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `symptoms` ADD `reviewer` text;--> statement-breakpoint
ALTER TABLE `symptoms` ADD `review_note` text;--> statement-breakpoint
ALTER TABLE `symptoms` ADD `next_review_due` text;--> statement-breakpoint
CREATE INDEX `symptoms_review_idx` ON `symptoms` (`review_status`,`id`);--> statement-breakpoint
ALTER TABLE `treatment_symptoms` ADD `review_status` text DEFAULT 'unreviewed' NOT NULL;--> statement-breakpoint
ALTER TABLE `treatment_symptoms` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `treatment_symptoms` ADD `reviewer` text;--> statement-breakpoint
ALTER TABLE `treatment_symptoms` ADD `review_note` text;--> statement-breakpoint
ALTER TABLE `treatment_symptoms` ADD `next_review_due` text;--> statement-breakpoint
ALTER TABLE `treatments` ADD `review_status` text DEFAULT 'unreviewed' NOT NULL;--> statement-breakpoint
ALTER TABLE `treatments` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `treatments` ADD `reviewer` text;--> statement-breakpoint
ALTER TABLE `treatments` ADD `review_note` text;--> statement-breakpoint
ALTER TABLE `treatments` ADD `next_review_due` text;--> statement-breakpoint
CREATE INDEX `treatments_review_idx` ON `treatments` (`review_status`,`id`);--> statement-breakpoint
ALTER TABLE `type_body_sites` ADD `review_status` text DEFAULT 'unreviewed' NOT NULL;--> statement-breakpoint
ALTER TABLE `type_body_sites` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `type_body_sites` ADD `reviewer` text;--> statement-breakpoint
ALTER TABLE `type_body_sites` ADD `review_note` text;--> statement-breakpoint
ALTER TABLE `type_body_sites` ADD `next_review_due` text;--> statement-breakpoint
ALTER TABLE `type_causes` ADD `review_status` text DEFAULT 'unreviewed' NOT NULL;--> statement-breakpoint
ALTER TABLE `type_causes` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `type_causes` ADD `reviewer` text;--> statement-breakpoint
ALTER TABLE `type_causes` ADD `review_note` text;--> statement-breakpoint
ALTER TABLE `type_causes` ADD `next_review_due` text;--> statement-breakpoint
ALTER TABLE `type_complications` ADD `review_status` text DEFAULT 'unreviewed' NOT NULL;--> statement-breakpoint
ALTER TABLE `type_complications` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `type_complications` ADD `reviewer` text;--> statement-breakpoint
ALTER TABLE `type_complications` ADD `review_note` text;--> statement-breakpoint
ALTER TABLE `type_complications` ADD `next_review_due` text;--> statement-breakpoint
ALTER TABLE `type_diagnostics` ADD `review_status` text DEFAULT 'unreviewed' NOT NULL;--> statement-breakpoint
ALTER TABLE `type_diagnostics` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `type_diagnostics` ADD `reviewer` text;--> statement-breakpoint
ALTER TABLE `type_diagnostics` ADD `review_note` text;--> statement-breakpoint
ALTER TABLE `type_diagnostics` ADD `next_review_due` text;--> statement-breakpoint
ALTER TABLE `type_prevention` ADD `review_status` text DEFAULT 'unreviewed' NOT NULL;--> statement-breakpoint
ALTER TABLE `type_prevention` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `type_prevention` ADD `reviewer` text;--> statement-breakpoint
ALTER TABLE `type_prevention` ADD `review_note` text;--> statement-breakpoint
ALTER TABLE `type_prevention` ADD `next_review_due` text;--> statement-breakpoint
ALTER TABLE `type_prognosis` ADD `review_status` text DEFAULT 'unreviewed' NOT NULL;--> statement-breakpoint
ALTER TABLE `type_prognosis` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `type_prognosis` ADD `reviewer` text;--> statement-breakpoint
ALTER TABLE `type_prognosis` ADD `review_note` text;--> statement-breakpoint
ALTER TABLE `type_prognosis` ADD `next_review_due` text;--> statement-breakpoint
ALTER TABLE `type_symptoms` ADD `review_status` text DEFAULT 'unreviewed' NOT NULL;--> statement-breakpoint
ALTER TABLE `type_symptoms` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `type_symptoms` ADD `reviewer` text;--> statement-breakpoint
ALTER TABLE `type_symptoms` ADD `review_note` text;--> statement-breakpoint
ALTER TABLE `type_symptoms` ADD `next_review_due` text;--> statement-breakpoint
ALTER TABLE `type_treatments` ADD `review_status` text DEFAULT 'unreviewed' NOT NULL;--> statement-breakpoint
ALTER TABLE `type_treatments` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `type_treatments` ADD `reviewer` text;--> statement-breakpoint
ALTER TABLE `type_treatments` ADD `review_note` text;--> statement-breakpoint
ALTER TABLE `type_treatments` ADD `next_review_due` text;--> statement-breakpoint
ALTER TABLE `types` ADD `review_status` text DEFAULT 'unreviewed' NOT NULL;--> statement-breakpoint
ALTER TABLE `types` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `types` ADD `reviewer` text;--> statement-breakpoint
ALTER TABLE `types` ADD `review_note` text;--> statement-breakpoint
ALTER TABLE `types` ADD `next_review_due` text;--> statement-breakpoint
CREATE INDEX `types_review_idx` ON `types` (`review_status`,`id`);--> statement-breakpoint
ALTER TABLE `warning_sign_complications` ADD `review_status` text DEFAULT 'unreviewed' NOT NULL;--> statement-breakpoint
ALTER TABLE `warning_sign_complications` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `warning_sign_complications` ADD `reviewer` text;--> statement-breakpoint
ALTER TABLE `warning_sign_complications` ADD `review_note` text;--> statement-breakpoint
ALTER TABLE `warning_sign_complications` ADD `next_review_due` text;--> statement-breakpoint
ALTER TABLE `warning_sign_symptoms` ADD `review_status` text DEFAULT 'unreviewed' NOT NULL;--> statement-breakpoint
ALTER TABLE `warning_sign_symptoms` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `warning_sign_symptoms` ADD `reviewer` text;--> statement-breakpoint
ALTER TABLE `warning_sign_symptoms` ADD `review_note` text;--> statement-breakpoint
ALTER TABLE `warning_sign_symptoms` ADD `next_review_due` text;--> statement-breakpoint
ALTER TABLE `warning_signs` ADD `review_status` text DEFAULT 'unreviewed' NOT NULL;--> statement-breakpoint
ALTER TABLE `warning_signs` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `warning_signs` ADD `reviewer` text;--> statement-breakpoint
ALTER TABLE `warning_signs` ADD `review_note` text;--> statement-breakpoint
ALTER TABLE `warning_signs` ADD `next_review_due` text;--> statement-breakpoint
CREATE INDEX `warning_signs_review_idx` ON `warning_signs` (`review_status`,`id`);