// What Inkwell reads from a workspace (a cloned repository is anyone's): story notes and style files
// are read only when, after links, they are regular files inside the folder and under the size cap,
// and they are read fresh by the command that uses them.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ChatMessage, GenerationResult } from '../../src/core/types';
import { TestModelServer } from '../server/testServer';
import { closeAllEditors, extension, sleep, useUserSettings, workspaceFolder } from './helpers';

const MODEL = 'story-model';
const NOTES = 'Genre: sea story. The keeper is called Orla.';
const SECRET = 'SECRET-OUTSIDE-THE-FOLDER-7f3a';
let server: TestModelServer;

interface ShownPrompt {
  messages: ChatMessage[];
  parts: Array<{ kind: string; text: string }>;
}

const folder = () => workspaceFolder().uri.fsPath;
const inkwell = () => path.join(folder(), '.inkwell');
const notesFile = () => path.join(inkwell(), 'story.md');
/** A directory beside the workspace folder: outside it, as `~/.ssh` is. */
const outside = () => path.join(path.dirname(folder()), 'outside-the-workspace');

function replaceNotes(make: (file: string) => void): void {
  fs.rmSync(notesFile(), { force: true });
  make(notesFile());
}

async function openManuscript(): Promise<vscode.TextEditor> {
  const file = path.join(folder(), `files-${Date.now()}.md`);
  fs.writeFileSync(file, 'The lamp turned all night above the rocks.\n');
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(file)), { preview: false });
  const end = editor.document.positionAt(editor.document.getText().length);
  editor.selection = new vscode.Selection(end, end);
  return editor;
}

async function shownNotes(): Promise<string | undefined> {
  const shown = await vscode.commands.executeCommand<ShownPrompt | undefined>('inkwell.showPrompt', { action: 'continue' });
  assert.ok(shown, 'the prompt is shown');
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  return shown.parts.find((part) => part.kind === 'notes')?.text || undefined;
}

function lastChat() {
  const chats = server.requests.filter((request) => request.path.endsWith('/chat/completions'));
  assert.ok(chats.length > 0, 'a chat request reached the server');
  return chats[chats.length - 1];
}

const sentText = () => (lastChat().body.messages as ChatMessage[]).map((message) => message.content).join('\n');

async function continueDraft(args: Record<string, unknown> = {}): Promise<GenerationResult> {
  server.reply({ chunks: [{ text: ' The tide came in.' }] });
  const result = await vscode.commands.executeCommand<GenerationResult>('inkwell.continueDraft', args);
  await vscode.commands.executeCommand('inkwell.rejectSuggestion');
  return result;
}

