import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as yaml from 'yaml';
import { compareBookPaths, previousChapters, stemOf, windowAcross, workTitle } from '../../src/core/chapters';
import { entryText, parseLoreEntry, type LoreEntry } from '../../src/core/lore';
import { createLoreBook, selectLore, type ScannedPiece } from '../../src/core/loreSelection';
import { buildPrompt } from '../../src/core/prompt';
import { BUILT_IN_STYLES } from '../../src/core/styles';

function entry(file: string, text: string): LoreEntry {
  const parsed = parseLoreEntry(file, text, yaml);
  assert.ok(parsed.entry, `not parsed: ${JSON.stringify(parsed.problems)}`);
  return parsed.entry;
}

/** An entry from front matter lines and a body. */
function lore(name: string, front: string[], body = `${name} is in the story.`): LoreEntry {
  return entry(`.inkwell/lore/${name.toLowerCase().replace(/\s+/g, '-')}.md`, ['---', `name: ${name}`, ...front, '---', body].join('\n'));
}

/** The names of the entries mentioned in `text` (scanned as the manuscript before the cursor). */
function mentioned(entries: LoreEntry[], text: string): string[] {
  const book = createLoreBook(entries);
  return [...new Set(book.matcher.scan(text).map((hit) => entries[hit.entry].name))].sort();
}

function before(text: string): ScannedPiece {
  return { source: 'before', text, offset: 0, distance: (_start, end) => text.length - end };
}

const style = BUILT_IN_STYLES.find((item) => item.id === 'match')!;

test('front matter gives the fields; without it the file name is the name and the defaults hold', () => {
  const full = entry(
    '.inkwell/lore/people/mara.md',
    '---\nname: Mara Quill\naliases: [Mara, the keeper]\nkeys: [lamp oil, "/light(house)?s?/i"]\ntype: character\ninclude: always\npriority: 3\n---\nMara keeps the light.\n',
  );
  assert.equal(full.name, 'Mara Quill');
  assert.deepEqual(full.aliases, ['Mara', 'the keeper']);
  assert.deepEqual(full.keys, ['lamp oil']);
  assert.deepEqual(full.patterns.map(String), ['/light(house)?s?/i']);
  assert.equal(full.type, 'character');
  assert.equal(full.include, 'always');
  assert.equal(full.priority, 3);
  assert.equal(entryText(full, 'chapter-1.md'), 'Mara keeps the light.');

  const bare = entry('.inkwell/lore/Gannet Rock.md', 'A rock in the bay.\r\n');
  assert.deepEqual(
    { name: bare.name, type: bare.type, include: bare.include, priority: bare.priority, aliases: bare.aliases },
    { name: 'Gannet Rock', type: 'other', include: 'detected', priority: 0, aliases: [] },
  );
});

test('a malformed entry is skipped and said; a bad field is said and ignored; front matter cannot route requests', () => {
  const yamlError = parseLoreEntry('.inkwell/lore/a.md', '---\nname: [unclosed\n---\nText', yaml);
  assert.equal(yamlError.entry, undefined);
  assert.equal(yamlError.problems[0].reason.code, 'yaml');
  assert.equal(yamlError.problems[0].skipped, true);

  assert.equal(parseLoreEntry('.inkwell/lore/b.md', '---\nname: B\n', yaml).problems[0].reason.code, 'front-matter-unclosed');
  assert.equal(parseLoreEntry('.inkwell/lore/c.md', '---\n- a list\n---\nText', yaml).problems[0].reason.code, 'front-matter-not-map');

  const routed = parseLoreEntry('.inkwell/lore/d.md', '---\nname: D\nbaseUrl: https://evil.example/v1\n---\nText', yaml);
  assert.equal(routed.entry, undefined);
  assert.deepEqual(routed.problems[0].reason, { code: 'routing-key', key: 'baseUrl' });

  // A mistyped "never" must not turn into "detected".
  const typo = parseLoreEntry('.inkwell/lore/e.md', '---\nname: E\ninclude: nevr\n---\nSecret', yaml);
  assert.equal(typo.entry, undefined);
  assert.equal(typo.problems[0].reason.code, 'bad-include');

  const lenient = parseLoreEntry('.inkwell/lore/f.md', '---\nname: F\ntype: monster\npriority: high\nkeys: ["/(unclosed/"]\nalias: Eff\n---\nText', yaml);
  assert.ok(lenient.entry);
  assert.equal(lenient.entry.type, 'other');
  assert.equal(lenient.entry.priority, 0);
  assert.deepEqual(lenient.entry.patterns, []);
  assert.deepEqual(lenient.problems.map((problem) => problem.reason.code).sort(), ['bad-priority', 'bad-regex', 'bad-type', 'unknown-field']);
  assert.ok(lenient.problems.every((problem) => !problem.skipped));
});

