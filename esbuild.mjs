// Builds the extension (Node, CommonJS), the webview (browser), and the `openai` and `yaml` packages
// and the `local` provider as files of their own, so activation never parses them: the extension
// loads each on first use.
import * as esbuild from 'esbuild';
import { mkdir, writeFile } from 'node:fs/promises';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const withTests = process.argv.includes('--tests');
const withBench = process.argv.includes('--bench');

/** `import('openai')` and `import('yaml')` in the extension resolve to dist/openai.js and dist/yaml.js. */
const lazyPackages = ['openai', 'yaml', 'syllable'];
const lazyPackagesAsSeparateFiles = {
  name: 'lazy-packages-as-separate-files',
  setup(build) {
    build.onResolve({ filter: new RegExp(`^(${lazyPackages.join('|')})$`) }, ({ path }) => ({ path: `./${path}.js`, external: true }));
  },
};

/** The local provider's `import('./provider')` resolves to dist/local.js. */
const localProviderAsSeparateFile = {
  name: 'local-provider-as-separate-file',
  setup(build) {
    build.onResolve({ filter: /^\.\/provider$/ }, ({ importer }) =>
      /connection[\\/]local[\\/]index\.ts$/.test(importer) ? { path: './local.js', external: true } : undefined,
    );
  },
};

/**
 * Every `import * as vscode from 'vscode'` goes through one module: otherwise each file gets its own
 * `__toESM(require('vscode'))`, and each copies the whole API object while the extension loads.
 */
const oneVscodeImport = {
  name: 'one-vscode-import',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, ({ namespace }) =>
      namespace === 'vscode-api' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-api' },
    );
    build.onLoad({ filter: /.*/, namespace: 'vscode-api' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
  },
};

/**
 * Errors as `✘ [ERROR] text` over `    file:line:column:`, and in watch mode one `[watch] build started` /
 * `[watch] build finished` pair around each rebuild of all the bundles together: the lines the
 * problem matcher of .vscode/tasks.json reads.
 */
let building = 0;
let errorsThisBuild = 0;
const reportErrors = {
  name: 'report-errors',
  setup(build) {
    build.onStart(() => {
      if (watch && building === 0) console.log('[watch] build started');
      if (building === 0) errorsThisBuild = 0;
      building += 1;
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      errorsThisBuild += result.errors.length;
      building -= 1;
      if (watch && building === 0) console.log(`[watch] build finished (${errorsThisBuild} errors)`);
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  metafile: true,
  logLevel: 'warning',
  legalComments: production ? 'none' : 'inline',
  define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
  plugins: [reportErrors],
};

const targets = [
  {
    ...common,
    entryPoints: { extension: 'src/extension/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [lazyPackagesAsSeparateFiles, localProviderAsSeparateFile, oneVscodeImport, ...common.plugins],
  },
  {
    ...common,
    entryPoints: { local: 'src/extension/connection/local/provider.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [oneVscodeImport, ...common.plugins],
  },
  {
    ...common,
    entryPoints: { openai: 'src/vendor/openai.ts', yaml: 'src/vendor/yaml.ts', syllable: 'src/vendor/syllable.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    ...common,
    entryPoints: { webview: 'src/webview/main.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

if (withTests) {
  targets.push({
    ...common,
    minify: false,
    sourcemap: 'inline',
    entryPoints: ['test/integration/index.ts', 'test/integration/*.test.ts'],
    outdir: 'out/test/integration',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    loader: { '.json': 'json' },
  });
}

// The benchmark's module for the extension host (`npm run bench`); like the suites, never shipped.
if (withBench) {
  targets.push({
    ...common,
    minify: false,
    sourcemap: false,
    entryPoints: { index: 'bench/host/index.ts' },
    outdir: 'out/bench/host',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  });
}

async function main() {
  await mkdir('dist', { recursive: true });
  const contexts = await Promise.all(targets.map((options) => esbuild.context(options)));
  if (watch) {
    await Promise.all(contexts.map((context) => context.watch()));
    return;
  }
  const results = await Promise.all(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
  const inputs = {};
  const outputs = {};
  for (const { metafile } of results) {
    Object.assign(inputs, metafile.inputs);
    Object.assign(outputs, metafile.outputs);
  }
  await writeFile('dist/meta.json', JSON.stringify({ inputs, outputs }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
