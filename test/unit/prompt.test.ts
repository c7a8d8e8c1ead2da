import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildPrompt, type PromptInput, STORY_NOTES_SHARE } from '../../src/core/prompt';
import { BUILT_IN_STYLES } from '../../src/core/styles';
import { estimateTokens } from '../../src/core/tokens';

const english = readFileSync(new URL('../fixtures/prose/english.md', import.meta.url), 'utf8');
const chinese = readFileSync(new URL('../fixtures/prose/chinese.md', import.meta.url), 'utf8');
const match = BUILT_IN_STYLES[0];
const style = (id: string) => BUILT_IN_STYLES.find((item) => item.id === id)!;

function input(overrides: Partial<PromptInput>): PromptInput {
  return { action: 'continue', style: match, text: english, selection: { start: english.length, end: english.length }, contextTokens: 1000, ...overrides };
}
const part = (prompt: ReturnType<typeof buildPrompt>, name: string) => prompt.parts.find((item) => item.name === name)!;

test('every action asks for the text alone, in the manuscript language', () => {
  for (const action of ['continue', 'rewrite', 'brainstorm'] as const) {
    const prompt = buildPrompt(input({ action, selection: action === 'rewrite' ? { start: 100, end: 400 } : { start: 5000, end: 5000 } }));
    const [system, user] = prompt.messages;
    assert.equal(system.role, 'system');
    assert.equal(user.role, 'user');
    assert.match(system.content, /no preamble/);
    assert.match(system.content, /Write in English/);
    assert.match(system.content, new RegExp(match.instruction.slice(0, 40)));
    assert.equal(prompt.language, 'en');
  }
  const chinesePrompt = buildPrompt(input({ text: chinese, selection: { start: chinese.length, end: chinese.length } }));
  assert.equal(chinesePrompt.language, 'zh');
  assert.match(chinesePrompt.messages[0].content, /Write in Chinese, the language of the manuscript, in the same script \(simplified or traditional\)/);
});

test('a continuation sends the text right up to the cursor, and a little of what follows', () => {
  const cursor = english.indexOf('She read it twice at the kitchen table');
  const prompt = buildPrompt(input({ selection: { start: cursor, end: cursor } }));
  const before = part(prompt, 'contextBefore').text;
  const after = part(prompt, 'contextAfter').text;
  assert.ok(english.slice(0, cursor).endsWith(before));
  assert.ok(before.endsWith('small dog.\n\n'));
  assert.ok(after.startsWith('She read it twice'));
  assert.ok(part(prompt, 'contextAfter').tokens <= 100);
  const user = prompt.messages[1].content;
  assert.ok(user.includes(`<manuscript>\n${before.trimEnd()}\n</manuscript>`));
  assert.ok(user.includes(`<after-cursor>\n${after.trim()}\n</after-cursor>`));
  assert.match(user, /stops after a paragraph break: begin a new paragraph/);
  assert.match(prompt.messages[0].content, /Continue from exactly where the manuscript stops, without repeating/);
});

test('the seam is described: mid-sentence and end of sentence', () => {
  const mid = english.indexOf('in a hand so small');
  assert.match(buildPrompt(input({ selection: { start: mid, end: mid } })).messages[1].content, /middle of a sentence: finish it first/);
  const end = english.indexOf(' She wrote the date');
  assert.match(buildPrompt(input({ selection: { start: end, end } })).messages[1].content, /end of a sentence/);
});

test('manuscript and notes stay within the context budget; notes are capped at their share', () => {
  const notes = chinese; // far larger than a quarter of the budget
  for (const contextTokens of [400, 1000, 3000]) {
    const prompt = buildPrompt(input({ storyNotes: notes, contextTokens }));
    const notesTokens = part(prompt, 'storyNotes').tokens;
    assert.ok(notesTokens <= contextTokens * STORY_NOTES_SHARE, `notes ${notesTokens}`);
    assert.ok(notesTokens >= contextTokens * STORY_NOTES_SHARE * 0.6, 'notes were cut too eagerly');
    const manuscript = part(prompt, 'contextBefore').tokens + part(prompt, 'contextAfter').tokens;
    assert.ok(notesTokens + manuscript <= contextTokens);
    assert.ok(manuscript >= contextTokens * 0.5, 'the manuscript lost its priority');
    assert.match(prompt.messages[1].content, /shortened/);
  }
});

test('guided continuation carries the direction; the instruction part counts the framing', () => {
  const prompt = buildPrompt(input({ variant: 'guided', instruction: 'Davy confesses he voted for the bridge.' }));
  assert.match(prompt.messages[1].content, /direction for what happens next: Davy confesses he voted for the bridge\./);
  const total = prompt.messages.reduce((sum, message) => sum + estimateTokens(message.content), 0);
  const sum = prompt.parts.reduce((acc, item) => acc + item.tokens, 0);
  assert.ok(Math.abs(sum - total) <= 3, `parts ${sum} vs messages ${total}`);
  assert.ok(part(prompt, 'instruction').tokens > 100);
  assert.ok(!part(prompt, 'instruction').text.includes('small, even hand'));
});

