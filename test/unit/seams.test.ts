import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createContinuationFilter } from '../../src/core/seams';

const english = readFileSync(new URL('../fixtures/prose/english.md', import.meta.url), 'utf8');
const chinese = readFileSync(new URL('../fixtures/prose/chinese.md', import.meta.url), 'utf8');

/** Streams `answer` through a filter in the given pieces and returns what was inserted. */
function stream(before: string, after: string, pieces: string[]): string {
  const filter = createContinuationFilter(before, after);
  return pieces.map((piece) => filter.push(piece)).join('') + filter.end();
}

/** The inserted text, checked to be the same however the answer is split into deltas. */
function insert(before: string, answer: string, after = ''): string {
  const whole = stream(before, after, [answer]);
  const chars = stream(before, after, [...answer]);
  assert.equal(chars, whole, 'one character at a time differs from all at once');
  const units = stream(before, after, answer.split(''));
  assert.equal(units, whole, 'split inside surrogate pairs differs');
  for (const size of [2, 3, 7, 16]) {
    const pieces: string[] = [];
    for (let index = 0; index < answer.length; index += size) pieces.push(answer.slice(index, index + size));
    assert.equal(stream(before, after, pieces), whole, `pieces of ${size} differ`);
  }
  return whole;
}

const upTo = (text: string, marker: string) => text.slice(0, text.indexOf(marker));

test('English: a space after a finished sentence or word, none before punctuation, never two', () => {
  const sentence = upTo(english, ' She wrote the date');
  assert.equal(insert(sentence, 'She kept the pen in her apron.'), ' She kept the pen in her apron.');
  const midSentence = upTo(english, ' in a hand so small');
  assert.equal(insert(midSentence, 'in pencil, always in pencil.'), ' in pencil, always in pencil.');
  assert.equal(insert(midSentence, ', in pencil.'), ', in pencil.');
  assert.equal(insert(midSentence + ' ', ' in pencil.'), 'in pencil.');
  assert.equal(insert(midSentence, '  in pencil.'), ' in pencil.');
});

test('English dialogue: an opening quote gets a space, a closing one does not', () => {
  assert.equal(insert('Davy looked up and said,', '"You\'ve heard, then."'), ' "You\'ve heard, then."');
  assert.equal(insert('"I\'ve the head for people', '," Agnes said.'), '," Agnes said.');
  assert.equal(insert('"I\'ve the head for people', '" — she paused.'), '" — she paused.');
});

test('Chinese never gets a space, even when the model sends one', () => {
  const before = upTo(chinese, '十有八九不会错。');
  assert.equal(insert(before, '十有八九不会错。'), '十有八九不会错。');
  assert.equal(insert(before, ' 十有八九不会错。'), '十有八九不会错。');
  assert.equal(insert('他把表贴在耳边。', '他闭上眼睛。'), '他闭上眼睛。');
  assert.equal(insert('他说：', '“好东西都得等。”'), '“好东西都得等。”');
});

test('mixed Chinese and English: no space where either side is Chinese', () => {
  assert.equal(insert('她打开了 MacBook', '，屏幕亮了。'), '，屏幕亮了。');
  assert.equal(insert('她登录了', ' GitHub，把草稿传了上去。'), 'GitHub，把草稿传了上去。');
  assert.equal(insert('She ordered the 麻婆豆腐', ' again.'), 'again.');
  assert.equal(insert('她说这叫 open', ' source。'), ' source。');
});

test('after a paragraph break the continuation starts the new paragraph, with no extra newlines', () => {
  const before = upTo(english, 'She read it twice');
  assert.ok(before.endsWith('\n\n'));
  assert.equal(insert(before, '\n\nShe read it standing up.'), 'She read it standing up.');
  assert.equal(insert(before, 'She read it standing up.'), 'She read it standing up.');
  // The writer pressed Enter once: the break is completed when the model starts a paragraph.
  assert.equal(insert(before.slice(0, -1), '\n\nShe read it standing up.'), '\nShe read it standing up.');
});

test('newlines the model opens with: a paragraph after a sentence, a space in the middle of one', () => {
  const sentence = upTo(english, ' She wrote the date');
  assert.equal(insert(sentence, '\n\nThe ferry was late.'), '\n\nThe ferry was late.');
  const midSentence = upTo(english, ' in a hand so small');
  assert.equal(insert(midSentence, '\n\nin a careful hand.'), ' in a careful hand.');
});

