import { defineConfig } from 'drizzle-kit'

// drizzle-kit writes the SQL migrations from the schema; the app applies them at start.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema.ts',
  out: './migrations',
  casing: 'snake_case',
  // FTS5 shadow tables are created by hand-written migrations; keep drizzle-kit's hands off them.
  tablesFilter: ['!search_*', '!passages_fts*']
})