test('a rewrite sends the selection and the paragraphs around it, with the variant', () => {
  const start = english.indexOf('"You\'ve heard, then,"');
  const end = english.indexOf('\n', start);
  const prompt = buildPrompt(input({ action: 'rewrite', variant: 'intensify', selection: { start, end } }));
  const user = prompt.messages[1].content;
  assert.equal(part(prompt, 'selection').text, english.slice(start, end));
  assert.ok(user.includes(`<passage>\n${english.slice(start, end)}\n</passage>`));
  assert.ok(part(prompt, 'contextBefore').text.endsWith('fenders squealing along the pilings. Davy Rourke was at the wheel. He had been at the wheel for nineteen years and had never once, in Agnes\'s opinion, judged the spring current correctly on the first attempt.\n\n'));
  assert.ok(part(prompt, 'contextAfter').text.startsWith('\n\n"I\'ve heard."'));
  assert.match(user, /raise the tension/);
  assert.equal(prompt.truncated, false);

  const custom = buildPrompt(input({ action: 'rewrite', variant: 'custom', instruction: 'Make Davy speak in dialect.', selection: { start, end } }));
  assert.match(custom.messages[1].content, /The author's request: Make Davy speak in dialect\./);
});

test('a selection larger than the budget is flagged and sent whole, without context', () => {
  const prompt = buildPrompt(input({ action: 'rewrite', selection: { start: 0, end: english.length }, contextTokens: 500 }));
  assert.equal(prompt.truncated, true);
  assert.equal(part(prompt, 'selection').text, english);
  assert.equal(part(prompt, 'contextBefore').text, '');
});

test('a brainstorm asks for exactly count ideas, one per line, avoiding what was suggested', () => {
  const prompt = buildPrompt(
    input({ action: 'brainstorm', category: 'twists', topic: 'what the ledger hides', count: 5, exclude: ['The surveyor is her son'], seed: 'Agnes never learned to swim' }),
  );
  const [system, { content: user }] = prompt.messages;
  assert.match(system.content, /numbered list of exactly 5 ideas, one per item, each a single line/);
  assert.match(system.content, /no bold titles/);
  assert.match(user, /Twists:/);
  assert.match(user, /looking for: what the ledger hides/);
  assert.match(user, /Already suggested \(give different ones\):\n- The surveyor is her son/);
  assert.match(user, /Build on this idea.*Agnes never learned to swim/);
  assert.match(user, /Give exactly 5 ideas/);

  const noManuscript = buildPrompt(input({ action: 'brainstorm', text: '', selection: { start: 0, end: 0 }, topic: '一个住在钟楼里的角色' }));
  assert.equal(noManuscript.language, 'zh');
});

test('Fountain and LaTeX manuscripts get their conventions; a style brings its temperature', () => {
  const fountain = 'EXT. FERRY LANDING - DUSK\n\nAGNES stands at her ledger.\n\nDAVY\nYou\'ve heard, then.\n\n';
  const prompt = buildPrompt(input({ text: fountain, selection: { start: fountain.length, end: fountain.length }, languageId: 'fountain', style: style('screenplay') }));
  assert.match(prompt.messages[0].content, /screenplay in Fountain format/);
  assert.match(prompt.messages[0].content, /Style — Screenplay \(Fountain\)/);
  assert.match(buildPrompt(input({ languageId: 'latex' })).messages[0].content, /LaTeX/);
  assert.equal(buildPrompt(input({ style: { ...match, temperature: 1.2 } })).temperature, 1.2);
  assert.equal(buildPrompt(input({})).temperature, undefined);
});

test('a length limit becomes a length request', () => {
  assert.match(buildPrompt(input({ maxOutputTokens: 400 })).messages[0].content, /at most about 200 words, and stop at a natural pause/);
  const chineseLength = buildPrompt(input({ text: chinese, selection: { start: chinese.length, end: chinese.length }, maxOutputTokens: 400 }));
  assert.match(chineseLength.messages[0].content, /at most about 300 characters/);
  assert.doesNotMatch(buildPrompt(input({})).messages[0].content, /at most about/);
});

test('front matter is skipped, unless the cursor is in it', () => {
  const text = `---\ntitle: The Ferryman's Ledger\nauthor: A. Writer\n---\n\n${english}`;
  const cursor = text.indexOf('The ferry at Halloran');
  const prompt = buildPrompt(input({ text, selection: { start: cursor, end: cursor }, languageId: 'markdown' }));
  assert.equal(part(prompt, 'contextBefore').text, "# The Ferryman's Ledger\n\n");
  const inside = buildPrompt(input({ text, selection: { start: 20, end: 20 }, languageId: 'markdown' }));
  assert.ok(part(inside, 'contextBefore').text.startsWith('---'));
});

test('a prompt at the end of a 1 MB manuscript is the one at the end of a 10 KB one', () => {
  const small = english + '\n\n' + english.slice(0, 1200);
  let big = '';
  while (big.length < 1_000_000) big += english + '\n\n';
  big += small;
  const atEnd = (text: string) => buildPrompt(input({ text, selection: { start: text.length, end: text.length }, contextTokens: 2000 }));
  assert.deepEqual(atEnd(big).messages, atEnd(small).messages);
});
