// The connection stack both the test peer and the benchmark run: TCP, Noise, Yamux.
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { tcp } from '@libp2p/tcp'

export function connectionStack (listen) {
  return {
    addresses: { listen: [listen] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionManager: {
      // js-libp2p accepts 5 inbound connections per second from one host by default; tests and the
      // handshake benchmark reconnect from 127.0.0.1 much faster than that.
      inboundConnectionThreshold: 10_000,
      maxIncomingPendingConnections: 64,
      maxConnections: 1024
    }
  }
}
