// What the extension ships: the production bundles, the .vsix, and the floor they are compared with,
// the `openai` package alone bundled the same way (esbuild, minified, Node, CommonJS).
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import * as esbuild from 'esbuild';

function run(command, args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (data) => (output += data));
    child.stderr.on('data', (data) => (output += data));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${output.slice(-3000)}`))));
  });
}

/** The production build (with the bench's host module) and the .vsix made from it, as `npm run package` does. */
export async function buildAndPackage(root, vsixFile) {
  await run(process.execPath, ['esbuild.mjs', '--production', '--bench'], root);
  await run(process.execPath, [path.join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--out', vsixFile], root);
}

async function openaiAloneBytes(root) {
  const result = await esbuild.build({
    // The package's whole public surface, imported as an ES module the way src/vendor/openai.ts does.
    stdin: { contents: "export * from 'openai';\nexport { default } from 'openai';", resolveDir: root, loader: 'js' },
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].contents;
}

/** What one output of dist/meta.json is made of, by package (Inkwell's own code as "inkwell"), heaviest first. */
function composition(root, output) {
  try {
    const meta = JSON.parse(readFileSync(path.join(root, 'dist/meta.json'), 'utf8'));
    const byPackage = new Map();
    for (const [file, { bytesInOutput }] of Object.entries(meta.outputs[output]?.inputs ?? {})) {
      const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? 'inkwell';
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
    }
    return [...byPackage].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
  } catch {
    return [];
  }
}

export async function measureSizes(root, vsixFile) {
  const size = (file) => statSync(path.join(root, file)).size;
  const openai = await openaiAloneBytes(root);
  return {
    extension: size('dist/extension.js'),
    openai: size('dist/openai.js'),
    webview: size('dist/webview.js'),
    vsix: statSync(vsixFile).size,
    floor: { openaiBundled: openai.length, openaiDeflated: deflateRawSync(openai, { level: 9 }).length },
    composition: {
      extension: composition(root, 'dist/extension.js'),
      webview: composition(root, 'dist/webview.js'),
    },
  };
}