test('names match case-insensitively as whole words, with possessives and plain plurals', () => {
  const entries = [lore('Mara', []), lore('Wolf', ['aliases: [wolf pack]']), lore('City', []), lore('Knife', []), lore('Ann', [])];
  assert.deepEqual(mentioned(entries, "MARA's lamp went out."), ['Mara']);
  assert.deepEqual(mentioned(entries, 'Maradona scored.'), []);
  assert.deepEqual(mentioned(entries, 'The Wolves howled; the cities slept; knives gleamed.'), ['City', 'Knife', 'Wolf']);
  assert.deepEqual(mentioned(entries, 'the wolves’ den'), ['Wolf']);
  assert.deepEqual(mentioned(entries, 'Anna and Joanne came.'), []);
  assert.deepEqual(mentioned(entries, 'a wolf\n  pack at the door'), ['Wolf']);
  assert.deepEqual(mentioned(entries, '她在港口见到Mara了。'), ['Mara']);
});

test('Chinese and Japanese names match anywhere, among full-width punctuation', () => {
  const entries = [lore('玛拉', ['aliases: [守塔人]']), lore('灯塔', []), lore('まら', [])];
  assert.deepEqual(mentioned(entries, '“玛拉！”老守塔人喊道。'), ['玛拉']);
  assert.deepEqual(mentioned(entries, '那座灯塔在岛上'), ['灯塔']);
  assert.deepEqual(mentioned(entries, 'まらさんは来た'), ['まら']);
});

test('regular-expression keys match as written, with their flags, beside plain ones in one matcher', () => {
  const entries = [
    lore('Lens', ['keys: ["/fresnel\\\\s+lens/i"]']),
    lore('Year', ['keys: ["/\\\\b18[0-9]{2}\\\\b/"]']),
    lore('Echo', ['keys: ["/(ab)\\\\1/"]']),
    lore('Case', ['keys: ["/Storm/"]']),
  ];
  assert.deepEqual(mentioned(entries, 'The Fresnel  Lens was made in 1872.'), ['Lens', 'Year']);
  assert.deepEqual(mentioned(entries, 'abab'), ['Echo']);
  assert.deepEqual(mentioned(entries, 'a storm'), []);
  assert.deepEqual(mentioned(entries, 'a Storm'), ['Case']);
});

test('always, detected and never; cascade one level by default, deeper or none by the setting', () => {
  const entries = [
    lore('Mara', [], 'Mara keeps the light on Gannet Rock.'),
    lore('Gannet Rock', [], 'Gannet Rock hides the Drowned Chapel.'),
    lore('Drowned Chapel', [], 'A chapel under the sea, built by Brother Aled.'),
    lore('Brother Aled', [], 'A monk.'),
    lore('The Sea', ['include: always'], 'Cold. Mara fears it.'),
    lore('The Secret', ['include: never', 'aliases: [Mara]'], 'Mara is the lost heir.'),
  ];
  const book = createLoreBook(entries);
  const decide = (cascadeDepth?: number) => {
    const selection = selectLore({ book, cascadeDepth }, [before('Mara climbed the stair.')], 10_000);
    return selection.decisions.map((decision) => [decision.entry.name, decision.included, decision.reason, decision.trigger ?? null]);
  };
  assert.deepEqual(decide(), [
    ['The Sea', true, 'always', null],
    ['Mara', true, 'detected', 'Mara'],
    ['Gannet Rock', true, 'cascade', 'Gannet Rock'],
    ['The Secret', false, 'never', 'Mara'],
  ]);
  assert.deepEqual(
    decide(0).map(([name]) => name),
    ['The Sea', 'Mara', 'The Secret'],
  );
  assert.deepEqual(
    decide(3).filter(([, included]) => included).map(([name]) => name),
    ['The Sea', 'Mara', 'Gannet Rock', 'Drowned Chapel', 'Brother Aled'],
  );
});

