import { defineConfig } from 'vitest/config';

// The page is served by the node (org.aegis.dashboard) from the bundle's web/ folder: index.html at /,
// everything else content-hashed under /assets/ (cached forever by the node's servlet).
export default defineConfig({
  base: '/',
  build: {
    outDir: '../target/classes/web',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: false,
    // uPlot and the page together stay well under Vite's warning threshold; no code splitting needed.
    modulePreload: { polyfill: false },
  },
  server: {
    // `npm run dev` against a node on the default port: the API and the stream are proxied.
    proxy: {
      '/api': 'http://127.0.0.1:8003',
      '/v1': 'http://127.0.0.1:8003',
      '/ws': { target: 'ws://127.0.0.1:8003', ws: true },
    },
  },
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
  },
});
