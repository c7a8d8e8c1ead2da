import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanCompleteText } from '../../src/core/clean';
import { looksLikeRefusal } from '../../src/core/modelText';

const passage = 'Davy came down the gangway with the engine keys in his hand.\n\nIt was lit from beneath now, every pier washed in white.';

test('preambles are removed, in English and Chinese', () => {
  const answers = [
    `Here is the continuation:\n\n${passage}`,
    `Sure! Here's a continuation of the story:\n${passage}`,
    `Certainly.\nHere is the rewritten passage:\n\n${passage}`,
    `**Continuation:**\n\n${passage}`,
    `Revised version:\n${passage}`,
    `Sure, here is a continuation of the scene.\n\n${passage}`,
    `Here's the continuation:\n---\n${passage}`,
  ];
  for (const answer of answers) assert.equal(cleanCompleteText(answer, 'rewrite'), passage, answer);
  const chinese = '他把表贴在耳边，闭上眼睛。\n\n滴答，滴答。';
  for (const answer of [`好的，以下是续写：\n\n${chinese}`, `以下是改写后的文本：\n${chinese}`, `当然！\n续写如下：\n${chinese}`]) {
    assert.equal(cleanCompleteText(answer, 'rewrite'), chinese, answer);
  }
});

test('prose that merely looks like a preamble stays', () => {
  for (const prose of [
    'Here the river turned, and the ferry with it.\n\nAgnes wrote it down.',
    'She read the letter aloud:\n\n"Dear Mrs. Pell, we regret…"',
    'Okay, so maybe the bridge was not the end of the world, Davy thought.',
  ]) {
    assert.equal(cleanCompleteText(prose, 'rewrite'), prose);
  }
});

test('a rewrite keeps what the original passage itself had', () => {
  const original = 'Here is what she wrote:\n\nDear Davy, the ferry is gone.';
  const rewrite = 'Here is what she wrote:\n\nDear Davy, the ferry has gone for good.';
  assert.equal(cleanCompleteText(rewrite, 'rewrite', original), rewrite);
  assert.equal(cleanCompleteText(`Sure! Here is the rewrite:\n\n${rewrite}`, 'rewrite', original), rewrite);
  assert.equal(cleanCompleteText('"Leave now."', 'rewrite', '"Go home."'), '"Leave now."');
  assert.equal(cleanCompleteText('"Leave now."', 'rewrite', 'Go home.'), 'Leave now.');
});

test('code fences around the whole answer are removed, also when the closing one is missing', () => {
  assert.equal(cleanCompleteText(`\`\`\`markdown\n${passage}\n\`\`\``, 'rewrite'), passage);
  assert.equal(cleanCompleteText(`\`\`\`\n${passage}\n\`\`\`\n`, 'continue'), passage);
  assert.equal(cleanCompleteText(`Here is the rewrite:\n\`\`\`text\n${passage}\n\`\`\``, 'rewrite'), passage);
  assert.equal(cleanCompleteText(`\`\`\`\n${passage}`, 'rewrite'), passage);
});

test('quotes around the whole answer are removed; dialogue keeps its quotes', () => {
  assert.equal(cleanCompleteText('"The ledger was closed for good."', 'rewrite'), 'The ledger was closed for good.');
  assert.equal(cleanCompleteText('“The ledger was closed for good.”', 'rewrite'), 'The ledger was closed for good.');
  assert.equal(cleanCompleteText('「账本合上了。」', 'rewrite'), '账本合上了。');
  const dialogue = '"You\'ve heard, then," he said. "They\'ll want you for the bridge."';
  assert.equal(cleanCompleteText(dialogue, 'rewrite'), dialogue);
  const chineseDialogue = '“还没来？”\n\n“没来。”';
  assert.equal(cleanCompleteText(chineseDialogue, 'rewrite'), chineseDialogue);
});

test('reasoning blocks are removed; an unclosed one leaves nothing', () => {
  assert.equal(cleanCompleteText(`<think>The user wants a continuation. Keep it short.</think>\n\n${passage}`, 'continue'), passage);
  assert.equal(cleanCompleteText(`Let me consider the tone.</think>${passage}`, 'rewrite'), passage);
  assert.equal(cleanCompleteText('<think>Still thinking about the ferry', 'continue'), '');
});

