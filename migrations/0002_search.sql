-- Full-text search: FTS5 indexes and the triggers that keep them in step (written from src/db/search-sql.ts).
create virtual table search_index using fts5(kind unindexed, entity_id unindexed, name, aliases, summary, quotes, tokenize = 'porter unicode61 remove_diacritics 2');
--> statement-breakpoint
create virtual table search_trigram using fts5(kind unindexed, entity_id unindexed, name, aliases, tokenize = 'trigram');
--> statement-breakpoint
create trigger conditions_search_insert after insert on conditions begin
  insert into search_index (kind, entity_id, name, aliases, summary, quotes)
  select 'conditions', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'conditions' and entity_id = new.id), new.summary, (select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = 'conditions' and entity_id = new.id and related_kind is null) where new.status = 'published' and new.deleted_at is null;
  insert into search_trigram (kind, entity_id, name, aliases)
  select 'conditions', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'conditions' and entity_id = new.id) where new.status = 'published' and new.deleted_at is null;
end;
--> statement-breakpoint
create trigger conditions_search_update after update on conditions begin
  delete from search_index where kind = 'conditions' and entity_id = old.id;
  delete from search_trigram where kind = 'conditions' and entity_id = old.id;
  insert into search_index (kind, entity_id, name, aliases, summary, quotes)
  select 'conditions', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'conditions' and entity_id = new.id), new.summary, (select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = 'conditions' and entity_id = new.id and related_kind is null) where new.status = 'published' and new.deleted_at is null;
  insert into search_trigram (kind, entity_id, name, aliases)
  select 'conditions', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'conditions' and entity_id = new.id) where new.status = 'published' and new.deleted_at is null;
end;
--> statement-breakpoint
create trigger conditions_search_delete after delete on conditions begin
  delete from search_index where kind = 'conditions' and entity_id = old.id;
  delete from search_trigram where kind = 'conditions' and entity_id = old.id;
end;
--> statement-breakpoint
create trigger types_search_insert after insert on types begin
  insert into search_index (kind, entity_id, name, aliases, summary, quotes)
  select 'types', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'types' and entity_id = new.id), new.summary, (select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = 'types' and entity_id = new.id and related_kind is null) where new.status = 'published' and new.deleted_at is null;
  insert into search_trigram (kind, entity_id, name, aliases)
  select 'types', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'types' and entity_id = new.id) where new.status = 'published' and new.deleted_at is null;
end;
--> statement-breakpoint
create trigger types_search_update after update on types begin
  delete from search_index where kind = 'types' and entity_id = old.id;
  delete from search_trigram where kind = 'types' and entity_id = old.id;
  insert into search_index (kind, entity_id, name, aliases, summary, quotes)
  select 'types', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'types' and entity_id = new.id), new.summary, (select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = 'types' and entity_id = new.id and related_kind is null) where new.status = 'published' and new.deleted_at is null;
  insert into search_trigram (kind, entity_id, name, aliases)
  select 'types', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'types' and entity_id = new.id) where new.status = 'published' and new.deleted_at is null;
end;
--> statement-breakpoint
create trigger types_search_delete after delete on types begin
  delete from search_index where kind = 'types' and entity_id = old.id;
  delete from search_trigram where kind = 'types' and entity_id = old.id;
end;
--> statement-breakpoint
create trigger causes_search_insert after insert on causes begin
  insert into search_index (kind, entity_id, name, aliases, summary, quotes)
  select 'causes', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'causes' and entity_id = new.id), new.summary, (select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = 'causes' and entity_id = new.id and related_kind is null) where new.status = 'published' and new.deleted_at is null;
  insert into search_trigram (kind, entity_id, name, aliases)
  select 'causes', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'causes' and entity_id = new.id) where new.status = 'published' and new.deleted_at is null;
end;
--> statement-breakpoint
create trigger causes_search_update after update on causes begin
  delete from search_index where kind = 'causes' and entity_id = old.id;
  delete from search_trigram where kind = 'causes' and entity_id = old.id;
  insert into search_index (kind, entity_id, name, aliases, summary, quotes)
  select 'causes', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'causes' and entity_id = new.id), new.summary, (select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = 'causes' and entity_id = new.id and related_kind is null) where new.status = 'published' and new.deleted_at is null;
  insert into search_trigram (kind, entity_id, name, aliases)
  select 'causes', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'causes' and entity_id = new.id) where new.status = 'published' and new.deleted_at is null;
