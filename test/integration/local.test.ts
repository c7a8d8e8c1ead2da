// The `local` provider in the real extension host: the runtime downloaded from the test registry
// (the real published tarballs, hash-checked and unpacked by Inkwell into global storage), then the
// tiny generated GGUF model loaded by llama.cpp and streamed into Continue, Rewrite and Brainstorm.
// The model's words mean nothing: these tests check plumbing — text, usage, cancel, errors.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GenerationResult } from '../../src/core/types';
import manifest from '../../src/extension/connection/local/runtimePackages.json';
import { writeTinyModel } from '../gguf/tinyModel.mjs';
import { TestRegistry } from '../gguf/testRegistry';
import { closeAllEditors, extension, useUserSettings, waitFor, workspaceFolder } from './helpers';

const root = path.resolve(__dirname, '../../..');
const tarballs = path.join(root, `.cache/llama-runtime-${manifest.version}/tarballs`);
const modelDir = fs.mkdtempSync(path.join(os.tmpdir(), 'inkwell-local-model-'));
/** Answers run to their token limit (or a cancel) with this one… */
const tinyModel = writeTinyModel(path.join(modelDir, 'tiny.gguf'));
/** …and end by themselves within three words with this one. */
const stoppingModel = writeTinyModel(path.join(modelDir, 'tiny-stops.gguf'), { stops: true });
const ANSWER_TOKENS = 40;
let copies = 0;

async function openCopy(fixture: string) {
  const folder = workspaceFolder().uri.fsPath;
  const file = path.join(folder, `local-${++copies}-${fixture}`);
  fs.copyFileSync(path.join(folder, fixture), file);
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  return { document, editor, original: document.getText() };
}

function cursorAfter(editor: vscode.TextEditor, marker: string): number {
  const offset = editor.document.getText().indexOf(marker) + marker.length;
  const position = editor.document.positionAt(offset);
  editor.selection = new vscode.Selection(position, position);
  return offset;
}

const run = (command: string, args: object = {}) => vscode.commands.executeCommand<GenerationResult>(command, args);

