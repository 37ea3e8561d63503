// js-libp2p to js-libp2p on loopback, the reference the Java transport is compared with:
//   stream throughput  bytes written to /aegis/sink/1.0.0 over one TCP + Noise + Yamux connection
//   handshakes         full connection establishments (TCP, multistream-select, Noise XX, Yamux)
// The listening node runs in a second Node.js process, as a remote peer would: each side has its own
// event loop.
//
//   node --import ./polyfill.mjs bench.mjs OUT.json [--stream-mib 256] [--runs 3] [--handshake-seconds 8]
//                                                   [--concurrency 4]
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import { dirname } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { handleTestProtocols, writeToSink } from './protocols.mjs'
import { connectionStack } from './stack.mjs'

const USAGE = 'usage: node --import ./polyfill.mjs bench.mjs OUT.json [--stream-mib 256] [--runs 3] ' +
  '[--handshake-seconds 8] [--concurrency 4]'

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'stream-mib': { type: 'string', default: '256' },
    runs: { type: 'string', default: '3' },
    'handshake-seconds': { type: 'string', default: '8' },
    concurrency: { type: 'string', default: '4' },
    serve: { type: 'boolean', default: false } // internal: run as the listening process
  }
})

function positiveInteger (name) {
  const value = Number(options[name])
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`--${name} must be a positive integer`)
  }
  return value
}

const streamBytes = positiveInteger('stream-mib') * 1024 * 1024
const runs = positiveInteger('runs')
const handshakeMs = positiveInteger('handshake-seconds') * 1000
const concurrency = positiveInteger('concurrency')

/** A node with only the connection stack and the test protocols, so nothing else runs on a new connection. */
async function benchNode () {
  const node = await createLibp2p({
    ...connectionStack('/ip4/127.0.0.1/tcp/0'),
    connectionMonitor: { enabled: false }
  })
  await handleTestProtocols(node)
  return node
}

/** The listening side: prints its address, serves until stdin closes. */
async function serve () {
  const node = await benchNode()
  process.stdout.write(node.getMultiaddrs()[0].toString() + '\n')
  process.stdin.resume()
  await once(process.stdin, 'end')
  await node.stop()
}

async function startListener () {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--serve'],
    { stdio: ['pipe', 'pipe', 'inherit'] })
  const exited = once(child, 'exit').then(([code]) => { throw new Error(`listener exited with ${code}`) })
  const [line] = await Promise.race([once(createInterface({ input: child.stdout }), 'line'), exited])
  exited.catch(() => {}) // from here on the exit is awaited by stop()
  return {
    address: multiaddr(line),
    async stop () {
      child.stdin.end()
      await once(child, 'exit')
    }
  }
}

async function streamThroughput (target) {
  const writer = await benchNode()
  try {
    await writeToSink(writer, target, 16 * 1024 * 1024) // warm-up: JIT, buffers, Yamux windows
    const results = []
    for (let run = 0; run < runs; run++) {
      const ms = await writeToSink(writer, target, streamBytes)
      results.push({ ms: round(ms), mbPerSecond: round(streamBytes / 1e6 / (ms / 1000)) })
    }
    const best = results.reduce((a, b) => (b.mbPerSecond > a.mbPerSecond ? b : a))
    return {
      protocol: '/aegis/sink/1.0.0',
      bytesPerRun: streamBytes,
      runs: results,
      bestMbPerSecond: best.mbPerSecond,
      bestMibPerSecond: round(streamBytes / 2 ** 20 / (best.ms / 1000))
    }
  } finally {
    await writer.stop()
  }
}

/** `dialers` nodes each open and close connections to `target`, one after another, for `durationMs`. */
async function handshakes (target, dialers, durationMs) {
  const nodes = await Promise.all(Array.from({ length: dialers }, benchNode))
  try {
    for (const node of nodes) { // warm-up
      await (await node.dial(target, { force: true })).close()
    }
    const latencies = []
    const started = performance.now()
    const deadline = started + durationMs
    await Promise.all(nodes.map(async node => {
      while (performance.now() < deadline) {
        const before = performance.now()
        // force: a new connection each time, never the open one to the same peer
        const connection = await node.dial(target, { force: true })
        latencies.push(performance.now() - before)
        await connection.close()
      }
    }))
    const seconds = (performance.now() - started) / 1000
    latencies.sort((a, b) => a - b)
    const percentile = p => round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))])
    return {
      concurrency: dialers,
      handshakes: latencies.length,
      seconds: round(seconds),
      perSecond: round(latencies.length / seconds),
      dialMs: { p50: percentile(0.5), p90: percentile(0.9), p99: percentile(0.99), max: round(latencies.at(-1)) }
    }
  } finally {
    await Promise.all(nodes.map(node => node.stop()))
  }
}

function round (value) {
  return Math.round(value * 100) / 100
}

async function versions () {
  const names = ['libp2p', '@chainsafe/libp2p-noise', '@chainsafe/libp2p-yamux', '@libp2p/tcp']
  const entries = await Promise.all(names.map(async name => {
    const json = JSON.parse(await readFile(new URL(`./node_modules/${name}/package.json`, import.meta.url)))
    return [name, json.version]
  }))
  return Object.fromEntries(entries)
}

function machine () {
  const cpus = os.cpus()
  return {
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpuModel: cpus[0]?.model ?? 'unknown',
    cpus: cpus.length,
    memoryGiB: round(os.totalmem() / 2 ** 30),
    loadAverage: os.loadavg().map(round)
  }
}

async function benchmark (out) {
  const listener = await startListener()
  try {
    const startedAt = new Date().toISOString()
    const machineBefore = machine()
    const throughput = await streamThroughput(listener.address)
    const sequential = await handshakes(listener.address, 1, handshakeMs)
    const concurrent = await handshakes(listener.address, concurrency, handshakeMs)
    const report = {
      benchmark: 'libp2p-js',
      description: 'js-libp2p to js-libp2p over TCP + Noise + Yamux on 127.0.0.1, dialer and listener in two ' +
        'Node.js processes; MB = 10^6 bytes',
      startedAt,
      node: process.version,
      packages: await versions(),
      machine: machineBefore,
      loadAverageAfter: os.loadavg().map(round),
      streamThroughput: throughput,
      handshakes: { sequential, concurrent }
    }
    await mkdir(dirname(out), { recursive: true })
    await writeFile(out, JSON.stringify(report, null, 2) + '\n')
    console.log(`stream: best ${throughput.bestMbPerSecond} MB/s over ${runs} x ${streamBytes / 2 ** 20} MiB; ` +
      `handshakes: ${sequential.perSecond}/s sequential, ${concurrent.perSecond}/s with ${concurrency} dialers; ` +
      `written to ${out}`)
  } finally {
    await listener.stop()
  }
}

if (options.serve) {
  await serve()
} else if (positionals.length === 1) {
  await benchmark(positionals[0])
} else {
  console.error(USAGE)
  process.exitCode = 2
}
