import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { capNotes, manuscriptStart, windowAfter, windowBefore } from '../../src/core/context';
import { estimateTokens } from '../../src/core/tokens';

const english = readFileSync(new URL('../fixtures/prose/english.md', import.meta.url), 'utf8');
const chinese = readFileSync(new URL('../fixtures/prose/chinese.md', import.meta.url), 'utf8');
/** The Chinese sample as web novels are often typed: one line per paragraph, indented with ideographic spaces. */
const chineseLines = chinese
  .split(/\n\s*\n/)
  .map((paragraph) => `\u3000\u3000${paragraph.trim()}`)
  .join('\n');

function startsParagraph(text: string, index: number): boolean {
  return index === 0 || /\n[ \t]*\r?\n$/.test(text.slice(0, index));
}

for (const [name, text] of [['English', english], ['Chinese', chinese]] as const) {
  for (const budget of [150, 400, 1000]) {
    test(`${name}: the window before the end stops at a paragraph boundary within ${budget} tokens`, () => {
      const { start, end } = windowBefore(text, text.length, budget);
      assert.equal(end, text.length);
      assert.ok(startsParagraph(text, start), `starts mid-paragraph: ${JSON.stringify(text.slice(start, start + 40))}`);
      assert.ok(estimateTokens(text.slice(start)) <= budget);
      // And it is as large as it can be: one more paragraph would not fit.
      const previous = text.lastIndexOf('\n\n', start - 3);
      assert.ok(estimateTokens(text.slice(previous + 2)) > budget, 'a whole further paragraph would have fitted');
    });
  }
}

test('CRLF manuscripts are cut at the same paragraph boundaries', () => {
  const crlf = english.replace(/\n/g, '\r\n');
  const lf = windowBefore(english, english.length, 400);
  const { start } = windowBefore(crlf, crlf.length, 400);
  assert.equal(crlf.slice(start).replace(/\r\n/g, '\n'), english.slice(lf.start));
  assert.ok(crlf.slice(0, start).endsWith('\r\n\r\n'));
});

