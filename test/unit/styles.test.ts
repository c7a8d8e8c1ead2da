import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as yaml from 'yaml';
import { BUILT_IN_STYLES, mergeStyles } from '../../src/core/styles';
import { BRAINSTORM_CATEGORIES, CONTINUE_VARIANTS, REWRITE_VARIANTS } from '../../src/core/variants';

test('the built-in styles are the contract ones, match first, each with a real instruction', () => {
  assert.deepEqual(
    BUILT_IN_STYLES.map((style) => style.id),
    ['match', 'literary', 'noir', 'whimsical', 'gothic', 'minimalist', 'lyrical', 'comedic', 'screenplay', 'poetry'],
  );
  for (const style of BUILT_IN_STYLES) {
    assert.equal(style.source, 'built-in');
    assert.ok(style.label && style.description, style.id);
    assert.ok(style.instruction.length > 100, `${style.id} has a thin instruction`);
  }
  const screenplay = BUILT_IN_STYLES.find((style) => style.id === 'screenplay')!;
  assert.match(screenplay.instruction, /Fountain/);
  assert.match(screenplay.instruction, /INT\./);
  assert.match(BUILT_IN_STYLES.find((style) => style.id === 'poetry')!.instruction, /line breaks|one line of verse per line/);
});

test('variants and categories are the contract ones', () => {
  assert.deepEqual(CONTINUE_VARIANTS.map((variant) => variant.id), ['auto', 'guided']);
  assert.deepEqual(
    REWRITE_VARIANTS.map((variant) => variant.id),
    ['rephrase', 'shorter', 'expand', 'vivid', 'show-dont-tell', 'intensify', 'polish', 'custom'],
  );
  assert.deepEqual(REWRITE_VARIANTS.filter((variant) => variant.needsInstruction).map((variant) => variant.id), ['custom']);
  assert.deepEqual(
    BRAINSTORM_CATEGORIES.map((category) => category.id),
    ['characters', 'names', 'places', 'plot-points', 'twists', 'conflicts', 'dialogue', 'titles', 'objects', 'world-building', 'other'],
  );
  for (const item of [...CONTINUE_VARIANTS, ...REWRITE_VARIANTS, ...BRAINSTORM_CATEGORIES]) {
    assert.ok(item.label && item.instruction.length > 40, item.id);
  }
});

test('custom styles from settings come after the built-ins, with their fields', () => {
  const { styles, problems } = mergeStyles(
    [
      { id: 'cozy', label: 'Cozy mystery', instruction: 'Warm small-town mystery.', description: 'Tea and murder', temperature: 0.9 },
      { id: 'terse', instruction: 'Very short sentences.' },
    ],
  );
  assert.deepEqual(problems, []);
  const cozy = styles.find((style) => style.id === 'cozy');
  assert.deepEqual(cozy, {
    id: 'cozy',
    label: 'Cozy mystery',
    instruction: 'Warm small-town mystery.',
    description: 'Tea and murder',
    temperature: 0.9,
    source: 'settings',
  });
  assert.equal(styles.find((style) => style.id === 'terse')?.label, 'terse');
  assert.equal(styles.indexOf(cozy!), BUILT_IN_STYLES.length);
});

test('ids are unique: built-ins are reserved, settings win over workspace files, each clash reported', () => {
  const { styles, problems } = mergeStyles(
    [
      { id: 'noir', label: 'My noir', instruction: 'Mine.' },
      { id: 'cozy', label: 'Cozy', instruction: 'Warm.' },
    ],
    {
      files: [
        { path: '/book/.inkwell/styles/cozy.md', text: '---\nid: cozy\nlabel: Cozy too\n---\nAlso warm.\n' },
        { path: '/book/.inkwell/styles/b.md', text: '---\nid: saga\n---\nNorse saga.\n' },
        { path: '/book/.inkwell/styles/a.md', text: '---\nid: saga\n---\nIcelandic saga.\n' },
      ],
      yaml,
    },
  );
  assert.equal(styles.filter((style) => style.id === 'noir').length, 1);
  assert.equal(styles.find((style) => style.id === 'noir')?.source, 'built-in');
  assert.equal(styles.find((style) => style.id === 'cozy')?.source, 'settings');
  assert.equal(styles.find((style) => style.id === 'saga')?.instruction, 'Icelandic saga.');
  assert.deepEqual(
    problems.map((problem) => problem.source),
    ['inkwell.customStyles[0]', '/book/.inkwell/styles/b.md', '/book/.inkwell/styles/cozy.md'],
  );
  assert.match(problems[0].message, /"noir" is already used by a built-in style/);
  assert.match(problems[1].message, /"saga" is already used by \/book\/\.inkwell\/styles\/a\.md/);
  assert.deepEqual(problems[0].reason, { code: 'duplicate-id', id: 'noir', owner: undefined });
  assert.deepEqual(problems[2].reason, { code: 'duplicate-id', id: 'cozy', owner: 'inkwell.customStyles[1]' });
});

test('malformed settings entries are reported with their index and skipped', () => {
  const { styles, problems } = mergeStyles(
    ['noir', { label: 'No id', instruction: 'x' }, { id: 'two words', instruction: 'x' }, { id: 'hot', instruction: 'x', temperature: 5 }, { id: 'empty', instruction: '  ' }],
  );
  assert.equal(styles.length, BUILT_IN_STYLES.length);
  assert.deepEqual(
    problems.map((problem) => problem.source),
    [0, 1, 2, 3, 4].map((index) => `inkwell.customStyles[${index}]`),
  );
  assert.match(problems[0].message, /not an object/);
  assert.match(problems[1].message, /no "id"/);
  assert.match(problems[2].message, /the id "two words": an id is lowercase letters, digits and dashes/);
  assert.match(problems[3].message, /temperature.*0 to 2.*5/);
  assert.match(problems[4].message, /no instruction/);
  assert.deepEqual(problems.map((problem) => problem.reason.code), ['not-object', 'no-id', 'bad-id', 'bad-temperature', 'no-instruction']);
});
