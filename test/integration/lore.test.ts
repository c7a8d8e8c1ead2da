import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GenerationResult } from '../../src/core/types';
import type { ContextSummary } from '../../src/extension/lore/contextParts';
import { TestModelServer } from '../server/testServer';
import { closeAllEditors, extension, useUserSettings, waitFor, workspaceFolder } from './helpers';

const MODEL = 'lore-model';
let server: TestModelServer;

/** Twenty entries: names, aliases, keys, a regex key, always, never, priorities, progressions, Chinese. */
const ENTRIES: Record<string, string> = {
  'people/mara.md': '---\nname: Mara Quill\naliases: [Mara, the keeper]\ntype: character\npriority: 2\n---\nKeeper of the light on Gannet Rock. Left-handed.\n\n## From chapter-2\nHer left arm is in a sling.',
  'people/tobias.md': '---\nname: Tobias\ntype: character\n---\nA fisherman who owes Mara money.',
  'people/aled.md': '---\nname: Brother Aled\ntype: character\n---\nA monk of the Drowned Chapel.',
  'people/ines.md': '---\nname: Ines\ntype: character\n---\nThe harbourmaster.',
  'people/wolf.md': '---\nname: Wolf\naliases: [grey wolf]\ntype: character\n---\nThe wolves of the headland hunt in winter.',
  'people/secret.md': '---\nname: The Heir\naliases: [Mara]\ninclude: never\n---\nMara is the lost heir of the Quill estate.',
  'people/玛拉.md': '---\nname: 玛拉\ntype: character\n---\n灯塔的守塔人。',
  'places/gannet-rock.md': '---\nname: Gannet Rock\ntype: place\n---\nA granite rock in the bay; the Drowned Chapel lies below it.',
  'places/chapel.md': '---\nname: Drowned Chapel\ntype: place\n---\nA chapel under the sea, built by Brother Aled.',
  'places/harbour.md': '---\nname: Saltmarsh Harbour\naliases: [the harbour]\ntype: place\n---\nWhere the boats come in.',
  'places/village.md': '---\nname: Carrow\ntype: place\n---\nThe village on the mainland.',
  'objects/lamp.md': '---\nname: The Lamp\nkeys: [lamp oil, "/fresnel\\\\s+lens/i"]\ntype: object\n---\nA first-order Fresnel lens, lit with paraffin.',
  'objects/log.md': '---\nname: Keeper\'s Log\ntype: object\n---\nThe logbook, kept since 1872.',
  'objects/boat.md': '---\nname: The Kittiwake\ntype: object\n---\nTobias\'s boat.',
  'world/sea.md': '---\nname: The Sea\ninclude: always\npriority: 1\ntype: lore\n---\nCold and grey; it takes someone every winter.',
  'world/storms.md': '---\nname: Storm Season\nkeys: [gale]\ntype: lore\n---\nThe autumn gales close the harbour for weeks.',
  'world/weather.md': '---\nname: Fog\ntype: lore\n---\nA white fog that rolls in at dusk.',
  'world/tides.md': '---\nname: Spring Tides\ntype: lore\n---\nAt spring tide the rock is cut off for six hours.',
  'world/ledger.md': `---\nname: The Ledger\ntype: object\npriority: -1\n---\n${'A long account of every debt in Carrow. '.repeat(120)}`,
  'broken.md': '---\nname: [unclosed\n---\nThis entry is malformed.',
};

const CHAPTERS: Record<string, string> = {
  'chapter-1.md': '# One\n\nThe storm came in the night. Tobias brought the Kittiwake into the harbour.\n',
  'chapter-2.md': '# Two\n\nMara woke before dawn.\n',
  'chapter-10.md': '# Ten\n\nThe fog lifted. Mara climbed the stair with the lamp oil, thinking of the grey wolves on the headland and of Ines.\n',
};

const root = () => workspaceFolder().uri.fsPath;
const loreDir = () => path.join(root(), '.inkwell', 'lore');
const bookDir = () => path.join(root(), 'book');

async function openAtEnd(relative: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(root(), relative)));
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  const end = document.lineAt(document.lineCount - 1).range.end;
  editor.selection = new vscode.Selection(end, end);
  return editor;
}

