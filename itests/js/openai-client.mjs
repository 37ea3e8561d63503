// The official OpenAI Node.js client against an AEGIS node's OpenAI-compatible API, as a user would point it there:
// only the base URL and the API key (an AEGIS operator token) change. Lists the models, makes a chat completion, a
// streamed one and embeddings, asks for a model the node does not serve, and prints what it got as one JSON object
// on stdout for the Java test to check. Exits 1 with {"error": ...} when a call fails unexpectedly.
//
//   node openai-client.mjs --base-url http://127.0.0.1:8003/v1 --api-key <token> --model aegis-local-char
import { parseArgs } from 'node:util'
import OpenAI from 'openai'

const { values: args } = parseArgs({
  options: {
    'base-url': { type: 'string' },
    'api-key': { type: 'string' },
    model: { type: 'string' },
    'max-tokens': { type: 'string', default: '24' }
  }
})
for (const required of ['base-url', 'api-key', 'model']) {
  if (!args[required]) {
    console.error(`--${required} is required`)
    process.exit(2)
  }
}
const model = args.model
const maxTokens = Number(args['max-tokens'])
// No retries: a failure must show, not be papered over by a second attempt.
const client = new OpenAI({ baseURL: args['base-url'], apiKey: args['api-key'], maxRetries: 0, timeout: 60_000 })
const EMBEDDING_INPUT = ['the cynic', 'a blackguard whose faulty vision sees things as they are']
const messages = [
  { role: 'system', content: 'You are a dictionary.' },
  { role: 'user', content: 'Define: cynic' }
]

async function models () {
  const ids = []
  for await (const entry of client.models.list()) {
    ids.push({ id: entry.id, object: entry.object, owned_by: entry.owned_by })
  }
  return ids
}

async function chat () {
  const completion = await client.chat.completions.create({ model, messages, max_tokens: maxTokens, temperature: 0.8 })
  const choice = completion.choices[0]
  return {
    id: completion.id,
    object: completion.object,
    model: completion.model,
    role: choice.message.role,
    content: choice.message.content,
    finish_reason: choice.finish_reason,
    usage: completion.usage
  }
}

async function stream () {
  const chunks = await client.chat.completions.create({ model, messages, max_tokens: maxTokens, stream: true })
  const ids = new Set()
  let count = 0
  let role = null
  let content = ''
  let finishReason = null
  for await (const chunk of chunks) {
    count++
    ids.add(chunk.id)
    const choice = chunk.choices[0]
    role ??= choice.delta.role ?? null
    content += choice.delta.content ?? ''
    finishReason = choice.finish_reason ?? finishReason
  }
  return { chunks: count, ids: [...ids], role, content, finish_reason: finishReason }
}

async function embeddings () {
  const input = EMBEDDING_INPUT
  const result = await client.embeddings.create({ model, input })
  return {
    object: result.object,
    model: result.model,
    count: result.data.length,
    indexes: result.data.map(d => d.index),
    dimensions: result.data.map(d => d.embedding.length),
    finite: result.data.every(d => d.embedding.every(Number.isFinite)),
    // the SDK asked for base64 and decoded it: the test compares these with the node's float answer
    head: result.data[0].embedding.slice(0, 8),
    usage: result.usage
  }
}

/** The SDK's view of an error answer: its class, HTTP status and OpenAI error code. */
async function unknownModel () {
  try {
    await client.chat.completions.create({ model: 'no-such-model', messages, max_tokens: 4 })
    return { thrown: false }
  } catch (e) {
    if (!(e instanceof OpenAI.APIError)) {
      throw e
    }
    return { thrown: true, type: e.constructor.name, status: e.status, code: e.code ?? null, message: e.message }
  }
}

try {
  const result = {
    models: await models(),
    chat: await chat(),
    stream: await stream(),
    embeddings: await embeddings(),
    unknown_model: await unknownModel()
  }
  process.stdout.write(JSON.stringify(result) + '\n')
} catch (e) {
  process.stdout.write(JSON.stringify({ error: `${e.constructor.name}: ${e.message}`, status: e.status ?? null }) + '\n')
  process.exit(1)
}