suite('Local model (llama.cpp in the extension host)', function () {
  let registry: TestRegistry;
  let restore: () => Promise<void>;

  suiteSetup(async function () {
    if (!fs.existsSync(tarballs)) this.skip();
    await extension().activate();
    registry = await new TestRegistry(tarballs).start();
    restore = await useUserSettings({ provider: 'local', 'local.modelPath': tinyModel, 'local.registry': registry.url, temperature: 0, maxOutputTokens: ANSWER_TOKENS });
  });

  suiteTeardown(async () => {
    await restore?.();
    await registry?.stop();
    await closeAllEditors();
  });

  test('before the runtime is downloaded, Continue Draft fails with not-confirmed and downloads nothing', async () => {
    const { document, editor, original } = await openCopy('continue-english.md');
    cursorAfter(editor, 'fail tonight.');
    const result = await run('inkwell.continueDraft');
    assert.equal(result.outcome, 'failed');
    assert.equal(result.errorCode, 'not-confirmed');
    assert.match(result.error ?? '', /llama\.cpp runtime/);
    assert.equal(document.getText(), original);
    assert.equal(registry.requests.length, 0, 'nothing was fetched without consent');
    await closeAllEditors();
  });

  test('Download the Local Model Runtime fetches every package from the registry and installs it', async function () {
    this.timeout(300_000);
    assert.equal(await vscode.commands.executeCommand('inkwell.downloadLocalRuntime', {}), true);
    const fetched = new Set(registry.requests.map((request) => request.path));
    const expected = new Set([...manifest.packages, manifest.binaries[`${process.platform}-${process.arch}` as keyof typeof manifest.binaries]].map((item) => `${item.name}@${item.version}`));
    assert.equal(fetched.size, expected.size, 'one download per package');
  });

  test('Continue Draft streams the local model into a pending continuation, with usage, and reject restores the text', async function () {
    this.timeout(120_000);
    const { document, editor, original } = await openCopy('continue-english.md');
    const cursor = cursorAfter(editor, 'fail tonight.');
    const result = await run('inkwell.continueDraft');
    assert.equal(result.outcome, 'done', result.error);
    assert.equal(result.finishReason, 'length');
    assert.equal(result.usage?.completionTokens, ANSWER_TOKENS);
    assert.ok((result.usage?.promptTokens ?? 0) > 20, 'the prompt was counted by the model’s tokenizer');
    assert.ok(result.text.trim().length > 0);
    assert.equal(document.getText().slice(cursor, cursor + result.text.length), result.text, 'the pending text is in the document at the cursor');
    await vscode.commands.executeCommand('inkwell.rejectSuggestion');
    assert.equal(document.getText(), original);
    await closeAllEditors();
  });

  test('Other version asks the local model again and resolves with its GenerationResult', async function () {
    this.timeout(120_000);
    const { document, editor, original } = await openCopy('continue-english.md');
    const cursor = cursorAfter(editor, 'fail tonight.');
    const first = await run('inkwell.continueDraft');
    assert.equal(first.outcome, 'done', first.error);
    const other = await vscode.commands.executeCommand<GenerationResult>('inkwell.nextAlternative');
    assert.equal(other.outcome, 'done', other.error);
    assert.equal(other.usage?.completionTokens, ANSWER_TOKENS);
    assert.equal(document.getText().slice(cursor, cursor + other.text.length), other.text, 'the other version is the pending text');
    await vscode.commands.executeCommand('inkwell.rejectSuggestion');
    assert.equal(document.getText(), original);
    await closeAllEditors();
  });

  test('Select Model with provider local and a file sets inkwell.local.modelPath in the user settings', async () => {
    const restoreModel = await useUserSettings({ 'local.modelPath': '' });
    try {
      assert.equal(await vscode.commands.executeCommand('inkwell.selectModel', { model: stoppingModel }), stoppingModel);
      assert.equal(vscode.workspace.getConfiguration('inkwell').inspect('local.modelPath')?.globalValue, stoppingModel);
    } finally {
      await restoreModel();
    }
  });

  test('cancel mid-stream stops the model at once and keeps what arrived pending', async function () {
    this.timeout(120_000);
    const restoreLength = await useUserSettings({ maxOutputTokens: 4000 });
    const { document, editor, original } = await openCopy('continue-english.md');
    cursorAfter(editor, 'fail tonight.');
    let result: GenerationResult;
    try {
      const running = run('inkwell.continueDraft');
      await waitFor('the first text from the model', () => document.getText() !== original, 60_000);
      await vscode.commands.executeCommand('inkwell.cancel');
      result = await running;
    } finally {
      await restoreLength();
    }
    assert.equal(result.outcome, 'cancelled');
    assert.ok(result.text.length > 0 && result.text.length < 4000, `${result.text.length} characters arrived`);
    assert.ok(document.getText().includes(result.text), 'what arrived stays in the document');
    // The model is free again: the next generation runs, not queued behind the cancelled one.
    await vscode.commands.executeCommand('inkwell.rejectSuggestion');
    assert.equal(document.getText(), original);
    const next = await run('inkwell.continueDraft');
    assert.equal(next.outcome, 'done', next.error);
    assert.equal(next.usage?.completionTokens, ANSWER_TOKENS);
    await vscode.commands.executeCommand('inkwell.rejectSuggestion');
    await closeAllEditors();
  });

  test('Rewrite Selection opens a review of the local model’s rewrite; accepting applies it', async function () {
    this.timeout(120_000);
    const restoreModel = await useUserSettings({ 'local.modelPath': stoppingModel });
    const { document, editor, original } = await openCopy('rewrite-english.md');
    const passage = 'Nobody on deck said a word.';
    const start = original.indexOf(passage);
    editor.selection = new vscode.Selection(document.positionAt(start), document.positionAt(start + passage.length));
    const result = await run('inkwell.rewriteSelection', { variant: 'rephrase' });
    await restoreModel();
    assert.equal(result.outcome, 'done', result.error);
    assert.equal(result.finishReason, 'stop', 'the model ended its answer itself');
    assert.ok(result.text.trim().length > 0);
    assert.equal(document.getText(), original, 'the document is unchanged while the review is open');
    await vscode.commands.executeCommand('inkwell.acceptSuggestion');
    await waitFor('the accepted rewrite', () => document.getText() !== original);
    assert.equal(document.getText(), original.slice(0, start) + result.text + original.slice(start + passage.length));
    await closeAllEditors();
  });

  test('Brainstorm runs on the local model and resolves with ideas', async function () {
    this.timeout(120_000);
    const restoreModel = await useUserSettings({ 'local.modelPath': stoppingModel });
    const result = await vscode.commands.executeCommand<GenerationResult & { ideas: string[] }>('inkwell.brainstorm', { category: 'names', topic: 'a lighthouse keeper', count: 3 });
    await restoreModel();
    assert.equal(result.outcome, 'done', result.error);
    assert.equal(result.finishReason, 'stop');
    assert.ok(result.ideas.length >= 1 && result.ideas.every((idea) => idea.trim() === idea && idea.length > 0), JSON.stringify(result.ideas));
    const completion = result.usage?.completionTokens ?? 0;
    assert.ok(completion > 0 && completion < ANSWER_TOKENS, `${completion} tokens`);
  });

  test('a missing model file fails with model-not-found and names the file; a broken one never reaches llama.cpp', async function () {
    this.timeout(120_000);
    const missing = path.join(modelDir, 'gone.gguf');
    const broken = writeTinyModel(path.join(modelDir, 'broken.gguf'), { omit: ['llama.attention.head_count'] });
    const { document, editor, original } = await openCopy('continue-english.md');
    cursorAfter(editor, 'fail tonight.');
    for (const [file, pattern] of [
      [missing, /gone\.gguf/],
      [broken, /broken\.gguf.*llama\.attention\.head_count/],
    ] as const) {
      const restoreModel = await useUserSettings({ 'local.modelPath': file });
      try {
        const result = await run('inkwell.continueDraft');
        assert.equal(result.outcome, 'failed');
        assert.equal(result.errorCode, 'model-not-found');
        assert.match(result.error ?? '', pattern);
        assert.equal(document.getText(), original);
      } finally {
        await restoreModel();
      }
    }
    // The extension host is still alive and the good model loads again.
    const result = await run('inkwell.continueDraft');
    assert.equal(result.outcome, 'done', result.error);
    await vscode.commands.executeCommand('inkwell.rejectSuggestion');
    await closeAllEditors();
  });

  test('with provider auto, a configured local model is preferred to everything else', async function () {
    this.timeout(120_000);
    const restoreAuto = await useUserSettings({ provider: 'auto' });
    try {
      const { editor } = await openCopy('continue-english.md');
      cursorAfter(editor, 'fail tonight.');
      const result = await run('inkwell.continueDraft');
      assert.equal(result.outcome, 'done', result.error);
      assert.equal(result.usage?.completionTokens, ANSWER_TOKENS);
      await vscode.commands.executeCommand('inkwell.rejectSuggestion');
      await closeAllEditors();
    } finally {
      await restoreAuto();
    }
  });
});
