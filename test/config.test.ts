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

t.test('operations settings: database creation, timeouts, the metrics token', async (t) => {
  const defaults = loadConfig({})
  t.equal(defaults.databaseCreate, true)
  t.equal(defaults.requestTimeout, 60000)
  t.equal(defaults.connectionTimeout, 120000)
  t.equal(defaults.metricsToken, '', '/metrics is off unless a token is set')
  t.equal(loadConfig({ DATABASE_CREATE: 'false' }).databaseCreate, false)
  t.throws(() => loadConfig({ DATABASE_CREATE: 'maybe' }), { message: /DATABASE_CREATE/ })
  t.throws(() => loadConfig({ METRICS_TOKEN: 'short' }), { message: /METRICS_TOKEN=\(hidden\)/ }, 'a guessable token is refused, and not printed')
  t.equal(loadConfig({ METRICS_TOKEN: 'a-long-enough-token-123' }).metricsToken, 'a-long-enough-token-123')
  t.throws(() => loadConfig({ REQUEST_TIMEOUT: '-1' }), { message: /REQUEST_TIMEOUT/ })
  t.equal(loadConfig({ TRUST_PROXY: '1' }).trustProxy, 1)
})

t.test('PUBLIC_BASE_URL: an absolute http(s) URL without query or fragment, by default the local port', async (t) => {
  t.equal(loadConfig({}).publicBaseUrl, 'http://localhost:3000')
  t.equal(loadConfig({ PORT: '8080' }).publicBaseUrl, 'http://localhost:8080')
  t.equal(loadConfig({ PUBLIC_BASE_URL: 'https://kb.example.org/api/' }).publicBaseUrl, 'https://kb.example.org/api', 'no trailing slash')
  for (const bad of ['kb.example.org', 'ftp://kb.example.org', 'https://kb.example.org/?x=1', 'https://kb.example.org/#top', 'https://']) {
    t.throws(() => loadConfig({ PUBLIC_BASE_URL: bad }), { message: /PUBLIC_BASE_URL/ }, bad)
  }
})
