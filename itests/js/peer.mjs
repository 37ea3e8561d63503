// One js-libp2p node that a test drives over stdin/stdout, one JSON object per line.
//
//   node --import ./polyfill.mjs peer.mjs [--listen /ip4/127.0.0.1/tcp/0] [--seed <64 hex digits>]
//                                          [--heartbeat-ms 1000]
//
// Out: {"event":"ready","peerId":..,"addrs":[..]} once listening, then replies and events.
// In:  {"id":1,"cmd":"ping","peer":"12D3Koo.."}  ->  {"id":1,"result":{"rtt":0.8}} or {"id":1,"error":".."}
// Commands run concurrently; every reply carries its command's id. A command may set "timeoutMs".
// "peer" is a peer id or a multiaddr; "data" is base64.
//   dial {addr}  hangup {peer}  ping {peer}  peers  identify {peer}  subscribe {topic}  unsubscribe {topic}
//   publish {topic, data}  meshPeers {topic}  subscribers {topic}  echo {peer, data}  streamBench {peer, bytes}
//   stop
// Events: connected, disconnected {peer}; identified {peer, protocols, ..}; subscription {peer, topic,
// subscribed}; graft, prune {peer, topic, direction}; message {topic, from, data, seqno}; error {error}.
// The node stops and the process exits on "stop" or when stdin closes.
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { gossipsub } from '@chainsafe/libp2p-gossipsub'
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { identify } from '@libp2p/identify'
import { peerIdFromString } from '@libp2p/peer-id'
import { ping } from '@libp2p/ping'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { echo, handleTestProtocols, writeToSink } from './protocols.mjs'
import { connectionStack } from './stack.mjs'

const DEFAULT_TIMEOUT_MS = 10_000
const STREAM_BENCH_TIMEOUT_MS = 120_000

const { values: args } = parseArgs({
  options: {
    listen: { type: 'string', default: '/ip4/127.0.0.1/tcp/0' },
    seed: { type: 'string' },
    'heartbeat-ms': { type: 'string', default: '1000' }
  }
})

function send (message) {
  process.stdout.write(JSON.stringify(message) + '\n')
}

async function privateKey (seedHex) {
  if (seedHex === undefined) {
    return undefined
  }
  if (!/^[0-9a-fA-F]{64}$/.test(seedHex)) {
    throw new Error('--seed must be 32 bytes as 64 hex digits')
  }
  return generateKeyPairFromSeed('Ed25519', Buffer.from(seedHex, 'hex'))
}

const heartbeatMs = Number(args['heartbeat-ms'])
if (!Number.isInteger(heartbeatMs) || heartbeatMs <= 0) {
  throw new Error('--heartbeat-ms must be a positive integer')
}

const node = await createLibp2p({
  ...connectionStack(args.listen),
  privateKey: await privateKey(args.seed),
  services: {
    identify: identify(),
    ping: ping(),
    pubsub: gossipsub({
      globalSignaturePolicy: 'StrictSign',
      emitSelf: false,
      allowPublishToZeroTopicPeers: true,
      heartbeatInterval: heartbeatMs
    })
  }
})
await handleTestProtocols(node)

const pubsub = node.services.pubsub
const text = new TextDecoder()

node.addEventListener('peer:connect', e => send({ event: 'connected', peer: e.detail.toString() }))
node.addEventListener('peer:disconnect', e => send({ event: 'disconnected', peer: e.detail.toString() }))
node.addEventListener('peer:identify', e => send({ event: 'identified', ...identifyView(e.detail) }))
pubsub.addEventListener('subscription-change', e => {
  for (const { topic, subscribe } of e.detail.subscriptions) {
    send({ event: 'subscription', peer: e.detail.peerId.toString(), topic, subscribed: subscribe })
  }
})
pubsub.addEventListener('gossipsub:graft', e => send({ event: 'graft', ...meshChange(e.detail) }))
pubsub.addEventListener('gossipsub:prune', e => send({ event: 'prune', ...meshChange(e.detail) }))
pubsub.addEventListener('message', e => {
  const message = e.detail
  send({
    event: 'message',
    topic: message.topic,
    from: message.from?.toString() ?? null,
    data: Buffer.from(message.data).toString('base64'),
    seqno: message.sequenceNumber?.toString() ?? null
  })
})

function meshChange ({ peerId, topic, direction }) {
  return { peer: peerId.toString(), topic, direction }
}

function identifyView (result) {
  return {
    peer: result.peerId.toString(),
    protocols: result.protocols,
    agentVersion: result.agentVersion ?? null,
    protocolVersion: result.protocolVersion ?? null,
    listenAddrs: result.listenAddrs.map(String),
    observedAddr: result.observedAddr?.toString() ?? null,
    signedPeerRecord: result.signedPeerRecord != null
  }
}

/** A peer id, or a multiaddr when the text starts with "/". */
function target (text) {
  if (typeof text !== 'string' || text === '') {
    throw new Error('"peer" must be a peer id or a multiaddr')
  }
  return text.startsWith('/') ? multiaddr(text) : peerIdFromString(text)
}

function required (command, field, type) {
  if (typeof command[field] !== type) {
    throw new Error(`"${field}" must be a ${type}`)
  }
  return command[field]
}