end;
--> statement-breakpoint
create trigger causes_search_delete after delete on causes begin
  delete from search_index where kind = 'causes' and entity_id = old.id;
  delete from search_trigram where kind = 'causes' and entity_id = old.id;
end;
--> statement-breakpoint
create trigger symptoms_search_insert after insert on symptoms begin
  insert into search_index (kind, entity_id, name, aliases, summary, quotes)
  select 'symptoms', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'symptoms' and entity_id = new.id), new.summary, (select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = 'symptoms' and entity_id = new.id and related_kind is null) where new.status = 'published' and new.deleted_at is null;
  insert into search_trigram (kind, entity_id, name, aliases)
  select 'symptoms', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'symptoms' and entity_id = new.id) where new.status = 'published' and new.deleted_at is null;
end;
--> statement-breakpoint
create trigger symptoms_search_update after update on symptoms begin
  delete from search_index where kind = 'symptoms' and entity_id = old.id;
  delete from search_trigram where kind = 'symptoms' and entity_id = old.id;
  insert into search_index (kind, entity_id, name, aliases, summary, quotes)
  select 'symptoms', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'symptoms' and entity_id = new.id), new.summary, (select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = 'symptoms' and entity_id = new.id and related_kind is null) where new.status = 'published' and new.deleted_at is null;
  insert into search_trigram (kind, entity_id, name, aliases)
  select 'symptoms', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'symptoms' and entity_id = new.id) where new.status = 'published' and new.deleted_at is null;
end;
--> statement-breakpoint
create trigger symptoms_search_delete after delete on symptoms begin
  delete from search_index where kind = 'symptoms' and entity_id = old.id;
  delete from search_trigram where kind = 'symptoms' and entity_id = old.id;
end;
--> statement-breakpoint
create trigger diagnostics_search_insert after insert on diagnostics begin
  insert into search_index (kind, entity_id, name, aliases, summary, quotes)
  select 'diagnostics', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'diagnostics' and entity_id = new.id), new.summary, (select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = 'diagnostics' and entity_id = new.id and related_kind is null) where new.status = 'published' and new.deleted_at is null;
  insert into search_trigram (kind, entity_id, name, aliases)
  select 'diagnostics', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'diagnostics' and entity_id = new.id) where new.status = 'published' and new.deleted_at is null;
end;
--> statement-breakpoint
create trigger diagnostics_search_update after update on diagnostics begin
  delete from search_index where kind = 'diagnostics' and entity_id = old.id;
  delete from search_trigram where kind = 'diagnostics' and entity_id = old.id;
  insert into search_index (kind, entity_id, name, aliases, summary, quotes)
  select 'diagnostics', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'diagnostics' and entity_id = new.id), new.summary, (select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = 'diagnostics' and entity_id = new.id and related_kind is null) where new.status = 'published' and new.deleted_at is null;
  insert into search_trigram (kind, entity_id, name, aliases)
  select 'diagnostics', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'diagnostics' and entity_id = new.id) where new.status = 'published' and new.deleted_at is null;
end;
--> statement-breakpoint
create trigger diagnostics_search_delete after delete on diagnostics begin
  delete from search_index where kind = 'diagnostics' and entity_id = old.id;
  delete from search_trigram where kind = 'diagnostics' and entity_id = old.id;
end;
--> statement-breakpoint
create trigger treatments_search_insert after insert on treatments begin
  insert into search_index (kind, entity_id, name, aliases, summary, quotes)
  select 'treatments', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'treatments' and entity_id = new.id), new.summary, (select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = 'treatments' and entity_id = new.id and related_kind is null) where new.status = 'published' and new.deleted_at is null;
  insert into search_trigram (kind, entity_id, name, aliases)
  select 'treatments', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'treatments' and entity_id = new.id) where new.status = 'published' and new.deleted_at is null;
end;
--> statement-breakpoint
create trigger treatments_search_update after update on treatments begin
  delete from search_index where kind = 'treatments' and entity_id = old.id;
  delete from search_trigram where kind = 'treatments' and entity_id = old.id;
  insert into search_index (kind, entity_id, name, aliases, summary, quotes)
  select 'treatments', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'treatments' and entity_id = new.id), new.summary, (select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = 'treatments' and entity_id = new.id and related_kind is null) where new.status = 'published' and new.deleted_at is null;
  insert into search_trigram (kind, entity_id, name, aliases)
  select 'treatments', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'treatments' and entity_id = new.id) where new.status = 'published' and new.deleted_at is null;
