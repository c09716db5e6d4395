/**
 * Process entry: configuration from the environment, build, listen. On SIGTERM or
 * SIGINT it stops accepting connections, lets in-flight requests finish, closes the
 * database and exits 0; past SHUTDOWN_TIMEOUT the exit is forced (close-with-grace).
 */
import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { ConfigError, loadConfig, type Config } from './config.js'
import { DatabaseFileError } from './db/connection.js'

function readConfig(): Config {
  try {
    return loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`)
      process.exit(78) // EX_CONFIG
    }
    throw error
  }
}

/** A database file the server must not start on stops it with the reason, not a stack trace. */
async function build(config: Config) {
  try {
    return await buildApp(config)
  } catch (error) {
    if (error instanceof DatabaseFileError) {
      console.error(`Database error: ${error.message}`)
      process.exit(66) // EX_NOINPUT
    }
    throw error
  }
}

// No top-level await: `npm start` runs this file packed as a CommonJS script, which V8 can
// cache compiled (scripts/bundle-server.js).
async function main() {
  const config = readConfig()
  const app = await build(config)
  closeWithGrace({ delay: config.shutdownTimeout }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error')
    else app.log.info({ signal }, 'shutting down')
    await app.close()
  })
  await app.listen({ port: config.port, host: config.host })
}

void main()
