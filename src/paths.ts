import { fileURLToPath } from 'node:url'

/** The project root, from `src/` under ts and from `dist/` once built (both one level down). */
export const projectRoot = fileURLToPath(new URL('..', import.meta.url))
export const migrationsFolder = fileURLToPath(new URL('../migrations', import.meta.url))
export const seedFolder = fileURLToPath(new URL('../seed', import.meta.url))
