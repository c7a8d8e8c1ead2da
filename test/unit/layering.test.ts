// The layering is enforced by ESLint's rules (eslint.config.mjs): each layer's forbidden imports are
// reported, what it may import is not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ESLint } from 'eslint';

const eslint = new ESLint();

async function importProblems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = [x];\n`, { filePath });
  return result!.messages.filter((message) => message.ruleId === '@typescript-eslint/no-restricted-imports').map((message) => message.message);
}

test('src/core may not import vscode, the editor layer, the page or Node built-ins', async () => {
  for (const line of [
    "import * as x from 'vscode';",
    "import type * as x from 'vscode';",
    "import { x } from '../extension/services';",
    "import { x } from '../webview/icons';",
    "import { readFileSync as x } from 'node:fs';",
    "import { readFile as x } from 'fs/promises';",
    "import { spawn as x } from 'child_process';",
    "import { join as x } from 'node:path';",
  ]) {
    const problems = await importProblems('src/core/probe.ts', line);
    assert.equal(problems.length, 1, line);
    assert.match(problems[0]!, /src\/core runs in Node, the web extension host and the webview/);
  }
});

test('src/core may import its own modules, pure packages and types of lazily loaded ones', async () => {
  for (const line of ["import { x } from './tokens';", "import { diffArrays as x } from 'diff';", "import type * as x from 'yaml';"]) {
    assert.deepEqual(await importProblems('src/core/probe.ts', line), [], line);
  }
});

test('the webview imports only its own modules and the core', async () => {
  for (const line of ["import * as x from 'vscode';", "import { x } from '../extension/services';", "import { randomBytes as x } from 'node:crypto';", "import { diffArrays as x } from 'diff';"]) {
    assert.equal((await importProblems('src/webview/probe.ts', line)).length, 1, line);
  }
  for (const line of ["import { MAX_COUNT as x } from '../core/brainstormProtocol';", "import { icon as x } from './icons';"]) {
    assert.deepEqual(await importProblems('src/webview/probe.ts', line), [], line);
  }
});

test('the extension loads openai and yaml only on first use, and never imports the page', async () => {
  for (const line of ["import x from 'openai';", "import * as x from 'yaml';", "import { x } from '../webview/icons';"]) {
    assert.equal((await importProblems('src/extension/probe.ts', line)).length, 1, line);
  }
  for (const line of ["import type x from 'openai';", "import * as x from 'vscode';", "import { readFile as x } from 'node:fs/promises';"]) {
    assert.deepEqual(await importProblems('src/extension/probe.ts', line), [], line);
  }
});
