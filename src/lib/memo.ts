/**
 * Builds a value once per key, on first use: the statements a write prepares per kind or
 * per relation, the schemas a route builds per kind. Keys are compared by identity
 * (a descriptor object) or by value (a string).
 */
export function memoize<K, V>(build: (key: K) => V): (key: K) => V {
  const built = new Map<K, V>()
  return (key) => {
    if (built.has(key)) return built.get(key) as V
    const value = build(key)
    built.set(key, value)
    return value
  }
}
