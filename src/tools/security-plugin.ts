/**
 * What the built app ships to lock itself down, and what its servers accept:
 * - a strict Content-Security-Policy: as a <meta> tag in the built index.html (so any static host serves
 *   it) and as a header of `vite preview` (which also covers the workers' scripts, and can say
 *   frame-ancestors, which a <meta> policy cannot). Not in `vite dev`: its hot reload injects inline
 *   scripts that this policy refuses.
 * - long links: Node's HTTP server answers 431 to a request line over 16 KB, before the page can read the
 *   link and say that it only reads the first 8,192 characters; dev and preview accept up to 2.5 MiB
 *   (Chromium sends URLs of up to 2 MiB).
 *
 * Why each source is allowed: scripts and workers come from the app's own files ('self'; both also
 * blob:, for the threaded wasm backend's pthreads and the glue script they import); tfjs's wasm
 * backend compiles WebAssembly ('wasm-unsafe-eval'; never 'unsafe-eval'); React sets style attributes
 * and KaTeX positions glyphs with inline styles ('unsafe-inline' for styles only); KaTeX's fonts and
 * images are files or data: URLs; the page fetches only its own data; no plugins, no <base>, no forms.
 */
import type { Plugin } from 'vite';

const DIRECTIVES: readonly [string, string][] = [
  ['default-src', "'self'"],
  // blob: because each pthread worker of tfjs's threaded wasm build loads the emscripten glue with
  // importScripts() of a Blob URL (workers/wasm-threads.ts); without it those threads fail to start
  ['script-src', "'self' 'wasm-unsafe-eval' blob:"],
  // blob: for the pthread workers of tfjs's threaded wasm build (it makes their script a Blob URL), which
  // runs once the page is cross-origin isolated; the app's own workers are files
  ['worker-src', "'self' blob:"],
  ['connect-src', "'self'"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['font-src', "'self' data:"],
  ['img-src', "'self' data:"],
  ['manifest-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
];

/** The policy of the built page (<meta> form: frame-ancestors is ignored there, so it is left out). */
const CONTENT_SECURITY_POLICY = DIRECTIVES.map(([k, v]) => `${k} ${v}`).join('; ');

/** The policy as a response header: the same, and no page may frame this one. */
export const CONTENT_SECURITY_POLICY_HEADER = `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;

/** Largest request head the dev and preview servers read (Node's default is 16 KiB). */
const MAX_REQUEST_HEADER_BYTES = 2.5 * 1024 * 1024;

/** Raises the request-head limit of Vite's HTTP server (read by Node for each new connection). */
function acceptLongLinks(httpServer: unknown): void {
  if (httpServer && typeof httpServer === 'object' && 'maxHeaderSize' in httpServer) {
    (httpServer as { maxHeaderSize: number }).maxHeaderSize = MAX_REQUEST_HEADER_BYTES;
  }
}

export function securityPlugin(): Plugin {
  return {
    name: 't6-security',
    transformIndexHtml: {
      order: 'pre',
      handler(_html, ctx) {
        if (ctx.server) return []; // vite dev: hot reload needs inline scripts
        return [
          {
            tag: 'meta',
            attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
            injectTo: 'head-prepend',
          },
        ];
      },
    },
    configureServer(server) {
      acceptLongLinks(server.httpServer);
    },
    configurePreviewServer(server) {
      acceptLongLinks(server.httpServer);
    },
  };
}
