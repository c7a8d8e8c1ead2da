import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fountainOutline, parseFountain, scriptCharacters, type FountainElementType } from '../../src/core/fountain';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/fountain/${name}`, import.meta.url), 'utf8');
const types = (text: string) => parseFountain(text).elements.map((element) => element.type);
const brickAndSteel = parseFountain(fixture('brick-and-steel.fountain'));

function indexesOf(type: FountainElementType): number[] {
  return brickAndSteel.elements.flatMap((element, index) => (element.type === type ? [index] : []));
}

test('Brick & Steel: the title page has its six keys, values over indented lines kept', () => {
  assert.deepEqual(
    brickAndSteel.titlePage.map((entry) => entry.key),
    ['Title', 'Credit', 'Author', 'Source', 'Draft date', 'Contact'],
  );
  assert.equal(brickAndSteel.titlePage[0].value, '_**BRICK & STEEL**_\n_**FULL RETIRED**_');
  assert.equal(brickAndSteel.titlePage[5].value.split('\n').length, 3);
});

test('Brick & Steel: scene headings, cues, dialogue, parentheticals and transitions where the reference parser finds them', () => {
  // The indexes are those of the Fountain project's own tests of this script (BrickAndSteelTests.m).
  const elements = brickAndSteel.elements;
  for (const index of [0, 23, 32, 40, 49, 55]) assert.equal(elements[index].type, 'scene-heading', `element ${index}`);
  for (const index of [3, 5, 18, 20, 25]) assert.equal(elements[index].type, 'character', `element ${index}`);
  for (const index of [4, 12, 27]) assert.equal(elements[index].type, 'dialogue', `element ${index}`);
  for (const index of [11, 26]) assert.equal(elements[index].type, 'parenthetical', `element ${index}`);
  for (const index of [22, 31, 68, 77]) assert.equal(elements[index].type, 'transition', `element ${index}`);
  for (const index of [1, 16, 30]) assert.equal(elements[index].type, 'action', `element ${index}`);
  assert.deepEqual([elements[18].dual, elements[20].dual], [true, true], 'both speakers of the dual dialogue');
  assert.equal(elements[27].text, '*Did you know Brick and Steel are retired?*', 'indented dialogue is still dialogue');
  assert.equal(elements[16].text.split('\n').length, 3, 'an action paragraph keeps its lines');
});

test('Brick & Steel: forced scene headings, centered text and a forced transition', () => {
  assert.deepEqual(
    brickAndSteel.elements.filter((element) => element.forced).map((element) => [element.type, element.text]),
    [
      ['scene-heading', 'SNIPER SCOPE POV'],
      ['scene-heading', 'OPENING TITLES'],
      ['transition', 'BURN TO PINK.'],
    ],
  );
  assert.deepEqual(
    indexesOf('centered').map((index) => brickAndSteel.elements[index].text),
    ['BRICK BRADDOCK', '& DICK STEEL IN', 'BRICK & STEEL', 'FULL RETIRED', 'THE END'],
  );
});

test('Brick & Steel: its characters, most frequent first, by name without extensions', () => {
  assert.deepEqual(scriptCharacters(brickAndSteel), ['STEEL', 'BRICK', 'COGNITO', 'JACK', 'DAN', 'MINION', 'HANDSOME MAN']);
});

test('offsets cover each element’s own lines, in CRLF files too', () => {
  // The sample mixes CRLF and LF line ends as it comes; here every line ends in CRLF.
  const text = fixture('brick-and-steel.fountain').replace(/\r?\n/g, '\r\n');
  const script = parseFountain(text);
  assert.equal(script.elements.length, brickAndSteel.elements.length);
  const heading = script.elements[23];
  assert.equal(text.slice(heading.start, heading.end), 'INT. TRAILER HOME - DAY');
  const action = script.elements[16];
  assert.equal(text.slice(action.start, action.end), "And then there's a long beat.\r\nLonger than is funny.\r\nLong enough to be depressing.");
});

test('forced elements: ! action, @ character, ~ lyrics', () => {
  const script = parseFountain(fixture('ForcedElements.fountain'));
  assert.deepEqual(
    script.elements.map((element) => [element.type, element.text]),
    [
      ['action', 'BANG\nBANG\nBANG'],
      ['character', 'McDUCK'],
      ['dialogue', "I'm vegan."],
      ['character', 'SINGER'],
      ['lyrics', 'These are the songs'],
      ['lyrics', 'That I sing.'],
    ],
  );
});

test('dialogue: extensions, parentheticals, lower-case cont’d, a cue needs a letter', () => {
  const script = parseFountain(fixture('Dialogue.fountain'));
  const cues = script.elements.filter((element) => element.type === 'character');
  assert.deepEqual([...new Set(cues.map((cue) => cue.name))], ['ADAM', 'EVE', 'R2D2']);
  assert.ok(script.elements.some((element) => element.type === 'action' && element.text.startsWith('23 (O.S.)')));
  assert.equal(script.elements.filter((element) => element.type === 'parenthetical').length, 4);
});

test('notes and boneyard', () => {
  assert.deepEqual(
    parseFountain(fixture('Notes.fountain')).elements.map((element) => [element.type, element.text]),
    [
      ['action', 'A line.'],
      ['note', 'A note.'],
      ['note', 'This line spans\n  multiple lines.'],
      ['action', 'This is an [[internal]] note.'],
    ],
  );
  assert.deepEqual(
    parseFountain(fixture('Boneyard.fountain')).elements.map((element) => element.text),
    ['A line of action.', 'This is an  boneyard.'],
  );
  // A cue hidden in the boneyard is no cue; the line after it is action.
  assert.deepEqual(types('/* MARA\n*/\nHello.'), ['action']);
});

test('sections with their depth, synopses, page breaks and scene numbers', () => {
  const sections = parseFountain(fixture('SectionHeaders.fountain')).elements;
  assert.deepEqual(sections.map((element) => [element.text, element.depth]), [
    ['Act One', 1],
    ['Act Two', 1],
    ['ACT THREE', 1],
    ['ACT FOUR', 1],
    ['5', 1],
    ['Level 2', 2],
    ['Level 3', 3],
  ]);
  assert.deepEqual(types(fixture('Synopses.fountain')), ['section', 'synopsis', 'section', 'synopsis', 'section', 'synopsis']);
  assert.deepEqual(types(fixture('PageBreaks.fountain')), ['action', 'page-break', 'action', 'page-break', 'action']);
  const scenes = parseFountain(fixture('SceneNumbers.fountain')).elements;
  assert.deepEqual(scenes.map((scene) => scene.sceneNumber), ['1', '1A', '1a', 'A1', 'I-1-A', '1.', '110A']);
  assert.equal(scenes[6].text, 'INT. HOUSE - DAY - FLASHBACK (1944)');
});

test('transitions and centered text', () => {
  assert.deepEqual(types(fixture('Transitions.fountain')), ['transition', 'transition', 'action', 'transition', 'transition', 'transition', 'transition']);
  assert.deepEqual(types(fixture('CenteredText.fountain')), ['centered', 'transition', 'centered', 'centered']);
});

test('a scene heading needs blank lines around it, a cue needs its dialogue under it', () => {
  assert.deepEqual(types('Mara runs.\nINT. HOUSE - NIGHT\n'), ['action']);
  assert.deepEqual(types('\nMARA\n\nShe waits.'), ['action', 'action']);
  assert.deepEqual(types('INT. HOUSE - NIGHT\n\nMARA\nHello.'), ['scene-heading', 'character', 'dialogue']);
});

test('the outline: sections nest by depth, scenes sit in their section with who speaks in them', () => {
  const text = '# Act One\n\n## The rock\n\nINT. LENS ROOM - NIGHT #1#\n\nMARA\nYou’re not there.\n\nEXT. GALLERY - CONTINUOUS\n\nWind.\n\n# Act Two\n\nINT. BOAT - DAY\n\nTOM\nAhoy.\n';
  const outline = fountainOutline(parseFountain(text), text.length);
  const shape = (entries: ReturnType<typeof fountainOutline>): unknown[] =>
    entries.map((entry) => [entry.kind, entry.name, entry.detail, shape(entry.children)]);
  assert.deepEqual(shape(outline), [
    ['section', 'Act One', '', [['section', 'The rock', '', [
      ['scene', 'INT. LENS ROOM - NIGHT', '#1 · MARA', []],
      ['scene', 'EXT. GALLERY - CONTINUOUS', '', []],
    ]]]],
    ['section', 'Act Two', '', [['scene', 'INT. BOAT - DAY', 'TOM', []]]],
  ]);
  const [lens, gallery] = outline[0].children[0].children;
  assert.equal(text.slice(lens.start, lens.end), 'INT. LENS ROOM - NIGHT #1#\n\nMARA\nYou’re not there.');
  assert.equal(text.slice(gallery.start, gallery.end), 'EXT. GALLERY - CONTINUOUS\n\nWind.');
  assert.equal(outline[1].end, text.length, 'the last section runs to the end');
});