test('a screenplay window starts at a scene element, never inside a character cue and its dialogue', () => {
  const scene = 'EXT. FERRY LANDING - DUSK\n\nThe MARGARET ANN knocks against the pilings.\n\nDAVY\n(lighting a cigarette)\nYou\'ve heard, then.\n\nAGNES\nI\'ve heard.\n\n';
  const screenplay = scene.repeat(30);
  const { start } = windowBefore(screenplay, screenplay.length, 120);
  assert.ok(startsParagraph(screenplay, start));
  assert.ok(!/^(\(|You|I'v)/.test(screenplay.slice(start)), screenplay.slice(start, start + 30));
});

test('a window from a cursor in the middle of a paragraph includes that paragraph up to the cursor', () => {
  const cursor = english.indexOf('She read it twice at the kitchen table') + 20;
  const { start } = windowBefore(english, cursor, 300);
  assert.ok(startsParagraph(english, start));
  assert.ok(english.slice(start, cursor).endsWith('She read it twice at'));
  assert.ok(estimateTokens(english.slice(start, cursor)) <= 300);
});

test('in a document without blank lines, every line is a paragraph', () => {
  const { start } = windowBefore(chineseLines, chineseLines.length, 300);
  assert.equal(chineseLines[start - 1], '\n');
  assert.ok(chineseLines.slice(start).startsWith('\u3000\u3000'));
  assert.ok(estimateTokens(chineseLines.slice(start)) <= 300);
});

test('one paragraph larger than the budget is cut at a sentence boundary', () => {
  const paragraph = english.split('\n\n').reduce((longest, item) => (item.length > longest.length ? item : longest));
  const { start } = windowBefore(paragraph, paragraph.length, 40);
  assert.ok(start > 0);
  assert.match(paragraph.slice(0, start), /[.!?]["”']?\s+$/);
  assert.match(paragraph[start], /[A-Z"“*]/);
  assert.ok(estimateTokens(paragraph.slice(start)) <= 40);

  const chineseParagraph = chinese.split('\n\n').reduce((longest, item) => (item.length > longest.length ? item : longest));
  const chineseWindow = windowBefore(chineseParagraph, chineseParagraph.length, 40);
  assert.match(chineseParagraph.slice(0, chineseWindow.start), /[。！？」”]$/);
  assert.ok(estimateTokens(chineseParagraph.slice(chineseWindow.start)) <= 40);
});

test('the window after the cursor ends at a paragraph boundary within budget', () => {
  const cursor = english.indexOf('The letter came on a Tuesday');
  const { end } = windowAfter(english, cursor, 200);
  assert.ok(end > cursor);
  assert.equal(english.slice(end, end + 2), '\n\n');
  assert.ok(estimateTokens(english.slice(cursor, end)) <= 200);
});

test('YAML front matter, a Fountain title page and a LaTeX preamble are not manuscript', () => {
  const markdown = `---\ntitle: The Ferryman's Ledger\nauthor: A. Writer\ntags: [river, ledger]\n---\n\n${english}`;
  const start = manuscriptStart(markdown, 'markdown');
  assert.ok(markdown.slice(start).startsWith('# The Ferryman'));
  const near = windowBefore(markdown, markdown.indexOf('The ferry at') + 30, 2000, start);
  assert.ok(!markdown.slice(near.start).includes('author:'));
  assert.equal(near.start, start);

  const crlf = markdown.replace(/\n/g, '\r\n');
  assert.ok(crlf.slice(manuscriptStart(crlf, 'markdown')).startsWith('# The Ferryman'));

  const fountain = 'Title: The Last Crossing\nCredit: written by\nAuthor: A. Writer\nDraft date: 3 November\n\nEXT. FERRY LANDING - DUSK\n\nAGNES stands at her ledger.\n';
  assert.ok(fountain.slice(manuscriptStart(fountain, 'fountain')).startsWith('EXT. FERRY LANDING'));
  const noTitlePage = 'EXT. FERRY LANDING - DUSK\n\nAGNES stands at her ledger.\n';
  assert.equal(manuscriptStart(noTitlePage, 'fountain'), 0);

  const latex = '\\documentclass{book}\n\\usepackage{fontspec}\n\\begin{document}\n\nThe ferry ran twice a day.\n';
  assert.ok(latex.slice(manuscriptStart(latex, 'latex')).startsWith('The ferry ran'));

  assert.equal(manuscriptStart(english, 'markdown'), 0);
  assert.equal(manuscriptStart('---\nnot closed\n\nprose', 'markdown'), 0);
});

test('story notes are capped at their budget, cut at a paragraph or sentence boundary', () => {
  const notes = english.slice(0, 4000);
  const { text, cut } = capNotes(notes, 200);
  assert.ok(cut);
  assert.ok(estimateTokens(text) <= 200);
  assert.ok(notes.startsWith(text));
  assert.ok(notes.slice(text.length).startsWith('\n\n') || /[.!?]["”]?$/.test(text), `cut mid-sentence: ${text.slice(-40)}`);
  assert.ok(estimateTokens(text) > 100, 'most of the share was left unused');
  // A first paragraph longer than the share is cut at a sentence end instead of dropped.
  const long = capNotes(chinese.slice(chinese.indexOf('老城东头')), 100);
  assert.ok(estimateTokens(long.text) <= 100 && estimateTokens(long.text) > 50);
  assert.match(long.text, /[。”」]$/);
  assert.deepEqual(capNotes('  Short notes.\n', 200), { text: 'Short notes.', cut: false });
});

test('the window never splits a surrogate pair', () => {
  const text = '😀'.repeat(400);
  const { start } = windowBefore(text, text.length, 50);
  assert.ok(!/^[\uDC00-\uDFFF]/.test(text.slice(start)));
  const { end } = windowAfter(text, 0, 50);
  assert.ok(!/[\uD800-\uDBFF]$/.test(text.slice(0, end)));
});
