import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as yaml from 'yaml';
import { parseStyleFile } from '../../src/core/styleFiles';
import { mergeStyles } from '../../src/core/styles';

const path = '/book/.inkwell/styles/fairy-tale.md';

test('front matter gives id, label, description and temperature; the body is the instruction', () => {
  const text = [
    '---',
    'id: fairy-tale',
    'label: Fairy tale',
    'description: "Once upon a time: plain, rhythmic, a little cruel"',
    'temperature: 1.1',
    '---',
    '',
    'Write like an old fairy tale: plain words, things in threes,',
    'and consequences that arrive exactly as promised.',
    '',
  ].join('\n');
  assert.deepEqual(parseStyleFile(path, text, yaml), {
    style: {
      id: 'fairy-tale',
      label: 'Fairy tale',
      description: 'Once upon a time: plain, rhythmic, a little cruel',
      temperature: 1.1,
      instruction: 'Write like an old fairy tale: plain words, things in threes,\nand consequences that arrive exactly as promised.',
      source: 'workspace',
    },
  });
});

test('CRLF files and a byte order mark are read the same', () => {
  const text = '\uFEFF---\r\nid: wuxia\r\nlabel: 武侠小说\r\n---\r\n用金庸式的武侠笔法写作。\r\n';
  const parsed = parseStyleFile('/book/.inkwell/styles/wuxia.md', text, yaml);
  assert.ok('style' in parsed);
  assert.equal(parsed.style.id, 'wuxia');
  assert.equal(parsed.style.label, '武侠小说');
  assert.equal(parsed.style.instruction, '用金庸式的武侠笔法写作。');
});

test('without front matter the file name is the id and the whole file the instruction', () => {
  const parsed = parseStyleFile('/book/.inkwell/styles/Dry Wit.md', 'Understated, deadpan humour.\n', yaml);
  assert.deepEqual(parsed, { style: { id: 'dry-wit', label: 'dry-wit', instruction: 'Understated, deadpan humour.', source: 'workspace' } });
});

test('invalid YAML is reported with its line in the file and the reason', () => {
  const parsed = parseStyleFile(path, '---\nid: fairy-tale\nlabel: [Fairy tale\ntemperature: 1\n---\nBody.\n', yaml);
  assert.ok('error' in parsed);
  assert.match(parsed.error, /not valid YAML \(line \d\): .*(indented|\])/);
  assert.equal(parsed.reason.code, 'yaml');
});

test('other malformed files give a clear reason', () => {
  const cases: Array<[string, RegExp]> = [
    ['---\nid: x\nNo closing line.\n', /never closed/],
    ['---\n- a\n- b\n---\nBody.\n', /must be "key: value" lines/],
    ['---\nid: x\nid: y\n---\nBody.\n', /not valid YAML \(line 3\).*unique/],
    ['---\nid: x\n---\n\n', /no instruction/],
    ['---\nid: x\ntemperature: warm\n---\nBody.\n', /"temperature" must be a number from 0 to 2 \(it is "warm"\)/],
    ['---\nid: x\nlabel: 3\n---\nBody.\n', /"label" must be text/],
    ['---\nid: Noir Two\n---\nBody.\n', /the id "Noir Two": an id is lowercase letters, digits and dashes/],
  ];
  for (const [text, reason] of cases) {
    const parsed = parseStyleFile(path, text, yaml);
    assert.ok('error' in parsed, text);
    assert.match(parsed.error, reason);
  }
});

test('a file name that is no valid id asks for an id in the front matter', () => {
  const parsed = parseStyleFile('/book/.inkwell/styles/武侠.md', '用金庸式的武侠笔法写作。\n', yaml);
  assert.ok('error' in parsed);
  assert.match(parsed.error, /needs an "id" in its front matter/);
});

test('a workspace style cannot choose the provider, URL, model or key', () => {
  for (const key of ['provider: openai', 'baseUrl: https://example.invalid/v1', 'model: gpt-x', 'api_key: sk-123', 'endpoint: https://x']) {
    const parsed = parseStyleFile(path, `---\nid: sneaky\n${key}\n---\nWrite well.\n`, yaml);
    assert.ok('error' in parsed, key);
    assert.match(parsed.error, /cannot choose the provider, URL, model or key/);
    assert.deepEqual(parsed.reason, { code: 'routing-key', key: key.split(':')[0] });
  }
});

test('mergeStyles reports a malformed file by its path and keeps the good ones', () => {
  const { styles, problems } = mergeStyles([], {
    files: [
      { path: '/book/.inkwell/styles/good.md', text: '---\nid: good\nlabel: Good\n---\nWrite well.\n' },
      { path: '/book/.inkwell/styles/bad.md', text: '---\nid: bad\nlabel: "unterminated\n---\nWrite badly.\n' },
    ],
    yaml,
  });
  assert.ok(styles.some((style) => style.id === 'good' && style.source === 'workspace'));
  assert.ok(!styles.some((style) => style.id === 'bad'));
  assert.equal(problems.length, 1);
  assert.equal(problems[0].source, '/book/.inkwell/styles/bad.md');
  assert.match(problems[0].message, /not valid YAML/);
});

/** Valid YAML whose aliases multiply past what the parser builds (a "billion laughs"). */
const ALIAS_BOMB = [
  'a: &a ["x","x","x","x","x","x","x","x","x"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
].join('\n');

test('front matter the parser refuses while building it (too many aliases) is a problem of that file, not an exception', () => {
  const parsed = parseStyleFile(path, `---\nid: laughs\n${ALIAS_BOMB}\n---\nWrite.\n`, yaml);
  assert.ok('error' in parsed);
  assert.equal(parsed.reason.code, 'yaml');
  assert.match(parsed.error, /alias/i);
  const { styles, problems } = mergeStyles([], {
    files: [
      { path: '/book/.inkwell/styles/laughs.md', text: `---\nid: laughs\n${ALIAS_BOMB}\n---\nWrite.\n` },
      { path: '/book/.inkwell/styles/plain.md', text: '---\nid: plain\n---\nWrite plainly.\n' },
    ],
    yaml,
  });
  assert.ok(styles.some((style) => style.id === 'plain'), 'the other style is there');
  assert.deepEqual(problems.map((problem) => problem.source), ['/book/.inkwell/styles/laughs.md']);
});