end;
--> statement-breakpoint
create trigger treatments_search_delete after delete on treatments begin
  delete from search_index where kind = 'treatments' and entity_id = old.id;
  delete from search_trigram where kind = 'treatments' and entity_id = old.id;
end;
--> statement-breakpoint
create trigger complications_search_insert after insert on complications begin
  insert into search_index (kind, entity_id, name, aliases, summary, quotes)
  select 'complications', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'complications' and entity_id = new.id), new.summary, (select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = 'complications' and entity_id = new.id and related_kind is null) where new.status = 'published' and new.deleted_at is null;
  insert into search_trigram (kind, entity_id, name, aliases)
  select 'complications', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'complications' and entity_id = new.id) where new.status = 'published' and new.deleted_at is null;
end;
--> statement-breakpoint
create trigger complications_search_update after update on complications begin
  delete from search_index where kind = 'complications' and entity_id = old.id;
  delete from search_trigram where kind = 'complications' and entity_id = old.id;
  insert into search_index (kind, entity_id, name, aliases, summary, quotes)
  select 'complications', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'complications' and entity_id = new.id), new.summary, (select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = 'complications' and entity_id = new.id and related_kind is null) where new.status = 'published' and new.deleted_at is null;
  insert into search_trigram (kind, entity_id, name, aliases)
  select 'complications', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'complications' and entity_id = new.id) where new.status = 'published' and new.deleted_at is null;
end;
--> statement-breakpoint
create trigger complications_search_delete after delete on complications begin
  delete from search_index where kind = 'complications' and entity_id = old.id;
  delete from search_trigram where kind = 'complications' and entity_id = old.id;
end;
--> statement-breakpoint
create trigger prognosis_search_insert after insert on prognosis begin
  insert into search_index (kind, entity_id, name, aliases, summary, quotes)
  select 'prognosis', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'prognosis' and entity_id = new.id), new.summary, (select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = 'prognosis' and entity_id = new.id and related_kind is null) where new.status = 'published' and new.deleted_at is null;
  insert into search_trigram (kind, entity_id, name, aliases)
  select 'prognosis', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'prognosis' and entity_id = new.id) where new.status = 'published' and new.deleted_at is null;
end;
--> statement-breakpoint
create trigger prognosis_search_update after update on prognosis begin
  delete from search_index where kind = 'prognosis' and entity_id = old.id;
  delete from search_trigram where kind = 'prognosis' and entity_id = old.id;
  insert into search_index (kind, entity_id, name, aliases, summary, quotes)
  select 'prognosis', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'prognosis' and entity_id = new.id), new.summary, (select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = 'prognosis' and entity_id = new.id and related_kind is null) where new.status = 'published' and new.deleted_at is null;
  insert into search_trigram (kind, entity_id, name, aliases)
  select 'prognosis', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'prognosis' and entity_id = new.id) where new.status = 'published' and new.deleted_at is null;
end;
--> statement-breakpoint
create trigger prognosis_search_delete after delete on prognosis begin
  delete from search_index where kind = 'prognosis' and entity_id = old.id;
  delete from search_trigram where kind = 'prognosis' and entity_id = old.id;
end;
--> statement-breakpoint
create trigger prevention_search_insert after insert on prevention begin
  insert into search_index (kind, entity_id, name, aliases, summary, quotes)
  select 'prevention', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'prevention' and entity_id = new.id), new.summary, (select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = 'prevention' and entity_id = new.id and related_kind is null) where new.status = 'published' and new.deleted_at is null;
  insert into search_trigram (kind, entity_id, name, aliases)
  select 'prevention', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'prevention' and entity_id = new.id) where new.status = 'published' and new.deleted_at is null;
end;
--> statement-breakpoint
create trigger prevention_search_update after update on prevention begin
  delete from search_index where kind = 'prevention' and entity_id = old.id;
  delete from search_trigram where kind = 'prevention' and entity_id = old.id;
  insert into search_index (kind, entity_id, name, aliases, summary, quotes)
  select 'prevention', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'prevention' and entity_id = new.id), new.summary, (select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = 'prevention' and entity_id = new.id and related_kind is null) where new.status = 'published' and new.deleted_at is null;
  insert into search_trigram (kind, entity_id, name, aliases)
  select 'prevention', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'prevention' and entity_id = new.id) where new.status = 'published' and new.deleted_at is null;
