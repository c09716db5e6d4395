import t from 'tap'
import { ConfigError, loadConfig } from '../src/config.js'

t.test('defaults apply when the environment is empty', async (t) => {
  const config = loadConfig({})
  t.equal(config.port, 3000)
  t.equal(config.host, '127.0.0.1')
  t.equal(config.databasePath, './data/kb.sqlite')
  t.equal(config.logLevel, 'info')
  t.equal(config.cacheMaxAge, 60)
  t.equal(config.corsOrigins, '*')
})

t.test('values are read and converted', async (t) => {
  const config = loadConfig({ PORT: '8080', HOST: '0.0.0.0', LOG_LEVEL: 'warn', CORS_ORIGINS: 'https://a.example, https://b.example' })
  t.equal(config.port, 8080)
  t.equal(config.host, '0.0.0.0')
  t.equal(config.logLevel, 'warn')
  t.same(config.corsOrigins, ['https://a.example', 'https://b.example'])
})

t.test('a bad value stops the start with a message naming the variable', async (t) => {
  t.throws(() => loadConfig({ PORT: 'eighty' }), { name: 'ConfigError', message: /PORT/ })
  t.throws(() => loadConfig({ PORT: '70000' }), ConfigError)
  t.throws(() => loadConfig({ LOG_LEVEL: 'loud' }), { message: /LOG_LEVEL/ })
  t.throws(() => loadConfig({ CACHE_MAX_AGE: '-1' }), { message: /CACHE_MAX_AGE/ })
})
