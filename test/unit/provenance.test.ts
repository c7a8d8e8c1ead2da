import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SpanHistory,
  parseRecord,
  reanchor,
  serializeRecord,
  spansAfterEvent,
  writeAtomically,
  type RecordFiles,
  type Span,
  type SuggestionInfo,
} from '../../src/core/provenance';
import { fileFigures, percent, provenanceResult } from '../../src/core/provenanceFigures';
import type { OffsetChange } from '../../src/core/trackedRange';
import { applyEvent, boundaries, isBoundary, pick, randomEvent, randomText, seeded } from './support/randomEdits';

const span = (text: string, document: string, suggestion = 's1', from = 0): Span => {
  const start = document.indexOf(text, from);
  assert.ok(start >= 0, `"${text}" is in the document`);
  return { start, end: start + text.length, suggestion, text };
};

function info(id: string, action: SuggestionInfo['action'] = 'continue', inserted = 0): SuggestionInfo {
  return { id, action, model: 'story-model', host: '127.0.0.1:8080', style: 'match', variant: 'auto', time: `2026-12-01T20:0${id.length}:00.000Z`, inserted, replaced: 0 };
}

/** Every span reads as its text says, in order, without overlaps. */
function assertSpansHold(spans: readonly Span[], document: string, message: string) {
  let last = 0;
  for (const each of spans) {
    assert.equal(document.slice(each.start, each.end), each.text, message);
    assert.ok(each.start >= last && each.end > each.start, `${message}: spans are ordered and not empty`);
    assert.ok(isBoundary(document, each.start) && isBoundary(document, each.end), `${message}: no span splits a surrogate pair or a CRLF`);
    last = each.end;
  }
}

test('typing inside a span splits it, the typed text is the writer’s; deleting removes; typing at its edges is outside it', () => {
  let document = 'She said: the sea was grey and cold.';
  let spans = [span('the sea was grey', document)];
  const type = (change: OffsetChange) => {
    document = applyEvent(document, [change]);
    spans = spansAfterEvent(spans, [change]);
  };
  type({ offset: document.indexOf(' was'), length: 0, text: ' itself' });
  assert.deepEqual(spans.map((each) => each.text), ['the sea', ' was grey']);
  type({ offset: document.indexOf('the sea'), length: 0, text: 'X' });
  type({ offset: document.indexOf(' and'), length: 0, text: 'Y' });
  assert.deepEqual(spans.map((each) => each.text), ['the sea', ' was grey'], 'text typed at the edges is not the model’s');
  type({ offset: document.indexOf(' itself'), length: ' itself'.length, text: '' });
  assert.deepEqual(spans.map((each) => each.text), ['the sea was grey'], 'the writer’s words between two pieces deleted: one span again');
  type({ offset: document.indexOf('sea'), length: 3, text: 'ocean' });
  assert.deepEqual(spans.map((each) => each.text), ['the ', ' was grey'], 'a replaced word is the writer’s');
  type({ offset: 0, length: document.length, text: '' });
  assert.deepEqual(spans, []);
});

test('property: after random edits (CRLF, surrogates, CJK, several cursors) every span still reads as its recorded text', () => {
  for (let seed = 1; seed <= 200; seed++) {
    const random = seeded(seed * 31);
    let document = randomText(random, 40);
    const offsets = boundaries(document);
    const cuts = [pick(random, offsets), pick(random, offsets), pick(random, offsets), pick(random, offsets)].sort((a, b) => a - b);
    let spans: Span[] = [
      { start: cuts[0], end: cuts[1], suggestion: 'a', text: document.slice(cuts[0], cuts[1]) },
      { start: cuts[2], end: cuts[3], suggestion: 'b', text: document.slice(cuts[2], cuts[3]) },
    ].filter((each) => each.end > each.start);
    for (let step = 0; step < 15; step++) {
      const event = randomEvent(random, document);
      document = applyEvent(document, event);
      spans = spansAfterEvent(spans, event);
      assertSpansHold(spans, document, `seed ${seed}, step ${step}`);
    }
  }
});

test('property: undo and redo give the spans back exactly, over random sequences of edits, undos, redos and accepted suggestions', () => {
  for (let seed = 1; seed <= 150; seed++) {
    const random = seeded(seed * 977);
    // The editor's own undo stack, as a list of document texts with the cursor in it.
    const texts = [randomText(random, 30)];
    const expected: Span[][] = [[]];
    let at = 0;
    const history = new SpanHistory([], texts[0].length);
    let suggestions = 0;
    for (let step = 0; step < 25; step++) {
      const document = texts[at];
      const roll = random();
      if (roll < 0.2 && at > 0) {
        at--;
        history.undoOrRedo(-1, [], texts[at].length, (start, end) => texts[at].slice(start, end));
      } else if (roll < 0.3 && at < texts.length - 1) {
        at++;
        history.undoOrRedo(1, [], texts[at].length, (start, end) => texts[at].slice(start, end));
      } else if (roll < 0.5) {
        // A suggestion accepted: its text is inserted as an edit, then recorded.
        const offset = pick(random, boundaries(document));
        const words = randomText(random, 3);
        const change = { offset, length: 0, text: words };
        texts.splice(at + 1, texts.length, applyEvent(document, [change]));
        expected.splice(at + 1, expected.length, []);
        at++;
        history.edit([change], texts[at].length);
        history.record([{ start: offset, end: offset + words.length, suggestion: `s${suggestions++}`, text: words }]);
        expected[at] = [...history.spans];
      } else {
        const event = randomEvent(random, document);
        texts.splice(at + 1, texts.length, applyEvent(document, event));
        at++;
        history.edit(event, texts[at].length);
        expected.splice(at, expected.length, [...history.spans]);
      }
      assertSpansHold(history.spans, texts[at], `seed ${seed}, step ${step}`);
      if (roll < 0.3) assert.deepEqual(history.spans, expected[at], `seed ${seed}, step ${step}: undo/redo restores the spans exactly`);
    }
  }
});