function openConnection (command) {
  const id = peerIdFromString(required(command, 'peer', 'string'))
  const connection = node.getConnections(id).find(c => c.status === 'open')
  if (connection === undefined) {
    throw new Error(`not connected to ${id}`)
  }
  return { id, connection }
}

const commands = {
  async dial (command, signal) {
    const connection = await node.dial(multiaddr(required(command, 'addr', 'string')), { signal })
    return { peer: connection.remotePeer.toString(), remoteAddr: connection.remoteAddr.toString() }
  },
  async hangup (command, signal) {
    await node.hangUp(target(command.peer), { signal })
    return {}
  },
  async ping (command, signal) {
    return { rtt: await node.services.ping.ping(target(command.peer), { signal }) }
  },
  async peers () {
    const byPeer = new Map()
    for (const connection of node.getConnections()) {
      const peer = connection.remotePeer.toString()
      if (!byPeer.has(peer)) {
        byPeer.set(peer, { peer, addrs: [], connections: [] })
      }
      const entry = byPeer.get(peer)
      entry.addrs.push(connection.remoteAddr.toString())
      entry.connections.push({
        remoteAddr: connection.remoteAddr.toString(),
        direction: connection.direction,
        encryption: connection.encryption ?? null,
        multiplexer: connection.multiplexer ?? null,
        status: connection.status
      })
    }
    return { peers: [...byPeer.values()] }
  },
  /** Runs identify over the open connection now, then reports what the peer store holds about the peer. */
  async identify (command, signal) {
    const { id, connection } = openConnection(command)
    const result = await node.services.identify.identify(connection, { signal })
    const stored = await node.peerStore.get(id)
    const metadata = key => stored.metadata.has(key) ? text.decode(stored.metadata.get(key)) : null
    return {
      ...identifyView(result),
      protocols: stored.protocols,
      agentVersion: metadata('AgentVersion'),
      protocolVersion: metadata('ProtocolVersion'),
      peerStoreAddrs: stored.addresses.map(a => a.multiaddr.toString())
    }
  },
  async subscribe (command) {
    pubsub.subscribe(required(command, 'topic', 'string'))
    return {}
  },
  async unsubscribe (command) {
    pubsub.unsubscribe(required(command, 'topic', 'string'))
    return {}
  },
  async publish (command) {
    const data = Buffer.from(required(command, 'data', 'string'), 'base64')
    const { recipients } = await pubsub.publish(required(command, 'topic', 'string'), data)
    return { recipients: recipients.map(String) }
  },
  async meshPeers (command) {
    return { peers: pubsub.getMeshPeers(required(command, 'topic', 'string')) }
  },
  async subscribers (command) {
    return { peers: pubsub.getSubscribers(required(command, 'topic', 'string')).map(String) }
  },
  async echo (command, signal) {
    const data = Buffer.from(required(command, 'data', 'string'), 'base64')
    const reply = await echo(node, target(command.peer), data, signal)
    return { data: Buffer.from(reply).toString('base64') }
  },
  async streamBench (command, signal) {
    const bytes = required(command, 'bytes', 'number')
    if (!Number.isSafeInteger(bytes) || bytes <= 0) {
      throw new Error('"bytes" must be a positive integer')
    }
    const ms = await writeToSink(node, target(command.peer), bytes, signal)
    return { bytes, ms, mbPerSecond: bytes / 1e6 / (ms / 1000) }
  },
  async stop () {
    setImmediate(shutdown)
    return {}
  }
}

async function run (line) {
  let command
  try {
    command = JSON.parse(line)
  } catch (err) {
    send({ id: null, error: `not a JSON line: ${err.message}` })
    return
  }
  const id = command?.id ?? null
  try {
    const handler = Object.hasOwn(commands, command?.cmd) ? commands[command.cmd] : undefined
    if (handler === undefined) {
      throw new Error(`unknown command ${JSON.stringify(command?.cmd)}; known: ${Object.keys(commands).join(', ')}`)
    }
    const defaultTimeout = command.cmd === 'streamBench' ? STREAM_BENCH_TIMEOUT_MS : DEFAULT_TIMEOUT_MS
    const signal = AbortSignal.timeout(command.timeoutMs ?? defaultTimeout)
    send({ id, result: await handler(command, signal) })
  } catch (err) {
    send({ id, error: `${err.name}: ${err.message}` })
  }
}

let stopping = false
async function shutdown () {
  if (stopping) {
    return
  }
  stopping = true
  try {
    await node.stop()
  } finally {
    process.exit(0)
  }
}

// A failure inside libp2p that no command awaits is reported, not fatal: the test decides what it means.
process.on('unhandledRejection', err => {
  console.error('unhandled rejection', err)
  send({ event: 'error', error: String(err?.stack ?? err) })
})
process.on('SIGTERM', shutdown)
process.stdout.on('error', shutdown) // the reader went away

createInterface({ input: process.stdin })
  .on('line', line => { if (line.trim() !== '') run(line) })
  .on('close', shutdown)

send({ event: 'ready', peerId: node.peerId.toString(), addrs: node.getMultiaddrs().map(String) })
