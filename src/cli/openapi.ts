/**
 * `npm run openapi` (a development tool): writes the OpenAPI snapshot,
 * openapi/openapi.json, from the route schemas. Client types are generated from it by
 * whoever needs them (`npx openapi-typescript openapi/openapi.json`); the typed-client
 * test generates them into a temporary directory.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildApp } from '../app.js'
import { loadConfig } from '../config.js'
import { openapiDocument } from '../plugins/openapi.js'
import { projectRoot } from '../paths.js'

const app = await buildApp(loadConfig({ DATABASE_PATH: ':memory:', LOG_LEVEL: 'warn' }), { seedIfEmpty: false })
await app.ready()
const document = openapiDocument(app)
await app.close()

writeFileSync(join(projectRoot, 'openapi', 'openapi.json'), `${JSON.stringify(document, null, 2)}\n`)
console.log('wrote openapi/openapi.json')