test('paragraph indentation of a manuscript typed with ideographic spaces is kept', () => {
  const before = '\u3000\u3000陈伯没有说话。\n\u3000\u3000我推开门。\n';
  assert.equal(insert(before, '他抬起头。'), '\u3000\u3000他抬起头。');
  assert.equal(insert('\u3000\u3000陈伯没有说话。\n\u3000\u3000我推开门。', '\n他抬起头。'), '\n\u3000\u3000他抬起头。');
  assert.equal(insert(before, '他抬起头。\n“来了？”\n\u3000\u3000我点点头。'), '\u3000\u3000他抬起头。\n\u3000\u3000“来了？”\n\u3000\u3000我点点头。');
  assert.equal(insert('The lamp was lit.\n\nShe climbed.', '\n\nThe wind rose.\nThe glass sang.'), '\n\nThe wind rose.\nThe glass sang.');
});

test('an echoed end of the context is not repeated', () => {
  const before = upTo(english, '\n\nAnd in the remarks column');
  assert.equal(insert(before, '*Mrs. Agnes Pell, single.*\n\nShe closed the book.'), '\n\nShe closed the book.');
  const midSentence = 'She looked at the page for a long moment. Then, at the foot of it, below the last of the';
  assert.equal(insert(midSentence, 'below the last of the passengers, she wrote.'), ' passengers, she wrote.');
  assert.equal(insert(midSentence, 'the last of the passengers, she wrote.'), ' passengers, she wrote.');
  assert.equal(insert('She opened the do', 'opened the door and went out.'), 'or and went out.');
  assert.equal(insert('他把表贴在耳边，闭上眼睛', '闭上眼睛，听了很久。'), '，听了很久。');
  // Deliberate or coincidental repetition stays.
  assert.equal(insert('By then she had', 'had enough of bridges.'), ' had enough of bridges.');
  assert.equal(insert('She looked at', 'atlases and charts.'), ' atlases and charts.');
});

test('preambles, fences, wrapping quotes and reasoning are removed as the text streams', () => {
  const before = upTo(english, ' She wrote the date');
  const text = 'She kept the pen in her apron.';
  for (const answer of [
    `Here is the continuation:\n\n${text}`,
    `Sure! Here's a continuation:\n${text}`,
    `\`\`\`markdown\n${text}\n\`\`\``,
    `"${text}"`,
    `“${text}”`,
    `<think>The scene is calm. Continue briefly.</think>\n\n${text}`,
    `Continuation:\n\`\`\`\n${text}\n\`\`\`\n`,
  ]) {
    assert.equal(insert(before, answer), ` ${text}`, answer);
  }
  assert.equal(insert(before, '"Go home," she said. "Now."'), ' "Go home," she said. "Now."');
  assert.equal(insert('他说：', '好的，以下是续写：\n\n“好东西都得等。”'), '“好东西都得等。”');
  assert.equal(insert(before, 'Here the river turned.'), ' Here the river turned.');
});

test('the end of the continuation fits what follows the cursor', () => {
  assert.equal(insert('She opened the', 'heavy', 'door and left.'), ' heavy ');
  assert.equal(insert('She opened the', 'heavy', ' door and left.'), ' heavy');
  assert.equal(insert('She left.', 'It rained all week.\n\n', 'Then the bridge opened.'), ' It rained all week.\n\n');
  assert.equal(insert('她推开门', '，走了进去', '。'), '，走了进去');
  assert.equal(insert('She left.', 'It rained.   \n', ''), ' It rained.');
});

test('CRLF manuscripts get CRLF continuations', () => {
  const before = 'The ferry ran twice a day.\r\n\r\nShe wrote it down.';
  assert.equal(insert(before, '\n\nThe river was high.\nThe wind was south-west.'), '\r\n\r\nThe river was high.\r\nThe wind was south-west.');
  assert.equal(insert(before, 'It was late.\r\n\r\nDavy swore.'), ' It was late.\r\n\r\nDavy swore.');
});

test('it holds back only what it must', () => {
  const before = upTo(english, ' She wrote the date');
  const filter = createContinuationFilter(before, '');
  const released = ['Davy ', 'came ', 'in ', 'sideways.'].map((piece) => filter.push(piece));
  assert.deepEqual(released, [' Davy', ' came', ' in', ' sideways.']);
  assert.equal(filter.end(), '');
  // Half a surrogate pair is never released.
  const emoji = createContinuationFilter('She smiled.', '');
  const first = emoji.push('Then 😀'.slice(0, 6));
  assert.ok(!/[\uD800-\uDBFF]$/.test(first));
  assert.equal(first + emoji.push('😀'.slice(1)) + emoji.end(), ' Then 😀');
});

test('an answer that is only a preamble or only reasoning inserts nothing', () => {
  assert.equal(insert('She left.', 'Sure! Here is the continuation:\n'), '');
  assert.equal(insert('She left.', '<think>I should write something'), '');
  assert.equal(insert('She left.', ''), '');
});