end;
--> statement-breakpoint
create trigger prevention_search_delete after delete on prevention begin
  delete from search_index where kind = 'prevention' and entity_id = old.id;
  delete from search_trigram where kind = 'prevention' and entity_id = old.id;
end;
--> statement-breakpoint
create trigger warning_signs_search_insert after insert on warning_signs begin
  insert into search_index (kind, entity_id, name, aliases, summary, quotes)
  select 'warningSigns', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'warningSigns' and entity_id = new.id), new.summary, (select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = 'warningSigns' and entity_id = new.id and related_kind is null) where new.status = 'published' and new.deleted_at is null;
  insert into search_trigram (kind, entity_id, name, aliases)
  select 'warningSigns', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'warningSigns' and entity_id = new.id) where new.status = 'published' and new.deleted_at is null;
end;
--> statement-breakpoint
create trigger warning_signs_search_update after update on warning_signs begin
  delete from search_index where kind = 'warningSigns' and entity_id = old.id;
  delete from search_trigram where kind = 'warningSigns' and entity_id = old.id;
  insert into search_index (kind, entity_id, name, aliases, summary, quotes)
  select 'warningSigns', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'warningSigns' and entity_id = new.id), new.summary, (select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = 'warningSigns' and entity_id = new.id and related_kind is null) where new.status = 'published' and new.deleted_at is null;
  insert into search_trigram (kind, entity_id, name, aliases)
  select 'warningSigns', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'warningSigns' and entity_id = new.id) where new.status = 'published' and new.deleted_at is null;
end;
--> statement-breakpoint
create trigger warning_signs_search_delete after delete on warning_signs begin
  delete from search_index where kind = 'warningSigns' and entity_id = old.id;
  delete from search_trigram where kind = 'warningSigns' and entity_id = old.id;
end;
--> statement-breakpoint
create trigger body_sites_search_insert after insert on body_sites begin
  insert into search_index (kind, entity_id, name, aliases, summary, quotes)
  select 'bodySites', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'bodySites' and entity_id = new.id), new.summary, (select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = 'bodySites' and entity_id = new.id and related_kind is null) where new.status = 'published' and new.deleted_at is null;
  insert into search_trigram (kind, entity_id, name, aliases)
  select 'bodySites', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'bodySites' and entity_id = new.id) where new.status = 'published' and new.deleted_at is null;
end;
--> statement-breakpoint
create trigger body_sites_search_update after update on body_sites begin
  delete from search_index where kind = 'bodySites' and entity_id = old.id;
  delete from search_trigram where kind = 'bodySites' and entity_id = old.id;
  insert into search_index (kind, entity_id, name, aliases, summary, quotes)
  select 'bodySites', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'bodySites' and entity_id = new.id), new.summary, (select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = 'bodySites' and entity_id = new.id and related_kind is null) where new.status = 'published' and new.deleted_at is null;
  insert into search_trigram (kind, entity_id, name, aliases)
  select 'bodySites', new.id, new.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'bodySites' and entity_id = new.id) where new.status = 'published' and new.deleted_at is null;
end;
--> statement-breakpoint
create trigger body_sites_search_delete after delete on body_sites begin
  delete from search_index where kind = 'bodySites' and entity_id = old.id;
  delete from search_trigram where kind = 'bodySites' and entity_id = old.id;
end;
--> statement-breakpoint
create trigger aliases_search_insert after insert on aliases begin
  update search_index set aliases = (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = new.entity_kind and entity_id = new.entity_id) where kind = new.entity_kind and entity_id = new.entity_id;
  update search_trigram set aliases = (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = new.entity_kind and entity_id = new.entity_id) where kind = new.entity_kind and entity_id = new.entity_id;
end;
--> statement-breakpoint
create trigger aliases_search_delete after delete on aliases begin
  update search_index set aliases = (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = old.entity_kind and entity_id = old.entity_id) where kind = old.entity_kind and entity_id = old.entity_id;
  update search_trigram set aliases = (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = old.entity_kind and entity_id = old.entity_id) where kind = old.entity_kind and entity_id = old.entity_id;
