// The two test protocols AEGIS's libp2p transport is measured and checked with. Any peer (js or Java)
// implements them the same way:
//   /aegis/echo/1.0.0  writes back every byte it reads; closes its write side when the reader's ends.
//   /aegis/sink/1.0.0  reads and discards until the writer closes its write side, then answers with the
//                      number of bytes it read (8 bytes, unsigned big-endian) and closes. The writer
//                      stops its clock on that answer, so a figure covers delivery, not just buffering.

export const ECHO = '/aegis/echo/1.0.0'
export const SINK = '/aegis/sink/1.0.0'

const CHUNK = 64 * 1024

/** Registers both protocols on a started libp2p node. */
export async function handleTestProtocols (node) {
  await node.handle(ECHO, ({ stream }) => {
    stream.sink(stream.source).catch(err => stream.abort(err))
  })
  await node.handle(SINK, ({ stream }) => {
    stream.sink((async function * () {
      let received = 0n
      for await (const chunk of stream.source) {
        received += BigInt(chunk.byteLength)
      }
      yield encodeCount(received)
    })()).catch(err => stream.abort(err))
  })
}

/** Sends `data` over a new echo stream and returns what came back. */
export async function echo (node, target, data, signal) {
  const stream = await node.dialProtocol(target, ECHO, { signal })
  try {
    const [, reply] = await Promise.all([stream.sink([data]), readAll(stream.source)])
    return reply
  } catch (err) {
    stream.abort(err)
    throw err
  }
}

/**
 * Writes `bytes` bytes to the target's sink and waits for its count. Returns the elapsed milliseconds,
 * from before the stream is opened (protocol negotiation included) to the count's arrival.
 */
export async function writeToSink (node, target, bytes, signal) {
  const chunk = new Uint8Array(CHUNK).fill(0x5a)
  const started = performance.now()
  const stream = await node.dialProtocol(target, SINK, { signal })
  try {
    const [, reply] = await Promise.all([stream.sink(chunks(chunk, bytes)), readAll(stream.source)])
    const elapsedMs = performance.now() - started
    if (reply.byteLength !== 8) {
      throw new Error(`sink answered ${reply.byteLength} bytes, expected an 8-byte count`)
    }
    const counted = new DataView(reply.buffer, reply.byteOffset, 8).getBigUint64(0)
    if (counted !== BigInt(bytes)) {
      throw new Error(`sink counted ${counted} bytes, ${bytes} were written`)
    }
    return elapsedMs
  } catch (err) {
    stream.abort(err)
    throw err
  }
}

function * chunks (chunk, bytes) {
  // The same buffer every time: it is never modified, and a fresh one per chunk would measure the allocator.
  for (let left = bytes; left > 0; left -= chunk.byteLength) {
    yield left >= chunk.byteLength ? chunk : chunk.subarray(0, left)
  }
}

function encodeCount (count) {
  const bytes = new Uint8Array(8)
  new DataView(bytes.buffer).setBigUint64(0, count)
  return bytes
}

async function readAll (source) {
  const parts = []
  let length = 0
  for await (const part of source) {
    const bytes = part.subarray()
    parts.push(bytes)
    length += bytes.byteLength
  }
  const all = new Uint8Array(length)
  let offset = 0
  for (const bytes of parts) {
    all.set(bytes, offset)
    offset += bytes.byteLength
  }
  return all
}
