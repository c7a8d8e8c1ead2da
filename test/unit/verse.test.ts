import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dictionary } from 'cmu-pronouncing-dictionary';
import { syllable } from 'syllable';
import { createVerseContinuation, defaultVerseLines, lineMeasure, looksLikeVerse, measureVerse, versePlace, versePromptForm } from '../../src/core/verse';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const sonnet = fixture('verse/sonnet-18.md');
const chinese = fixture('verse/chinese.md');

/** Syllables as the CMU pronouncing dictionary has them: its vowels carry a stress digit. */
function dictionarySyllables(word: string): number[] {
  const variants = [word, `${word}(2)`, `${word}(3)`].map((key) => dictionary[key]).filter(Boolean);
  return variants.map((phones) => (phones.match(/\d/g) ?? []).length);
}

test('syllables agree with the CMU pronouncing dictionary on the words of a sonnet and a word list', () => {
  const words = new Set(
    `${sonnet} morning evening flower fire hour heaven every beautiful silence remember sorrow
     shadow window river quiet ocean lantern harbour lighthouse keeper wandering darkness family
     poetry poem memory orange violet season autumn winter spring water mountain valley desert
     forest candle whisper thunder lightning creature ancient forever gentle rising falling`
      .toLowerCase()
      .match(/[a-z]+/g),
  );
  const known = [...words].filter((word) => dictionarySyllables(word).length > 0);
  const disagree = known.filter((word) => !dictionarySyllables(word).includes(syllable(word)));
  assert.ok(known.length >= 120, `${known.length} words in the dictionary`);
  assert.ok(disagree.length <= known.length * 0.05, `${disagree.length} of ${known.length} disagree: ${disagree.join(', ')}`);
});

test('a sonnet: four stanzas, ten-syllable lines, rhymes ABAB', () => {
  assert.equal(looksLikeVerse(sonnet), true);
  const quatrains = sonnet.split('\n\n').slice(0, 2).join('\n\n') + '\n\n';
  const form = measureVerse(quatrains, syllable);
  assert.deepEqual(form.stanzas, [4, 4]);
  assert.equal(form.usualStanza, 4);
  assert.equal(form.unit, 'syllables');
  assert.equal(form.usualLine, 10);
  assert.equal(form.rhymeScheme, 'ABAB');
  assert.equal(lineMeasure('Shall I compare thee to a summer’s day?', 'syllables', syllable), 10);
});

test('Chinese quatrains: five and seven characters a line, punctuation not counted', () => {
  const [five, seven] = chinese.split('\n\n');
  assert.equal(looksLikeVerse(chinese), true);
  assert.deepEqual(five.split('\n').map((line) => lineMeasure(line, 'characters')), [5, 5, 5, 5]);
  assert.deepEqual(seven.trim().split('\n').map((line) => lineMeasure(line, 'characters')), [7, 7, 7, 7]);
  const form = measureVerse(`${five}\n\n`);
  assert.deepEqual([form.unit, form.usualLine, form.usualStanza], ['characters', 5, 4]);
});

test('prose is not verse: paragraphs, short dialogue lines, lists', () => {
  assert.equal(looksLikeVerse(fixture('prose/english.md')), false);
  assert.equal(looksLikeVerse(fixture('prose/chinese.md')), false);
  assert.equal(looksLikeVerse('“Yes.”\n\n“No.”\n\n“Why not?”\n\n“Because.”\n\n“Fine.”'), false);
  assert.equal(looksLikeVerse('- bread\n- milk\n- eggs\n- tea\n- jam'), false);
});

/** Streams `answer` into the poem `before` in small pieces. */
function continuePoem(before: string, answer: string, lines: number): string {
  const form = measureVerse(before, syllable);
  const filter = createVerseContinuation(before, '', form, lines, syllable);
  let out = '';
  for (let at = 0; at < answer.length; at += 4) out += filter.push(answer.slice(at, at + 4));
  return out + filter.end();
}

