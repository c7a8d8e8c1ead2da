// `npm run typecheck`: each layer against its own tsconfig (the core without `vscode`, the DOM or
// Node; the webview without Node; the extension without the DOM), then everything with the tests.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PROJECTS = ['src/core', 'src/webview', 'src/extension', '.'];
// TypeScript 7's compiler; the package named `typescript` is TypeScript 6's API, for ESLint.
const tsc = path.join(root, 'node_modules/@typescript/native/bin/tsc');

let failed = 0;
for (const project of PROJECTS) {
  const result = spawnSync(process.execPath, [tsc, '--noEmit', '-p', project], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`type check of ${project === '.' ? 'the whole project' : project} failed`);
    failed += 1;
  }
}
process.exit(failed ? 1 : 0);
