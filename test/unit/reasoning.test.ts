import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ThinkFilter, isReasoningModel, refusesSamplingParameters } from '../../src/core/reasoning';

function filtered(chunks: string[]): string {
  const filter = new ThinkFilter();
  return chunks.map((chunk) => filter.push(chunk)).join('') + filter.end();
}

/** Every way of cutting `text` into two or three chunks. */
function* splits(text: string): Generator<string[]> {
  for (let i = 0; i <= text.length; i++) {
    for (let j = i; j <= text.length; j++) yield [text.slice(0, i), text.slice(i, j), text.slice(j)];
  }
}

test('reasoning in <think> tags never reaches the answer, wherever the chunks split the tags', () => {
  const stream = '<think>The reader expects rain.\nMaybe a storm?</think>\n\nThe rain came at dusk.';
  for (const chunks of splits(stream)) {
    assert.equal(filtered(chunks), 'The rain came at dusk.', JSON.stringify(chunks));
  }
});

test('every reasoning tag the answer opens with is removed, in any case, one block after another', () => {
  for (const name of ['think', 'thinking', 'reasoning', 'reflection', 'THINK', 'Thinking']) {
    const stream = `<${name}>Plan: a short scene.</${name}>\n<think>Rain, then.</think>\n\nThe rain came at dusk.`;
    for (const chunks of splits(stream)) assert.equal(filtered(chunks), 'The rain came at dusk.', JSON.stringify(chunks));
  }
});

test('once the answer has started, a tag is the text’s own: a story may mention <think>', () => {
  const stream = 'She paused. <think>hmm</think>Then she ran.\n\nAnd ran.';
  for (const chunks of splits(stream)) {
    assert.equal(filtered(chunks), stream, JSON.stringify(chunks));
  }
  assert.equal(filtered(['Once', ' upon<think>plan the', ' next line']), 'Once upon<think>plan the next line');
  assert.equal(filtered(['雨', '<th', 'ink>想</thi', 'nk>夜里下起了雨。']), '雨<think>想</think>夜里下起了雨。');
});

test('an unclosed reasoning block is reasoning to the end; a lone < or a near-tag is answer text', () => {
  assert.equal(filtered(['<think>plan the', ' next line']), '');
  assert.equal(filtered(['<th', 'ink>想</thi', 'nk>夜里下起了雨。']), '夜里下起了雨。');
  assert.equal(filtered(['a < b and <thin', 'king> is a word']), 'a < b and <thinking> is a word');
  assert.equal(filtered(['<thin', 'g>s went on']), '<thing>s went on');
  assert.equal(filtered(['ends with <thi']), 'ends with <thi');
  assert.equal(filtered(['<thi']), '<thi');
});

test('text arrives as soon as it cannot be the start of a tag', () => {
  const filter = new ThinkFilter();
  assert.equal(filter.push('  <'), '');
  assert.equal(filter.push('slowly'), '  <slowly');
  assert.equal(filter.push(' the door <'), ' the door <');
  assert.equal(filter.push('think> opened'), 'think> opened');
});

test('o-series and gpt-5 models are reasoning models; others are not', () => {
  for (const model of ['o1', 'o1-mini', 'o3', 'o3-pro', 'o4-mini', 'gpt-5', 'gpt-5-mini', 'gpt-5.1', 'openai/o3-mini', 'openai/gpt-5-nano', 'GPT-5']) {
    assert.equal(isReasoningModel(model), true, model);
  }
  for (const model of ['gpt-4o', 'gpt-4.1-mini', 'llama3.1:8b', 'qwen3:8b', 'omni-moderation', 'olmo-2', 'gpt-50x', 'mistral-small']) {
    assert.equal(isReasoningModel(model), false, model);
  }
});

test('a 400 about max_tokens or the temperature is recognised; other 400s are not', () => {
  assert.equal(refusesSamplingParameters({ param: 'max_tokens', message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead." }), true);
  assert.equal(refusesSamplingParameters({ param: 'temperature', message: "Unsupported value: 'temperature' does not support 0.7 with this model. Only the default (1) value is supported." }), true);
  assert.equal(refusesSamplingParameters({ message: 'This model does not support temperature' }), true);
  assert.equal(refusesSamplingParameters({ message: "This model's maximum context length is 8192 tokens." }), false);
  assert.equal(refusesSamplingParameters({ message: 'messages must not be empty', param: 'messages' }), false);
});
