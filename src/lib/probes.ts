/** The operator's probes: never rate-limited, never request-logged (they arrive every few seconds). */
export const PROBE_PATHS: ReadonlySet<string> = new Set(['/health', '/ready', '/metrics'])