test('the record file is readable JSON, the same bytes for the same record, and read back as it was', () => {
  const document = '第一章\r\n雨下了一夜。😀 The sea was grey.';
  const record = { suggestions: [info('s22'), info('s1', 'rewrite', 4)], spans: [span('The sea', document, 's1'), span('雨下了一夜。', document, 's22')] };
  const text = serializeRecord('chapters/one.md', record);
  assert.equal(serializeRecord('chapters/one.md', { suggestions: [...record.suggestions].reverse(), spans: [...record.spans].reverse() }), text, 'stable: no churn');
  assert.match(text, /\n {2}"spans": \[\n/, 'one key per line: a change is a small diff');
  const parsed = parseRecord(text);
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.record.spans, [...record.spans].sort((a, b) => a.start - b.start));
  assert.equal(parsed.record.suggestions.length, 2);
  assert.doesNotMatch(text, /key|messages|prompt/i, 'no key and no request text, only the inserted words');
  assert.equal(parseRecord('{').ok, false);
  assert.equal(parseRecord(JSON.stringify({ format: 'inkwell-provenance', version: 1, suggestions: [], spans: [{ suggestion: 'x', start: 0, end: 2, text: 'ab' }] })).ok, false, 'a span of an unknown suggestion');
  assert.equal(parseRecord(text.replace(/"end": (\d+)/, (_, end) => `"end": ${Number(end) + 2}`)).ok, false, 'a span whose offsets do not match its text');
});

test('re-anchoring after an edit outside VS Code: moved text is found, ambiguous or gone text is reported, never guessed', () => {
  const before = 'Night fell. The lamp went out. Rain. Rain. The end.';
  const spans = [span('The lamp went out.', before, 'a'), span('Rain.', before, 'b'), span('The end.', before, 'c')];
  const after = 'Prologue added.\n\nNight fell. The lamp went out. Rain. Rain. Rain. A new end.';
  const { spans: found, lost } = reanchor(spans, after);
  assert.deepEqual(found.map((each) => [each.suggestion, each.start]), [
    ['a', after.indexOf('The lamp')],
    ['b', after.indexOf('Rain.')],
  ], 'the same shift as the span before it tells which "Rain." it is');
  assert.deepEqual(lost.map((each) => each.suggestion), ['c']);
  assert.deepEqual(reanchor([span('Rain.', before, 'b', 37)], 'Rain. Rain. Rain. Rain. Rain.').lost.length, 1, 'several places, nothing to tell: lost');
  const crlf = 'a\r\nThe 雨 😀 line\r\n';
  assert.deepEqual(reanchor([{ start: 0, end: 12, suggestion: 'x', text: 'The 雨 😀 line' }], crlf).spans[0].start, 3);
});

test('an atomic write that fails midway leaves the previous record whole, and no temporary file behind', async () => {
  const disk = new Map<string, string>([['r.json', 'old record']]);
  const files = (failAt: 'write' | 'rename' | undefined): RecordFiles => ({
    writeFile: async (path, text) => {
      if (failAt === 'write') {
        disk.set(path, text.slice(0, 3));
        throw new Error('disk full');
      }
      disk.set(path, text);
    },
    rename: async (from, to) => {
      if (failAt === 'rename') throw new Error('crash');
      disk.set(to, disk.get(from)!);
      disk.delete(from);
    },
    delete: async (path) => void disk.delete(path),
  });
  await assert.rejects(writeAtomically(files('write'), 'r.json', 'new record', 't1'));
  await assert.rejects(writeAtomically(files('rename'), 'r.json', 'new record', 't2'));
  assert.deepEqual([...disk], [['r.json', 'old record']]);
  await writeAtomically(files(undefined), 'r.json', 'new record', 't3');
  assert.deepEqual([...disk], [['r.json', 'new record']]);
});

test('figures: characters of the model still in the file, kept as written or since edited, and the contract’s result', () => {
  const text = 'I wrote this. The model wrote this sentence. 她说：雨停了。';
  const spans = [span('The model wrote', text, 'a'), span(' sentence.', text, 'a'), span('雨停了。', text, 'b')];
  const suggestions = new Map([
    ['a', info('a', 'continue', 'The model wrote this sentence.'.length)],
    ['b', info('bb', 'brainstorm', 4)],
    ['gone', info('gone', 'rewrite', 10)],
  ]);
  suggestions.set('b', { ...suggestions.get('b')!, id: 'b' });
  const figures = fileFigures({ path: 'one.md', text, spans, suggestions, lost: 0 });
  assert.equal(figures.aiChars, 'The model wrote sentence.'.length + 4);
  assert.equal(figures.keptChars, 4, 'only the idea is as it was inserted');
  assert.equal(figures.present.length, 2);
  assert.equal(figures.accepted.length, 3);
  assert.deepEqual(provenanceResult([figures, fileFigures({ path: 'two.md', text: 'All mine.', spans: [], suggestions: new Map(), lost: 0 })]), {
    files: [
      { path: 'one.md', totalChars: text.length, aiChars: figures.aiChars, suggestions: 2 },
      { path: 'two.md', totalChars: 9, aiChars: 0, suggestions: 0 },
    ],
    totalChars: text.length + 9,
    aiChars: figures.aiChars,
    models: ['story-model'],
  });
  assert.equal(percent(1, 1000), '<1%');
  assert.equal(percent(999, 1000), '>99%');
  assert.equal(percent(12, 100), '12%');
});
