/**
 * Offline use and installation (vite-plugin-pwa with Workbox): after one visit, the built app reloads and
 * trains without a network, and browsers can install it.
 *
 * Precached (downloaded once, in the background, on the first visit): every built script, style sheet
 * and worker, the three tfjs wasm binaries, KaTeX's woff2 fonts (the format every browser that runs this
 * app reads; the woff/ttf copies are left out), the training corpus (data/), the pretrained sweep's
 * manifest (pretrained/manifest.json: every chart of the quality panel) and the app icons.
 * Not precached: the pretrained checkpoints (pretrained/*.bin, about 0.7-1 MB each, only read by panels
 * that load trained weights): each is cached the first time it is fetched, and is there offline from
 * then on. The README's screenshot is not part of the app.
 *
 * The service worker is registered by a script file (no inline script, as the CSP requires), only in the
 * build: `vite dev` registers none.
 */
import { VitePWA } from 'vite-plugin-pwa';
import type { PluginOption } from 'vite';

/** Larger than the model worker's bundle (about 1.9 MB), the largest file to precache. */
const MAX_PRECACHED_FILE_BYTES = 4 * 1024 * 1024;

export function offlinePlugin(): PluginOption {
  return VitePWA({
    registerType: 'autoUpdate',
    injectRegister: 'script-defer',
    includeAssets: ['icons/*.png'],
    manifest: {
      name: 'T6 Playground: Tensor Product Attention, explained',
      short_name: 'T6 Playground',
      description:
        'KV-cache memory, factors, RoPE and quality of MHA, MQA, GQA, MLA and Tensor Product Attention, with a small T6 that trains in the browser.',
      start_url: '.',
      scope: '.',
      display: 'standalone',
      background_color: '#181f38',
      theme_color: '#181f38',
      icons: [
        { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
        { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
        { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
    },
    workbox: {
      globPatterns: ['**/*.{html,js,css,wasm,woff2,txt}', 'data/*.json', 'pretrained/manifest.json'],
      globIgnores: ['readme/**'],
      maximumFileSizeToCacheInBytes: MAX_PRECACHED_FILE_BYTES,
      // every link of the app is index.html with a query (the settings): serve it for any navigation
      navigateFallback: 'index.html',
      cleanupOutdatedCaches: true,
      clientsClaim: true,
      skipWaiting: true,
      runtimeCaching: [
        {
          urlPattern: ({ url }) => url.pathname.includes('/pretrained/') && url.pathname.endsWith('.bin'),
          handler: 'CacheFirst',
          options: { cacheName: 'pretrained-checkpoints', expiration: { maxEntries: 32 } },
        },
      ],
    },
    devOptions: { enabled: false },
  });
}