test('lore left out for room goes whole, lowest priority first, and what remains still fits', () => {
  const long = (words: number) => Array.from({ length: words }, (_, i) => `word${i % 10}`).join(' ');
  const entries = [
    lore('Mara', ['priority: 5'], long(40)),
    lore('Tom', ['priority: 1'], long(40)),
    lore('Ida', ['priority: 1'], long(10)),
    lore('Ned', [], long(10)),
    lore('Big', ['priority: 9'], long(400)),
  ];
  const book = createLoreBook(entries);
  const scanned = 'Big, Ned, Tom, Ida and Mara.';
  const tokens = (name: string) => selectLore({ book }, [before(scanned)], 100_000).decisions.find((d) => d.entry.name === name)!.tokens;
  const room = tokens('Mara') + tokens('Ida') + tokens('Ned') + 2;
  const { decisions, tokens: used } = selectLore({ book }, [before(scanned)], room);
  assert.deepEqual(
    decisions.map((d) => [d.entry.name, d.included, d.reason]),
    [
      ['Mara', true, 'detected'],
      ['Ida', true, 'detected'],
      ['Ned', true, 'detected'],
      ['Big', false, 'budget'],
      ['Tom', false, 'budget'],
    ],
  );
  assert.ok(used <= room);
  // Equal priority: the mention nearer the cursor goes first (Ida is nearer than Tom).
  assert.equal(decisions.find((d) => d.entry.name === 'Tom')!.wanted, 'detected');
});

test('an entry brought in by cascade is not sent when the entry that names it is left out', () => {
  const entries = [lore('Mara', [], `Mara lives on Gannet Rock. ${'and more '.repeat(200)}`), lore('Gannet Rock', ['priority: 4'], 'A rock.')];
  const { decisions } = selectLore({ book: createLoreBook(entries) }, [before('Mara.')], 50);
  assert.deepEqual(
    decisions.map((d) => [d.entry.name, d.included, d.reason]),
    [
      ['Mara', false, 'budget'],
      ['Gannet Rock', false, 'budget'],
    ],
  );
});

test('progressions: a section applies from its manuscript file on, never before', () => {
  const mara = entry(
    '.inkwell/lore/mara.md',
    [
      '---',
      'name: Mara',
      '---',
      'Mara keeps the lighthouse.',
      '',
      '## From chapter-12',
      'Her left arm is broken.',
      '### Treatment',
      'A sling.',
      '',
      '## Appearance',
      'Grey coat.',
      '',
      '## From part-2/chapter-20.md',
      'She is the lost heir.',
      '',
      '## 从 第3章 起',
      '她知道了真相。',
    ].join('\n'),
  );
  assert.equal(entryText(mara, 'chapter-5.md'), 'Mara keeps the lighthouse.\n\n## Appearance\nGrey coat.');
  assert.equal(entryText(mara, 'chapter-12.md'), 'Mara keeps the lighthouse.\n\nHer left arm is broken.\n### Treatment\nA sling.\n\n## Appearance\nGrey coat.');
  assert.ok(entryText(mara, 'chapter-100.md').includes('arm is broken'));
  assert.ok(!entryText(mara, 'part-1/chapter-30.md').includes('heir'));
  assert.ok(entryText(mara, 'part-2/chapter-20.md').includes('heir'));
  assert.ok(entryText(mara, '第12章.md').includes('她知道了真相'));
  assert.ok(!entryText(mara, '第2章.md').includes('她知道了真相'));
  // A document that is not a file of the book (untitled) gets nothing the book has not revealed.
  assert.equal(entryText(mara, undefined), 'Mara keeps the lighthouse.\n\n## Appearance\nGrey coat.');
});

test('chapter order is natural order of names, in the same folder, with the same extension', () => {
  const names = ['chapter-10.md', 'chapter-2.md', 'chapter-1.md', 'README.md', 'notes.txt', 'chapter-3.fountain', 'Chapter-9.markdown'];
  assert.deepEqual(previousChapters('chapter-10.md', names), ['Chapter-9.markdown', 'chapter-2.md', 'chapter-1.md']);
  assert.deepEqual(previousChapters('chapter-1.md', names), []);
  assert.deepEqual(previousChapters('第10章.md', ['第2章.md', '第10章.md', '第1章.md']), ['第2章.md', '第1章.md']);
  assert.ok(compareBookPaths('part-2/chapter-1', 'part-10/chapter-1') < 0);
  assert.equal(stemOf('chapter-1.5'), 'chapter-1.5');
  assert.equal(stemOf('chapter-1.md'), 'chapter-1');
});