end;
--> statement-breakpoint
create trigger citations_search_insert after insert on citations begin
  update search_index set quotes = (select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = new.entity_kind and entity_id = new.entity_id and related_kind is null) where new.related_kind is null and kind = new.entity_kind and entity_id = new.entity_id;
end;
--> statement-breakpoint
create trigger citations_search_update after update on citations begin
  update search_index set quotes = (select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = old.entity_kind and entity_id = old.entity_id and related_kind is null) where old.related_kind is null and kind = old.entity_kind and entity_id = old.entity_id;
  update search_index set quotes = (select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = new.entity_kind and entity_id = new.entity_id and related_kind is null) where new.related_kind is null and kind = new.entity_kind and entity_id = new.entity_id;
end;
--> statement-breakpoint
create trigger citations_search_delete after delete on citations begin
  update search_index set quotes = (select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = old.entity_kind and entity_id = old.entity_id and related_kind is null) where old.related_kind is null and kind = old.entity_kind and entity_id = old.entity_id;
end;
--> statement-breakpoint
insert into search_index (kind, entity_id, name, aliases, summary, quotes)
  select 'conditions', e.id, e.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'conditions' and entity_id = e.id), e.summary, (select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = 'conditions' and entity_id = e.id and related_kind is null) from conditions e where e.status = 'published' and e.deleted_at is null;
--> statement-breakpoint
insert into search_trigram (kind, entity_id, name, aliases)
  select 'conditions', e.id, e.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'conditions' and entity_id = e.id) from conditions e where e.status = 'published' and e.deleted_at is null;
--> statement-breakpoint
insert into search_index (kind, entity_id, name, aliases, summary, quotes)
  select 'types', e.id, e.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'types' and entity_id = e.id), e.summary, (select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = 'types' and entity_id = e.id and related_kind is null) from types e where e.status = 'published' and e.deleted_at is null;
--> statement-breakpoint
insert into search_trigram (kind, entity_id, name, aliases)
  select 'types', e.id, e.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'types' and entity_id = e.id) from types e where e.status = 'published' and e.deleted_at is null;
--> statement-breakpoint
insert into search_index (kind, entity_id, name, aliases, summary, quotes)
  select 'causes', e.id, e.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'causes' and entity_id = e.id), e.summary, (select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = 'causes' and entity_id = e.id and related_kind is null) from causes e where e.status = 'published' and e.deleted_at is null;
--> statement-breakpoint
insert into search_trigram (kind, entity_id, name, aliases)
  select 'causes', e.id, e.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'causes' and entity_id = e.id) from causes e where e.status = 'published' and e.deleted_at is null;
--> statement-breakpoint
insert into search_index (kind, entity_id, name, aliases, summary, quotes)
  select 'symptoms', e.id, e.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'symptoms' and entity_id = e.id), e.summary, (select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = 'symptoms' and entity_id = e.id and related_kind is null) from symptoms e where e.status = 'published' and e.deleted_at is null;
--> statement-breakpoint
insert into search_trigram (kind, entity_id, name, aliases)
  select 'symptoms', e.id, e.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'symptoms' and entity_id = e.id) from symptoms e where e.status = 'published' and e.deleted_at is null;
--> statement-breakpoint
insert into search_index (kind, entity_id, name, aliases, summary, quotes)
  select 'diagnostics', e.id, e.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'diagnostics' and entity_id = e.id), e.summary, (select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = 'diagnostics' and entity_id = e.id and related_kind is null) from diagnostics e where e.status = 'published' and e.deleted_at is null;
--> statement-breakpoint
insert into search_trigram (kind, entity_id, name, aliases)
  select 'diagnostics', e.id, e.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'diagnostics' and entity_id = e.id) from diagnostics e where e.status = 'published' and e.deleted_at is null;
--> statement-breakpoint
insert into search_index (kind, entity_id, name, aliases, summary, quotes)
  select 'treatments', e.id, e.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'treatments' and entity_id = e.id), e.summary, (select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = 'treatments' and entity_id = e.id and related_kind is null) from treatments e where e.status = 'published' and e.deleted_at is null;
--> statement-breakpoint
insert into search_trigram (kind, entity_id, name, aliases)
  select 'treatments', e.id, e.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'treatments' and entity_id = e.id) from treatments e where e.status = 'published' and e.deleted_at is null;