test('a long reasoning block or an opening quote that never closes: the text after it, or all of it, arrives', () => {
  const thinking = `<thinking>${'The writer wants rain. '.repeat(5000)}</thinking>The rain came.`;
  const quoted = `"${'She waited by the water. '.repeat(3000)}`;
  const fence = '```' + 'x'.repeat(5000);
  for (const [answer, expected] of [[thinking, ' The rain came.'], [quoted, ` ${quoted.trimEnd()}`], [fence, ` ${fence}`]]) {
    const filter = createContinuationFilter('She waited.', '');
    let text = '';
    for (let at = 0; at < answer.length; at += 4) text += filter.push(answer.slice(at, at + 4));
    assert.equal(text + filter.end(), expected);
  }
});

test('a continuation drops the assistant’s closing notes, as a rewrite does', () => {
  const before = upTo(english, ' She wrote the date');
  const text = 'She kept the pen in her apron.\n\nThe ferry was late that night.';
  for (const note of [
    'Note: I kept the tone of the original and the past tense.',
    '---\n\nI hope this works for you!',
    "**Note:** I've kept your present tense.",
    'Let me know if you would like a darker version.',
    '希望这些对你有帮助！',
  ]) {
    assert.equal(insert(before, `${text}\n\n${note}`), ` ${text}`, note);
  }
  const chinese = '他把表贴在耳边。\n\n滴答，滴答。';
  assert.equal(insert('陈伯没有说话。', `${chinese}\n\n希望这些对你有帮助！`), chinese);
});

test('prose that opens like a closing note stays, and so does a scene break followed by prose', () => {
  const before = 'She waited.';
  for (const ending of ['This ferry had never been late.', "I've kept the letter for years.", 'I hope he drowns, she thought.', '---\n\nThe next morning the river was quiet.', '希望是一种危险的东西。']) {
    assert.equal(insert(before, `The rain came.\n\n${ending}`), ` The rain came.\n\n${ending}`, ending);
  }
});

test('a closing note is held only while it may be one: prose after a blank line arrives at once', () => {
  const filter = createContinuationFilter('She waited.', '');
  assert.equal(filter.push('The rain came.\n\nTh'), ' The rain came.');
  assert.equal(filter.push('e ferry was late.'), '\n\nThe ferry was late.');
  assert.equal(filter.push('\n\nNote: I kept'), '');
  assert.equal(filter.push(' the tone.'), '');
  assert.equal(filter.end(), '');
});

test('in a continuation, <think> after the answer has started is prose', () => {
  assert.equal(insert('She wrote on the board:', ' the word <think> and, under it, </think>.'), ' the word <think> and, under it, </think>.');
  assert.equal(insert('She waited.', 'The screen read <think> for an hour.'), ' The screen read <think> for an hour.');
});

test('at the empty last line: a new paragraph where paragraphs are blank-line separated or indented, the line above where the sentence goes on', () => {
  const blank = 'The ferry ran twice a day.\n\nShe wrote the date in the ledger.\n';
  assert.equal(insert(blank, 'The fog came in.'), '\nThe fog came in.');
  assert.equal(insert(blank, '\n\nThe fog came in.'), '\nThe fog came in.');
  assert.equal(insert(blank.replace(/\n/g, '\r\n'), 'The fog came in.'), '\r\nThe fog came in.');
  assert.equal(insert('The ferry ran twice a day.\n\nShe wrote the date and the\n', 'names of the crew.'), 'names of the crew.');
  assert.equal(insert('\tThe ferry ran twice a day.\n\tShe wrote the date.\n', 'The fog came in.'), '\tThe fog came in.');
  assert.equal(insert('陈伯没有说话。\n\n我推开门。\n', '他抬起头。'), '\n他抬起头。');
  assert.equal(insert('\u3000\u3000陈伯没有说话。\n\u3000\u3000我推开门。\n', '他抬起头。'), '\u3000\u3000他抬起头。');
  assert.equal(insert('陈伯没有说话。\n\n我推开门\n', '走了进去。'), '走了进去。');
  assert.equal(insert('INT. FERRY OFFICE - NIGHT\n\nAgnes looks up.\n\nAGNES\n', "I can't help you."), "I can't help you.");
  // Already after a blank line, or at the start of a line of text, no blank line is added.
  assert.equal(insert('The ferry ran twice a day.\n\n', 'The fog came in.'), 'The fog came in.');
  assert.ok(!insert('The ferry ran.\n\nShe left.\n', 'The fog came in.', 'Next line.').startsWith('\n'));
});