test('a file that names its work in front matter follows only a file of the same work', () => {
  assert.equal(workTitle('---\ntitle: "The Lighthouse Keeper"\nchapter: 2\n---\n\nText'), 'The Lighthouse Keeper');
  assert.equal(workTitle('# The Keeper’s Hours\n\nThe lamp goes round'), undefined);
  assert.equal(workTitle('---\nchapter: 2\n---\ntitle: not front matter'), undefined);
});

test('the previous chapter’s end is read only when the window reaches the start of the file', () => {
  const previous = { file: 'chapter-1.md', text: '# One\n\nThe storm came.\n\nMara lit the lamp.', floor: 0 };
  const short = 'Morning.';
  const across = windowAcross(short, short.length, 50, 0, previous);
  assert.equal(across.start, 0);
  assert.equal(previous.text.slice(across.previousStart), previous.text);

  const long = `${'The tide rose. '.repeat(40)}\n\nMorning.`;
  assert.equal(windowAcross(long, long.length, 20, 0, previous).previousStart, undefined);
});

test('a prompt carries the lore and the previous chapter, within the budget, and reports each part', () => {
  const entries = [
    lore('Mara', ['type: character'], 'Mara Quill, keeper of the Gannet Rock light.'),
    lore('Gannet Rock', ['type: place'], 'A granite rock with a lighthouse.'),
    lore('Tobias', [], 'A fisherman.'),
  ];
  const text = 'Mara woke before dawn.';
  const prompt = buildPrompt({
    action: 'continue',
    style,
    text,
    selection: { start: text.length, end: text.length },
    contextTokens: 1000,
    lore: { book: createLoreBook(entries), documentPath: 'chapter-2.md' },
    previousChapter: { file: 'chapter-1.md', text: 'Tobias mended his nets.', floor: 0 },
  });
  const user = prompt.messages[1].content;
  // Nearest mention first (Tobias is named in the previous chapter's end), cascade after.
  assert.match(
    user,
    /<lore>\n## Mara \(character\)\nMara Quill, keeper of the Gannet Rock light\.\n\n## Tobias\nA fisherman\.\n\n## Gannet Rock \(place\)\nA granite rock with a lighthouse\.\n<\/lore>/,
  );
  assert.match(user, /<previous-chapter>\nTobias mended his nets\.\n<\/previous-chapter>/);
  const tobias = prompt.lore!.decisions.find((decision) => decision.entry.name === 'Tobias');
  assert.deepEqual([tobias?.reason, tobias?.trigger, tobias?.found], ['detected', 'Tobias', { source: 'previous-chapter', offset: 0 }]);
  const parts = Object.fromEntries(prompt.parts.map((part) => [part.kind, part.tokens]));
  assert.ok(parts.lore > 0 && parts['previous-chapter'] > 0);
  assert.ok(parts.lore + parts['previous-chapter'] + parts.before <= 1000);
});

test('mentions far from the cursor bring no entry in: it is listed as left out for room', () => {
  const entries = [lore('Tobias', [], 'A fisherman.'), lore('Mara', [], 'The keeper.')];
  const far = `Tobias rowed out.\n\n${'The waves rolled on and on. '.repeat(60)}\n\nMara waited.`;
  const prompt = buildPrompt({
    action: 'continue',
    style,
    text: far,
    selection: { start: far.length, end: far.length },
    contextTokens: 700,
    lore: { book: createLoreBook(entries) },
  });
  assert.ok(prompt.messages[1].content.includes('Tobias rowed out.'), 'the far text is sent');
  assert.deepEqual(
    prompt.lore!.decisions.map((d) => [d.entry.name, d.included, d.reason]),
    [
      ['Mara', true, 'detected'],
      ['Tobias', false, 'budget'],
    ],
  );
});

test('without lore or a previous chapter the prompt is what it was', () => {
  const text = 'Mara woke before dawn.';
  const input = { action: 'continue' as const, style, text, selection: { start: text.length, end: text.length }, contextTokens: 1000 };
  const plain = buildPrompt(input);
  const empty = buildPrompt({ ...input, lore: { book: createLoreBook([]) } });
  assert.deepEqual(empty.messages, plain.messages);
  assert.doesNotMatch(plain.messages[1].content, /<lore>|<previous-chapter>/);
});
