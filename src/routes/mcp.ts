/**
 * `/mcp`: the Model Context Protocol over Streamable HTTP, stateless. Each POST gets
 * a fresh server and transport, closed with the response. GET (server-initiated
 * streams) and DELETE (sessions) have no meaning without sessions: 405.
 * The SDK, and our tools and resources (zod schemas), are imported on first use, to keep
 * them off the start-up path.
 */
import type { FastifyInstance } from 'fastify'
import { ProblemError } from '../lib/problem.js'

const API_NAME = 'medical-kb'

async function loadSdk() {
  const [{ McpServer, ResourceTemplate }, { StreamableHTTPServerTransport }, { registerTools }, { registerResources }] = await Promise.all([
    import('@modelcontextprotocol/sdk/server/mcp.js'),
    import('@modelcontextprotocol/sdk/server/streamableHttp.js'),
    import('../mcp/tools.js'),
    import('../mcp/resources.js')
  ])
  return { McpServer, ResourceTemplate, StreamableHTTPServerTransport, registerTools, registerResources }
}

export default async function mcpRoutes(app: FastifyInstance, { version }: { version: string }) {
  let sdk: ReturnType<typeof loadSdk> | undefined

  app.post('/mcp', { schema: { hide: true } }, async (request, reply) => {
    const { McpServer, ResourceTemplate, StreamableHTTPServerTransport, registerTools, registerResources } = await (sdk ??= loadSdk())
    const server = new McpServer(
      { name: API_NAME, version },
      {
        instructions:
          'Read-only tools over a citable medical knowledge base. For a question, call `answer` first: it says whether the knowledge base answers it. Quote the citations; this is not medical advice.'
      }
    )
    registerTools(server, app)
    registerResources(server, app, ResourceTemplate)
    // Stateless: each request has its own server, so lists never change during a session.
    server.server.registerCapabilities({ tools: { listChanged: false }, resources: { listChanged: false }, prompts: { listChanged: false } })
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true })
    reply.raw.on('close', () => {
      void transport.close()
      void server.close()
    })
    await server.connect(transport)
    // Headers set by plugins (CORS, request id, …) are not sent on a hijacked reply otherwise.
    for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) reply.raw.setHeader(name, value)
    reply.hijack()
    await transport.handleRequest(request.raw, reply.raw, request.body)
  })

  const notAllowed = async () => {
    throw new ProblemError('method-not-allowed', 'The MCP endpoint is stateless: send JSON-RPC messages with POST.', { headers: { allow: 'POST' } })
  }
  app.get('/mcp', { schema: { hide: true } }, notAllowed)
  app.delete('/mcp', { schema: { hide: true } }, notAllowed)
}
