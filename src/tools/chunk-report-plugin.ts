import type { Plugin } from 'vite';

export interface ChunkInfo {
  isEntry: boolean;
  imports: string[];
  dynamicImports: string[];
  css: string[];
  modules: string[];
}

/**
 * Writes dist/.vite/chunk-report.json: for every JS chunk of the page build, its static and dynamic
 * imports, its CSS and the source modules inside it. src/tools/report-bundle-size.mjs reads it to measure
 * exactly what the first screen loads and to prove tfjs is not part of it.
 */
export function chunkReport(): Plugin {
  return {
    name: 't6-chunk-report',
    apply: 'build',
    generateBundle(_options, bundle) {
      const report: Record<string, ChunkInfo> = {};
      for (const [file, out] of Object.entries(bundle)) {
        if (out.type !== 'chunk') continue;
        report[file] = {
          isEntry: out.isEntry,
          imports: out.imports,
          dynamicImports: out.dynamicImports,
          css: [...(out.viteMetadata?.importedCss ?? [])],
          modules: Object.keys(out.modules),
        };
      }
      this.emitFile({
        type: 'asset',
        fileName: '.vite/chunk-report.json',
        source: JSON.stringify(report, null, 1),
      });
    },
  };
}
