/** OpenAPI security requirements: admin operations need a bearer key; public ones declare none. */
export const BEARER = [{ bearerAuth: [] }]
export const PUBLIC: Array<Record<string, string[]>> = []