test('a continuation at the end of a line starts on a new line and is whole lines, as many as asked', () => {
  const before = sonnet.split('\n\n')[0].split('\n').slice(0, 2).join('\n');
  assert.equal(versePlace(before, measureVerse(before, syllable), syllable), 'line-end');
  const answer = 'Rough winds do shake the darling buds of May,\nAnd summer’s lease hath all too short a date;\n\nSometime too hot the eye of heaven shines,';
  assert.equal(continuePoem(before, answer, 2), '\nRough winds do shake the darling buds of May,\nAnd summer’s lease hath all too short a date;');
});

test('at the end of a stanza a continuation starts after a blank line; mid-line it finishes the line first', () => {
  const stanza = sonnet.split('\n\n').slice(0, 2).join('\n\n');
  assert.equal(continuePoem(stanza, 'But thy eternal summer shall not fade,\nNor lose possession', 1), '\n\nBut thy eternal summer shall not fade,');
  assert.equal(continuePoem(`${stanza}\n`, 'But thy eternal summer shall not fade,', 1), '\nBut thy eternal summer shall not fade,');
  const midLine = 'Shall I compare thee to';
  assert.equal(versePlace(midLine, measureVerse(sonnet, syllable), syllable), 'mid-line');
  assert.equal(continuePoem(`${sonnet.split('\n\n')[0]}\n\nShall I compare thee to`, ' a winter’s night?\nThou art more cold', 1), ' a winter’s night?\nThou art more cold');
});

test('CRLF poems get CRLF line breaks', () => {
  const before = sonnet.split('\n\n')[0].split('\n').slice(0, 2).join('\r\n');
  assert.equal(continuePoem(before, 'Rough winds do shake the darling buds of May,\nAnd more', 1), '\r\nRough winds do shake the darling buds of May,');
});

test('the prompt is told the form and the number of lines; a rewrite keeps line and stanza breaks', () => {
  const stanza = sonnet.split('\n\n').slice(0, 2).join('\n\n');
  const form = measureVerse(stanza, syllable);
  const prompt = versePromptForm('continue', stanza, form, 4, syllable)!;
  assert.match(prompt.rules[0], /stanzas of 4 lines, lines of about 10 syllables, the rhyme scheme ABAB/);
  assert.match(prompt.whereItStops!, /end of a stanza: begin a new stanza and write 4 lines\. Write exactly 4 lines/);
  assert.match(versePromptForm('rewrite', stanza, form, 4, syllable)!.rules.join('\n'), /Keep every line break and stanza break/);
});

test('by default a continuation is one stanza: the rest of the stanza it is in, or a whole one after it', () => {
  const quatrains = sonnet.split('\n\n');
  const first = quatrains[0];
  const twoLines = `${first}\n\n${quatrains[1].split('\n').slice(0, 2).join('\n')}`;
  assert.equal(defaultVerseLines(twoLines, measureVerse(twoLines, syllable), syllable), 2);
  assert.equal(defaultVerseLines(first, measureVerse(`${first}\n\n`, syllable), syllable), 4);
  assert.equal(defaultVerseLines(`${first}\n\n`, measureVerse(`${first}\n\n`, syllable), syllable), 4);
});

test('rhymes by spelling: long vowels spelt differently, silent e, plurals', () => {
  const scheme = (text: string) => measureVerse(`${text}\n\n`, syllable).rhymeScheme;
  assert.equal(scheme('The lamp goes round above the sea,\na slow white hand on water laid;\nthe gannets wheel and cry at me,\nand every wave’s a door I made.'), 'ABAB');
  assert.equal(scheme(sonnet.split('\n\n')[1]), 'ABAB');
  assert.equal(scheme(sonnet.split('\n\n')[3]), 'AA');
  assert.equal(scheme('The night is long\nthe sea is wide\nI sing a song\nupon the tide'), 'ABAB');
  assert.equal(scheme('One\ntwo\nthree\nfour'), undefined, 'no rhyme, no scheme');
});