test('closing notes are removed', () => {
  for (const note of [
    'Note: I kept the present tense and shortened the second sentence.',
    "I hope this captures the mood you're after! Let me know if you'd like changes.",
    '(I have kept the original tense.)',
    '---\n\nChanges made: tightened the imagery.',
    '注：保留了原文的时态。',
  ]) {
    assert.equal(cleanCompleteText(`${passage}\n\n${note}`, 'rewrite'), passage, note);
  }
});

test('a continuation keeps its leading whitespace when nothing was removed before it', () => {
  assert.equal(cleanCompleteText(' and then she left.', 'continue'), ' and then she left.');
  assert.equal(cleanCompleteText('Here is the continuation:\n\nand then she left.', 'continue'), 'and then she left.');
});

test('refusals are recognised; stories that start like one are not', () => {
  for (const refusal of [
    "I'm sorry, but I can't help with that request.",
    "I can't assist with continuing this content.",
    'Sorry, I cannot continue this story.',
    'As an AI, I must decline to write this.',
    '抱歉，我无法协助完成这个请求。',
    '对不起，我不能继续创作这类内容。',
  ]) {
    assert.ok(looksLikeRefusal(refusal), refusal);
  }
  for (const prose of [
    "I can't breathe, she thought, and the river took her.",
    "I won't go back there. Not after what the bridge did to us.",
    '我不能回去了。桥已经修好，渡船再也不会来了。',
    passage,
  ]) {
    assert.ok(!looksLikeRefusal(prose), prose);
  }
});

test('cleaning with the original passage never removes the writer’s own words from an echoed rewrite', () => {
  for (const original of [
    'Okay.\n\nShe folded the letter and put it back in the ledger.',
    'Okay. Fine. She would take the night ferry, then.',
    'He typed </think> into the console and the screen went dark.',
    'The tag read <think> in green chalk, and under it: </think>.',
    'Here is the continuation:\n\nnothing, the note said, nothing at all.',
  ]) {
    assert.equal(cleanCompleteText(original, 'rewrite', original), original, original);
  }
  // Without the passage, the same shapes are the assistant's and go.
  assert.equal(cleanCompleteText('Let me think about the tone.</think>She folded the letter.', 'rewrite', 'She folded it.'), 'She folded the letter.');
});

test('an answer that is only a preamble is no rewrite', () => {
  for (const answer of ['Here is the rewritten passage:', 'Sure! Here is a more vivid version of the scene.', 'Okay.', '好的，以下是改写：']) {
    assert.equal(cleanCompleteText(answer, 'rewrite', 'The ferry was late.'), '', answer);
  }
  assert.equal(cleanCompleteText('Okay.', 'rewrite', 'Okay.'), 'Okay.');
});

test('dialogue is not a refusal: in quotes, under a character cue, after a dialogue cue, or speaking to a character', () => {
  const line = "I can't help you, Marcus. Not this time.";
  assert.ok(!looksLikeRefusal(line));
  assert.ok(!looksLikeRefusal(`"${line}"`));
  assert.ok(!looksLikeRefusal("I'm sorry, but I can't help with that request.", { before: 'INT. FERRY OFFICE - NIGHT\n\nAgnes looks up.\n\nAGNES\n' }));
  assert.ok(!looksLikeRefusal("I can't help with that request.", { before: 'She looked at him and said,' }));
  assert.ok(!looksLikeRefusal("I can't help with that request.", { before: '“Please,” he said. “' }));
  assert.ok(!looksLikeRefusal("I'm sorry, Marcus, but I can't help with that.", {}));
  assert.ok(!looksLikeRefusal("I'm sorry, but I can't help with that request.", { original: "I'm sorry, but I can't help with that request, Mr. Pell." }));
  // The assistant's own voice, at the very start, naming what it declines.
  assert.ok(looksLikeRefusal("I'm sorry, but I can't help with that request.", { before: 'The ferry was late.\n\n' }));
  assert.ok(looksLikeRefusal("I can't write this scene as requested.", { before: 'The ferry was late.' }));
  assert.ok(!looksLikeRefusal(`The ferry was late. I'm sorry, but I can't help with that request.`));
});