--> statement-breakpoint
insert into search_index (kind, entity_id, name, aliases, summary, quotes)
  select 'complications', e.id, e.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'complications' and entity_id = e.id), e.summary, (select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = 'complications' and entity_id = e.id and related_kind is null) from complications e where e.status = 'published' and e.deleted_at is null;
--> statement-breakpoint
insert into search_trigram (kind, entity_id, name, aliases)
  select 'complications', e.id, e.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'complications' and entity_id = e.id) from complications e where e.status = 'published' and e.deleted_at is null;
--> statement-breakpoint
insert into search_index (kind, entity_id, name, aliases, summary, quotes)
  select 'prognosis', e.id, e.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'prognosis' and entity_id = e.id), e.summary, (select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = 'prognosis' and entity_id = e.id and related_kind is null) from prognosis e where e.status = 'published' and e.deleted_at is null;
--> statement-breakpoint
insert into search_trigram (kind, entity_id, name, aliases)
  select 'prognosis', e.id, e.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'prognosis' and entity_id = e.id) from prognosis e where e.status = 'published' and e.deleted_at is null;
--> statement-breakpoint
insert into search_index (kind, entity_id, name, aliases, summary, quotes)
  select 'prevention', e.id, e.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'prevention' and entity_id = e.id), e.summary, (select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = 'prevention' and entity_id = e.id and related_kind is null) from prevention e where e.status = 'published' and e.deleted_at is null;
--> statement-breakpoint
insert into search_trigram (kind, entity_id, name, aliases)
  select 'prevention', e.id, e.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'prevention' and entity_id = e.id) from prevention e where e.status = 'published' and e.deleted_at is null;
--> statement-breakpoint
insert into search_index (kind, entity_id, name, aliases, summary, quotes)
  select 'warningSigns', e.id, e.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'warningSigns' and entity_id = e.id), e.summary, (select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = 'warningSigns' and entity_id = e.id and related_kind is null) from warning_signs e where e.status = 'published' and e.deleted_at is null;
--> statement-breakpoint
insert into search_trigram (kind, entity_id, name, aliases)
  select 'warningSigns', e.id, e.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'warningSigns' and entity_id = e.id) from warning_signs e where e.status = 'published' and e.deleted_at is null;
--> statement-breakpoint
insert into search_index (kind, entity_id, name, aliases, summary, quotes)
  select 'bodySites', e.id, e.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'bodySites' and entity_id = e.id), e.summary, (select coalesce(group_concat(quote, ' '), '') from citations where entity_kind = 'bodySites' and entity_id = e.id and related_kind is null) from body_sites e where e.status = 'published' and e.deleted_at is null;
--> statement-breakpoint
insert into search_trigram (kind, entity_id, name, aliases)
  select 'bodySites', e.id, e.name, (select coalesce(group_concat(alias, ' | '), '') from aliases where entity_kind = 'bodySites' and entity_id = e.id) from body_sites e where e.status = 'published' and e.deleted_at is null;
--> statement-breakpoint
create virtual table passages_fts using fts5(text, content = 'passages', content_rowid = 'id', tokenize = 'porter unicode61 remove_diacritics 2');
--> statement-breakpoint
create trigger passages_fts_insert after insert on passages begin
  insert into passages_fts (rowid, text) values (new.id, new.text);
end;
--> statement-breakpoint
create trigger passages_fts_delete after delete on passages begin
  insert into passages_fts (passages_fts, rowid, text) values ('delete', old.id, old.text);
end;
--> statement-breakpoint
create trigger passages_fts_update after update on passages begin
  insert into passages_fts (passages_fts, rowid, text) values ('delete', old.id, old.text);
  insert into passages_fts (rowid, text) values (new.id, new.text);
end;
--> statement-breakpoint
insert into passages (section_id, position, text)
with recursive split(section_id, position, rest, paragraph) as (
  select id, -1, text || char(10) || char(10), null from source_sections
  union all
  select section_id, position + 1, substr(rest, instr(rest, char(10) || char(10)) + 2), substr(rest, 1, instr(rest, char(10) || char(10)) - 1)
  from split where rest <> ''
)
select section_id, position, paragraph from split where position >= 0 and paragraph <> '';
--> statement-breakpoint
insert into passages_fts (passages_fts) values ('rebuild');
