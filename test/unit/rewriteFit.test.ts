import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fitRewrite } from '../../src/core/rewriteFit';

const english = readFileSync(new URL('../fixtures/prose/english.md', import.meta.url), 'utf8');

test('a rewrite round trip keeps CRLF, surrounding whitespace and paragraph breaks', () => {
  const document = english.replace(/\n/g, '\r\n');
  const start = document.indexOf('"You\'ve heard, then,"') - 4; // includes the paragraph break before it
  const end = document.indexOf('"I\'ve heard."') + '"I\'ve heard."'.length + 2;
  const original = document.slice(start, end);
  const model = '"So you know," he said, once the lines were tied.\n"I know."';
  const fitted = fitRewrite(original, model);
  assert.equal(fitted, '\r\n\r\n"So you know," he said, once the lines were tied.\r\n\r\n"I know."\r\n');
  const result = document.slice(0, start) + fitted + document.slice(end);
  assert.ok(!/[^\r]\n/.test(result), 'a bare LF got into a CRLF document');
  assert.equal(fitRewrite('She left.', 'She went.\r\n'), 'She went.');
});

test('a rewrite keeps indentation and the one-line-per-paragraph pattern', () => {
  const original = '\u3000\u3000陈伯没有说话。\n\u3000\u3000他低下头，擦着柜台。';
  assert.equal(fitRewrite(original, '陈伯一言不发。\n\n他垂下头，擦着并不存在的灰。'), '\u3000\u3000陈伯一言不发。\n\u3000\u3000他垂下头，擦着并不存在的灰。');
  const verse = 'The river keeps its counsel,\nthe ferry keeps its time;\n\nthe ledger keeps the names\nof everyone in line.';
  const rewritten = 'The river holds its counsel,\nthe ferry holds its time;\n\nthe ledger holds the names\nof all who stood in line.';
  assert.equal(fitRewrite(verse, rewritten), rewritten);
});

test('a rewrite keeps Markdown markup', () => {
  assert.equal(fitRewrite('> The river was high.\n> The wind was light.', 'The river ran high.\nThe wind was soft.'), '> The river ran high.\n> The wind was soft.');
  assert.equal(fitRewrite('*Mrs. Agnes Pell, single.*', 'Mrs. Agnes Pell, alone.'), '*Mrs. Agnes Pell, alone.*');
  assert.equal(fitRewrite('**The end.**', 'The finish.'), '**The finish.**');
  assert.equal(fitRewrite('## The Last Crossing', 'The Final Crossing'), '## The Final Crossing');
  assert.equal(fitRewrite('- Mrs. Ruth Aske, return.', 'Mrs. Ruth Aske, both ways.'), '- Mrs. Ruth Aske, both ways.');
  assert.equal(fitRewrite('"Go home."', 'Leave now.'), '"Leave now."');
  const inline = 'The *Margaret Ann* came in sideways.';
  assert.equal(fitRewrite(inline, 'The *Margaret Ann* slid in sideways.'), 'The *Margaret Ann* slid in sideways.');
  assert.equal(fitRewrite('She left.', ''), '');
});
