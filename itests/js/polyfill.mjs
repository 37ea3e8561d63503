// js-libp2p 2.x dependencies call Promise.withResolvers, which Node 22 has and Node 20 lacks.
// Loaded with `node --import ./polyfill.mjs` before any libp2p module.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers () {
    let resolve, reject
    const promise = new this((res, rej) => { resolve = res; reject = rej })
    return { promise, resolve, reject }
  }
}