/** Continue Draft once; the names of the lore entries the request carried, and its user message. */
async function continueAndRecord(): Promise<{ names: string[]; user: string }> {
  const before = server.requests.length;
  server.reply({ text: ' And then the light.' });
  const result = await vscode.commands.executeCommand<GenerationResult>('inkwell.continueDraft', {});
  assert.equal(result.outcome, 'done', result.error);
  await vscode.commands.executeCommand('inkwell.rejectSuggestion');
  const request = server.requests.slice(before).find((item) => item.path.endsWith('/chat/completions'));
  assert.ok(request, 'a chat request reached the server');
  const user: string = request.body.messages.find((message: { role: string }) => message.role === 'user').content;
  const lore = /<lore>\n([\s\S]*?)\n<\/lore>/.exec(user)?.[1] ?? '';
  const names = [...lore.matchAll(/^## (.+?)(?: \((?:character|place|object|lore)\))?$/gm)].map((match) => match[1]);
  return { names, user };
}

function showContext(args: Record<string, unknown> = {}): Thenable<ContextSummary> {
  return vscode.commands.executeCommand<ContextSummary>('inkwell.showContext', args);
}

suite('Lore and chapters', function () {
  this.timeout(90_000);
  let restoreSettings: () => Promise<void>;

  suiteSetup(async () => {
    for (const [file, text] of Object.entries(ENTRIES)) {
      fs.mkdirSync(path.dirname(path.join(loreDir(), file)), { recursive: true });
      fs.writeFileSync(path.join(loreDir(), file), text);
    }
    fs.mkdirSync(bookDir(), { recursive: true });
    for (const [file, text] of Object.entries(CHAPTERS)) fs.writeFileSync(path.join(bookDir(), file), text);
    fs.mkdirSync(path.join(root(), 'book-zh'), { recursive: true });
    fs.writeFileSync(path.join(root(), 'book-zh', '第1章.md'), '“玛拉！”他喊道。她站在灯塔下，一动不动。\n');
    await extension().activate();
    server = await TestModelServer.start({ models: [MODEL] });
    restoreSettings = await useUserSettings({ provider: 'openai-compatible', baseUrl: server.url, model: MODEL });
  });

  suiteTeardown(async () => {
    await closeAllEditors();
    await restoreSettings();
    await vscode.workspace.getConfiguration('inkwell').update('contextTokens', undefined, vscode.ConfigurationTarget.Workspace);
    fs.rmSync(path.join(root(), '.inkwell', 'lore'), { recursive: true, force: true });
    fs.rmSync(bookDir(), { recursive: true, force: true });
    fs.rmSync(path.join(root(), 'book-zh'), { recursive: true, force: true });
    await server.close();
  });

  teardown(async () => {
    await closeAllEditors();
    server.assertAllValid();
  });

  test('each request carries exactly the entries its text names, their cascade and the always ones; never the never ones', async () => {
    await openAtEnd('book/chapter-10.md');
    const { names, user } = await continueAndRecord();
    // Mara (priority 2) first; The Sea (always, priority 1); then detected by nearness, then cascade.
    assert.deepEqual(names, ['Mara Quill', 'The Sea', 'Ines', 'Wolf', 'The Lamp', 'Fog', 'Gannet Rock']);
    assert.ok(user.includes('Her left arm is in a sling.'), 'chapter 10 comes after chapter 2: the progression applies');
    assert.ok(!user.includes('lost heir'), 'an entry set to never is not sent');

    await openAtEnd('book/chapter-1.md');
    const first = await continueAndRecord();
    // Mara Quill comes in by cascade (Tobias's entry names her), so only once Tobias is taken.
    assert.deepEqual(first.names, ['The Sea', 'Saltmarsh Harbour', 'The Kittiwake', 'Tobias', 'Mara Quill']);
    assert.ok(!first.user.includes('sling'), 'chapter 1 never carries what chapter 2 reveals');
  });

  test('the previous chapter is the one before in natural order, sent when the window reaches the start', async () => {
    await openAtEnd('book/chapter-10.md');
    const ten = await continueAndRecord();
    assert.match(ten.user, /<previous-chapter>\n# Two\n\nMara woke before dawn\.\n<\/previous-chapter>/);

    await openAtEnd('book/chapter-1.md');
    assert.doesNotMatch((await continueAndRecord()).user, /<previous-chapter>/);
  });

  test('inkwell.showContext {} resolves with every part, its tokens, reason and trigger', async () => {
    await openAtEnd('book/chapter-10.md');
    const summary = await showContext();
    assert.equal(summary.budgetTokens, 3000);
    const kinds = summary.parts.map((part) => part.kind);
    assert.deepEqual([...new Set(kinds)], ['instructions', 'style', 'lore', 'previous-chapter', 'before']);
    const lore = Object.fromEntries(summary.parts.filter((part) => part.kind === 'lore').map((part) => [part.label, part]));
    assert.deepEqual(lore['Mara Quill'], { kind: 'lore', label: 'Mara Quill', tokens: lore['Mara Quill'].tokens, included: true, file: '.inkwell/lore/people/mara.md', reason: 'detected', trigger: 'Mara' });
    assert.equal(lore['The Sea'].reason, 'always');
    assert.equal(lore['The Sea'].trigger, undefined);
    assert.deepEqual([lore['Wolf'].reason, lore['Wolf'].trigger], ['detected', 'grey wolves']);
    assert.deepEqual([lore['The Lamp'].reason, lore['The Lamp'].trigger], ['detected', 'lamp oil']);
    assert.deepEqual([lore['Gannet Rock'].reason, lore['Gannet Rock'].trigger], ['cascade', 'Gannet Rock']);
    assert.deepEqual([lore['The Heir'].included, lore['The Heir'].reason], [false, 'never']);
    const previous = summary.parts.find((part) => part.kind === 'previous-chapter')!;
    assert.equal(previous.file, 'book/chapter-2.md');
    const sent = summary.parts.filter((part) => part.included).reduce((sum, part) => sum + part.tokens, 0);
    assert.equal(summary.totalTokens, sent);
    assert.ok(summary.parts.every((part) => part.tokens >= 0));
  });

  test('with little room, whole entries are left out lowest priority first, and the request matches', async () => {
    await vscode.workspace.getConfiguration('inkwell').update('contextTokens', 600, vscode.ConfigurationTarget.Workspace);
    try {
      fs.writeFileSync(path.join(bookDir(), 'chapter-11.md'), '# Eleven\n\nIn Carrow they still talked of the Ledger, and of Mara.\n');
      await openAtEnd('book/chapter-11.md');
      const summary = await showContext();
      const ledger = summary.parts.find((part) => part.label === 'The Ledger')!;
      assert.deepEqual([ledger.included, ledger.reason, ledger.trigger], [false, 'budget', 'the Ledger']);
      const { names, user } = await continueAndRecord();
      assert.ok(names.includes('Carrow') && names.includes('Mara Quill'), names.join(', '));
      assert.ok(!names.includes('The Ledger') && !user.includes('every debt'), 'an entry that does not fit is not sent at all');
      assert.deepEqual(names, summary.parts.filter((part) => part.kind === 'lore' && part.included).map((part) => part.label));
    } finally {
      fs.rmSync(path.join(bookDir(), 'chapter-11.md'), { force: true });
      await vscode.workspace.getConfiguration('inkwell').update('contextTokens', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('Chinese names are found without spaces, among full-width punctuation', async () => {
    await openAtEnd('book-zh/第1章.md');
    const summary = await showContext();
    const mara = summary.parts.find((part) => part.label === '玛拉')!;
    assert.deepEqual([mara.included, mara.reason, mara.trigger], [true, 'detected', '玛拉']);
  });

  test('Go to Definition opens the entry; hover shows its text; references list mentions across chapters', async () => {
    const editor = await openAtEnd('book/chapter-10.md');
    const text = editor.document.getText();
    const onMara = editor.document.positionAt(text.indexOf('Mara') + 2);
    const definitions = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeDefinitionProvider', editor.document.uri, onMara);
    assert.deepEqual(
      definitions.map((location) => vscode.workspace.asRelativePath(location.uri, false)).sort(),
      ['.inkwell/lore/people/mara.md', '.inkwell/lore/people/secret.md'],
    );
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, onMara);
    // The entry's text is given as plain text, which Markdown carries with its spaces escaped.
    const shown = hovers
      .flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value)))
      .join('\n')
      .replace(/&nbsp;/g, ' ');
    assert.ok(shown.includes('Keeper of the light on Gannet Rock'), shown);

    const references = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', editor.document.uri, onMara);
    const files = references.map((location) => vscode.workspace.asRelativePath(location.uri, false));
    assert.ok(files.includes('book/chapter-2.md') && files.includes('book/chapter-10.md'), files.join(', '));
    assert.ok(!files.some((file) => file.startsWith('.inkwell/')), 'lore files are not manuscript');

    // F12 itself, on a name with one entry.
    const onInes = editor.document.positionAt(text.indexOf('Ines') + 1);
    editor.selection = new vscode.Selection(onInes, onInes);
    await vscode.commands.executeCommand('editor.action.revealDefinition');
    await waitFor('the entry to open', () => vscode.window.activeTextEditor?.document.uri.path.endsWith('/people/ines.md') === true);
  });

  test('inkwell.newLoreEntry creates the entry from the selection and never overwrites a file', async () => {
    const existing = path.join(loreDir(), 'Ines.md');
    fs.writeFileSync(existing, '---\nname: Ines the elder\n---\nKeep me.');
    const editor = await openAtEnd('book/chapter-10.md');
    const text = editor.document.getText();
    const start = text.indexOf('Ines');
    editor.selection = new vscode.Selection(editor.document.positionAt(start), editor.document.positionAt(start + 4));
    const uri = await vscode.commands.executeCommand<vscode.Uri>('inkwell.newLoreEntry', { type: 'character' });
    assert.equal(vscode.workspace.asRelativePath(uri, false), '.inkwell/lore/Ines 2.md');
    assert.equal(fs.readFileSync(existing, 'utf8'), '---\nname: Ines the elder\n---\nKeep me.');
    assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), '---\nname: "Ines"\ntype: character\naliases: []\n---\n\n');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());
    const again = await vscode.commands.executeCommand<vscode.Uri>('inkwell.newLoreEntry', { name: 'Ines', type: 'character' });
    assert.equal(vscode.workspace.asRelativePath(again, false), '.inkwell/lore/Ines 3.md');
    fs.rmSync(existing);
    fs.rmSync(uri.fsPath);
    fs.rmSync(again.fsPath);
  });
});
