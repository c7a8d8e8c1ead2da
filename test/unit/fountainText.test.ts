import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFountain } from '../../src/core/fountain';
import { correctName, createFountainContinuation, fitFountainRewrite, fountainCursor, fountainPromptForm, toFountain, whatMayFollow } from '../../src/core/fountainText';

const SCENE = 'INT. LIGHTHOUSE - NIGHT\n\nWind hammers the glass.\n\nMARA\n(under her breath)\nYou’re not there.\n\nTOM\nMara?';
const KNOWN = ['MARA', 'TOM'];

/** Streams `answer` a few characters at a time, as a model does, and returns what lands after `before`. */
function continueScript(before: string, answer: string, after = ''): string {
  const filter = createFountainContinuation(before, after, KNOWN);
  let out = '';
  for (let at = 0; at < answer.length; at += 3) out += filter.push(answer.slice(at, at + 3));
  return out + filter.end();
}

/** No Markdown left: no bold, headings, fences or NAME: prefixes. */
function assertNoMarkdown(text: string): void {
  assert.doesNotMatch(text, /\*\*|^#|```|^[A-Z]+:\s/m, text);
}

test('the element at the cursor: after a cue, in dialogue, after a heading, after a blank line', () => {
  assert.deepEqual(fountainCursor(`${SCENE.split('\n\nTOM')[0]}\n\nTOM`), { element: 'character', speaker: 'TOM', lastLine: 'TOM', place: 'in-line' });
  assert.equal(fountainCursor(`${SCENE}\n`).place, 'line-start');
  assert.equal(fountainCursor(SCENE).element, 'dialogue');
  assert.equal(fountainCursor(SCENE).speaker, 'TOM');
  assert.equal(fountainCursor('INT. LIGHTHOUSE - NIGHT').element, 'scene-heading');
  assert.deepEqual(fountainCursor(`${SCENE}\n\n`), { element: 'dialogue', lastLine: 'Mara?', place: 'after-blank' });
  assert.equal(fountainCursor('').element, undefined);
  assert.match(whatMayFollow(fountainCursor(`${SCENE}\n\nMARA`)), /MARA's character cue: write what MARA says, starting on the line under the cue/);
  assert.match(whatMayFollow(fountainCursor('INT. LIGHTHOUSE - NIGHT')), /action/);
});

test('after a cue, dialogue goes on the next line (and a repeated cue is dropped)', () => {
  const before = `${SCENE}\n\nMARA`;
  assert.equal(continueScript(before, 'Don’t come up.'), '\nDon’t come up.');
  assert.equal(continueScript(before, 'MARA\nDon’t come up.'), '\nDon’t come up.');
  assert.equal(continueScript(before, '\n\nDon’t come up.'), '\nDon’t come up.', 'no blank line between a cue and its dialogue');
  assert.equal(continueScript(`${before}\n`, '(quietly)\nDon’t.'), '(quietly)\nDon’t.');
});

test('after dialogue: a cue or action after a blank line, or the same line finished', () => {
  assert.equal(continueScript(SCENE, '\nMARA\nStay there.'), '\n\nMARA\nStay there.');
  assert.equal(continueScript(SCENE, ' Is that you?'), ' Is that you?', 'the line of dialogue goes on');
  assert.equal(continueScript(`${SCENE}\n`, 'MARA\nStay there.'), '\nMARA\nStay there.');
  assert.equal(continueScript(`${SCENE}\n\n`, 'She turns.'), 'She turns.');
});

test('after a scene heading, action after a blank line', () => {
  assert.equal(continueScript('INT. LIGHTHOUSE - NIGHT', 'Rain.'), '\n\nRain.');
  assert.equal(continueScript('INT. LIGHTHOUSE - NIGHT\n', 'Rain.'), '\nRain.');
});

test('a Markdown screenplay becomes Fountain: bold headings and cues, # titles, NAME: lines, fences, extensions', () => {
  const answer = [
    '```fountain',
    '# Scene 2',
    '',
    '**EXT. GALLERY - CONTINUOUS**',
    'The wind tears at her coat.',
    '**MARA**',
    '',
    'Tom, get inside!',
    'TOM(V.O.): I can’t see you.',
    '**Mara:** *(shouting)* Follow the light!',
    'MARRA ( cont’d )',
    'Now!',
    '```',
  ].join('\n');
  const landed = continueScript(`${SCENE}\n\n`, answer);
  assert.equal(
    landed,
    [
      'EXT. GALLERY - CONTINUOUS',
      '',
      'The wind tears at her coat.',
      '',
      'MARA',
      'Tom, get inside!',
      '',
      'TOM (V.O.)',
      'I can’t see you.',
      '',
      'MARA',
      '(shouting)',
      'Follow the light!',
      '',
      'MARA (CONT’D)',
      'Now!',
    ].join('\n'),
  );
  assertNoMarkdown(landed);
  const script = parseFountain(`${SCENE}\n\n${landed}`);
  const added = script.elements.slice(parseFountain(SCENE).elements.length);
  assert.deepEqual(added.map((element) => element.type), [
    'scene-heading', 'action', 'character', 'dialogue', 'character', 'dialogue', 'character', 'parenthetical', 'dialogue', 'character', 'dialogue',
  ]);
  assert.deepEqual(added.filter((element) => element.type === 'character').map((element) => element.name), ['MARA', 'TOM', 'MARA', 'MARA']);
});

test('a new character is allowed; a misspelt known one is corrected', () => {
  assert.equal(correctName('MARRA', KNOWN), 'MARA');
  assert.equal(correctName('MRAA', KNOWN), 'MARA');
  assert.equal(correctName('KEEPER', KNOWN), 'KEEPER');
  assert.equal(correctName('TIM', ['TOM', 'TAM']), 'TIM', 'two names as close: no guess');
  assert.equal(continueScript(`${SCENE}\n\n`, 'KEEPER\nWho’s there?'), 'KEEPER\nWho’s there?');
});

test('CRLF scripts get CRLF line breaks', () => {
  const before = `${SCENE}\n\nMARA`.replace(/\n/g, '\r\n');
  assert.equal(continueScript(before, 'Go.\n\nTOM: Never.'), '\r\nGo.\r\n\r\nTOM\r\nNever.');
});

test('preamble and ordinary prose pass as Fountain action', () => {
  assert.equal(continueScript(`${SCENE}\n\n`, 'Here is the continuation:\n\nShe climbs the stairs, slowly, one hand on the cold rail.'), 'She climbs the stairs, slowly, one hand on the cold rail.');
  assert.equal(continueScript('Rain.', ' It does not stop: it never stops.'), ' It does not stop: it never stops.');
});

test('a rewrite made Fountain reads as following the text before it', () => {
  assert.equal(toFountain('**MARA**\nYou’re *not* there.', `${SCENE}\n\n`, KNOWN), 'MARA\nYou’re *not* there.');
  assert.equal(toFountain('You are not there.\n\nGo away.', `${SCENE.split('You’re')[0]}`, KNOWN), 'You are not there.\n\nGo away.');
});

test('the prompt form: where the script stops, its characters, what a rewritten passage is made of', () => {
  const continuing = fountainPromptForm('continue', `${SCENE}\n\nMARA`, SCENE.length + 6, SCENE.length + 6, KNOWN);
  assert.match(continuing.whereItStops!, /MARA's character cue/);
  assert.match(continuing.rules.join('\n'), /MARA, TOM/);
  const passage = 'You’re not there.';
  const at = SCENE.indexOf(passage);
  const rewriting = fountainPromptForm('rewrite', SCENE, at, at + passage.length, KNOWN);
  assert.match(rewriting.rules.join('\n'), /in order: MARA's dialogue\)/);
  const whole = fountainPromptForm('rewrite', SCENE, 0, SCENE.length, KNOWN);
  assert.match(whole.rules.join('\n'), /in order: a scene heading, action, a character cue, a parenthetical, MARA's dialogue, a character cue, TOM's dialogue\)/);
  assert.match(fountainPromptForm('brainstorm', SCENE, 0, 0, KNOWN).rules[0], /gives its speaker first/);
});

test('a rewrite of one speech stays one speech', () => {
  const before = SCENE.slice(0, SCENE.indexOf('Mara?'));
  assert.equal(fitFountainRewrite('**TOM**\n\nMara? Is that you?\n\nAnswer me.', 'Mara?', before, KNOWN), 'Mara? Is that you?\nAnswer me.');
});
