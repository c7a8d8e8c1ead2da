// Every string a writer can see exists in English and in real Simplified Chinese: the English bundle
// is extracted from the sources the way `@vscode/l10n-dev export` does, so a new string without a
// translation fails here.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { getL10nJson } from '@vscode/l10n-dev';

const root = path.resolve(__dirname, '../..');
const han = /\p{Script=Han}/u;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}

function readJson(file: string): Record<string, string | { message: string }> {
  return JSON.parse(readFileSync(path.join(root, file), 'utf8'));
}

const text = (value: string | { message: string }) => (typeof value === 'string' ? value : value.message);

/** A value is a real translation when it has Chinese characters, or is a name kept as it is. */
function assertTranslated(key: string, english: string, chinese: string | undefined, keepAsIs: Set<string>) {
  assert.ok(chinese !== undefined, `no Chinese for ${JSON.stringify(key)}`);
  const placeholders = (s: string) => (s.match(/`#[\w.]+#`|\{\d+\}/g) ?? []).sort();
  assert.deepEqual(placeholders(chinese), placeholders(english), `placeholders or setting links differ in ${JSON.stringify(key)}`);
  if (keepAsIs.has(english)) return;
  assert.ok(han.test(chinese), `not translated: ${JSON.stringify(key)} → ${JSON.stringify(chinese)}`);
}

const names = new Set(['Inkwell']);

test('every vscode.l10n.t string in the code has a Chinese translation', async () => {
  const files = sourceFiles(path.join(root, 'src/extension'));
  const english = await getL10nJson(files.map((file) => ({ contents: readFileSync(file, 'utf8'), extension: path.extname(file) })));
  const chinese = readJson('l10n/bundle.l10n.zh-cn.json');
  assert.ok(Object.keys(english).length > 0, 'no strings found: is the extraction broken?');
  for (const [key, value] of Object.entries(english)) assertTranslated(key, text(value), chinese[key] && text(chinese[key]), names);
});

test('the Chinese bundle holds no stale keys', async () => {
  const files = sourceFiles(path.join(root, 'src/extension'));
  const english = await getL10nJson(files.map((file) => ({ contents: readFileSync(file, 'utf8'), extension: path.extname(file) })));
  const stale = Object.keys(readJson('l10n/bundle.l10n.zh-cn.json')).filter((key) => !(key in english));
  assert.deepEqual(stale, []);
});

test('every manifest string has a Chinese translation, with the same placeholders and setting links', () => {
  const english = readJson('package.nls.json');
  const chinese = readJson('package.nls.zh-cn.json');
  assert.deepEqual(Object.keys(chinese).sort(), Object.keys(english).sort());
  for (const [key, value] of Object.entries(english)) assertTranslated(key, text(value), text(chinese[key]), names);
});

test('every %key% the manifest uses is defined', () => {
  const manifest = readFileSync(path.join(root, 'package.json'), 'utf8');
  const english = readJson('package.nls.json');
  const used = [...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
  assert.deepEqual(used.filter((key) => !(key in english)), []);
});