suite('Workspace files', function () {
  this.timeout(60_000);
  let restoreSettings: () => Promise<void>;

  suiteSetup(async () => {
    await extension().activate();
    server = await TestModelServer.start({ models: [MODEL] });
    restoreSettings = await useUserSettings({ provider: 'openai-compatible', baseUrl: server.url, model: MODEL });
    fs.mkdirSync(inkwell(), { recursive: true });
    fs.mkdirSync(outside(), { recursive: true });
    fs.writeFileSync(path.join(outside(), 'id_ed25519'), `-----BEGIN OPENSSH PRIVATE KEY-----\n${SECRET}\n`);
    fs.writeFileSync(path.join(outside(), 'style.md'), `---\nid: escaped\n---\nWrite like ${SECRET}.\n`);
  });

  suiteTeardown(async () => {
    await restoreSettings();
    fs.rmSync(inkwell(), { recursive: true, force: true });
    fs.rmSync(outside(), { recursive: true, force: true });
    await closeAllEditors();
    await server.close();
  });

  teardown(async () => {
    await closeAllEditors();
    server.assertAllValid();
  });

  test('story notes are read, and a link to notes inside the folder is followed', async () => {
    await openManuscript();
    replaceNotes((file) => fs.writeFileSync(file, NOTES));
    assert.equal(await shownNotes(), NOTES);
    fs.mkdirSync(path.join(inkwell(), 'drafts'), { recursive: true });
    fs.writeFileSync(path.join(inkwell(), 'drafts', 'notes.md'), `${NOTES} Linked.`);
    replaceNotes((file) => fs.symlinkSync(path.join('drafts', 'notes.md'), file));
    assert.equal(await shownNotes(), `${NOTES} Linked.`);
  });

  test('a story.md linked to a file outside the folder is not read, and nothing of it is sent', async () => {
    await openManuscript();
    replaceNotes((file) => fs.symlinkSync(path.join(outside(), 'id_ed25519'), file));
    assert.equal(await shownNotes(), undefined);
    const result = await continueDraft();
    assert.equal(result.outcome, 'done', 'the continuation goes on without the notes');
    assert.ok(!sentText().includes(SECRET), 'the linked file never reaches the server');
    // A link through a linked directory is followed to where it really is, too.
    fs.symlinkSync(outside(), path.join(inkwell(), 'escape'));
    replaceNotes((file) => fs.symlinkSync(path.join('escape', 'id_ed25519'), file));
    assert.equal(await shownNotes(), undefined);
    fs.rmSync(path.join(inkwell(), 'escape'));
  });

  test('a story.md linked to /dev/zero or made a FIFO is not read, and the command finishes', async () => {
    await openManuscript();
    replaceNotes((file) => fs.symlinkSync('/dev/zero', file));
    assert.equal((await continueDraft()).outcome, 'done');
    assert.ok(!lastChat().body.messages.some((message: ChatMessage) => message.content.includes('\u0000')), 'no bytes of /dev/zero were sent');
    replaceNotes((file) => execFileSync('mkfifo', [file]));
    assert.equal((await continueDraft()).outcome, 'done', 'a FIFO with no writer does not hold the command');
    assert.equal(await shownNotes(), undefined);
  });

  test('story notes over the 1 MB cap are not read; at the cap they are', async () => {
    await openManuscript();
    const paragraph = 'The keeper wrote the weather down every hour. '.repeat(20) + '\n\n';
    const big = paragraph.repeat(Math.ceil((1024 * 1024 + 1) / paragraph.length));
    replaceNotes((file) => fs.writeFileSync(file, big));
    assert.equal(await shownNotes(), undefined, 'a file over the cap is not read');
    const result = await continueDraft();
    assert.equal(result.outcome, 'done');
    assert.ok(!sentText().includes('The keeper wrote the weather down'), 'nothing of it is sent');
    replaceNotes((file) => fs.writeFileSync(file, big.slice(0, 1024 * 1024)));
    assert.ok((await shownNotes())?.startsWith('The keeper wrote the weather down'), 'a file at the cap is read');
  });

  test('a style file linked to a file outside the folder is not a style', async () => {
    const styles = path.join(inkwell(), 'styles');
    fs.mkdirSync(styles, { recursive: true });
    fs.symlinkSync(path.join(outside(), 'style.md'), path.join(styles, 'escaped.md'));
    fs.writeFileSync(path.join(styles, 'inside.md'), '---\nid: inside\n---\nWrite plainly.\n');
    await openManuscript();
    // Once the folder's styles are read (its own style is there), the linked one is still not.
    let inside: string | undefined;
    for (let attempt = 0; attempt < 150 && inside === undefined; attempt++) {
      inside = await vscode.commands.executeCommand<string | undefined>('inkwell.pickStyle', { style: 'inside' });
      if (inside === undefined) await sleep(100);
    }
    assert.equal(inside, 'inside');
    assert.equal(await vscode.commands.executeCommand('inkwell.pickStyle', { style: 'escaped' }), undefined);
    const result = await vscode.commands.executeCommand<GenerationResult>('inkwell.continueDraft', { style: 'escaped' });
    assert.equal(result.outcome, 'failed', 'there is no such style');
    await vscode.workspace.getConfiguration('inkwell').update('style', undefined, vscode.ConfigurationTarget.Workspace);
    fs.rmSync(path.join(styles, 'escaped.md'));
    fs.rmSync(path.join(styles, 'inside.md'));
  });

  test('a style file saved just before a command is the one the command uses', async () => {
    const styles = path.join(inkwell(), 'styles', 'harbour');
    fs.mkdirSync(styles, { recursive: true });
    await openManuscript();
    const file = path.join(styles, 'tide-log.md');
    // Written outside VS Code, the way a writer's other editor or `git pull` writes; no waiting for a watcher.
    fs.writeFileSync(file, '---\nid: tide-log\nlabel: Tide log\n---\nWrite as a tide table: times and heights.\n');
    assert.equal((await continueDraft({ style: 'tide-log' })).outcome, 'done', 'the new style is there at once');
    assert.match(lastChat().body.messages[0].content, /Write as a tide table: times and heights\./);
    for (let edit = 1; edit <= 3; edit++) {
      fs.writeFileSync(file, `---\nid: tide-log\nlabel: Tide log\n---\nWrite as a tide table, edition ${edit}.\n`);
      assert.equal((await continueDraft({ style: 'tide-log' })).outcome, 'done');
      assert.match(lastChat().body.messages[0].content, new RegExp(`Write as a tide table, edition ${edit}\\.`), `edit ${edit} is used by the next command`);
    }
    fs.rmSync(file);
    assert.equal((await continueDraft({ style: 'tide-log' })).outcome, 'failed', 'a deleted style is gone at once');
  });
});
