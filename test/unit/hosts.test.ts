import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { apiKeySecretName, confirmationFor, hostOf, isLoopbackUrl } from '../../src/core/hosts';

test('addresses on this machine are loopback, every other address is not', () => {
  for (const url of [
    'http://127.0.0.1:11434/v1',
    'http://127.8.9.10/v1',
    'http://localhost:1234/v1',
    'http://LOCALHOST/v1',
    'http://[::1]:8080/v1',
    'http://[::ffff:127.0.0.1]:8080/v1',
  ]) {
    assert.equal(isLoopbackUrl(url), true, url);
  }
  for (const url of [
    'https://api.openai.com/v1',
    'http://192.168.1.20:11434/v1',
    'http://10.0.0.1/v1',
    'http://128.0.0.1/v1',
    'http://localhost.example.com/v1',
    'http://studio.localhost/v1',
    'http://127.0.0.1.example.com/v1',
    'http://[::2]/v1',
    'file:///etc/passwd',
    'not a url',
  ]) {
    assert.equal(isLoopbackUrl(url), false, url);
  }
});

test('the host of a URL keeps a non-default port and ignores path and case', () => {
  assert.equal(hostOf('https://API.OpenAI.com/v1'), 'api.openai.com');
  assert.equal(hostOf('https://api.openai.com:443/v1'), 'api.openai.com');
  assert.equal(hostOf('http://127.0.0.1:11434/v1'), '127.0.0.1:11434');
  assert.equal(hostOf('ftp://example.com'), undefined);
  assert.equal(hostOf(''), undefined);
});

test('a key is stored per provider and per host, so it never follows the writer to another server', () => {
  const openai = apiKeySecretName('openai', 'https://api.openai.com/v1');
  assert.equal(openai, 'inkwell.apiKey:openai:api.openai.com');
  assert.notEqual(apiKeySecretName('openai-compatible', 'https://api.openai.com/v1'), openai);
  assert.notEqual(apiKeySecretName('openai', 'https://api.openai.com.evil.example/v1'), openai);
  assert.notEqual(apiKeySecretName('openai-compatible', 'http://127.0.0.1:8000/v1'), apiKeySecretName('openai-compatible', 'http://127.0.0.1:8001/v1'));
  assert.equal(apiKeySecretName('azure', 'https://res.openai.azure.com/'), apiKeySecretName('azure', 'https://RES.openai.azure.com/openai'));
});

test('loopback never asks; another host asks once, then the answer given holds', () => {
  assert.equal(confirmationFor('http://127.0.0.1:11434/v1', {}), 'local');
  assert.equal(confirmationFor('http://localhost:1234/v1', { 'localhost:1234': false }), 'local');
  assert.equal(confirmationFor('https://api.openai.com/v1', {}), 'ask');
  assert.equal(confirmationFor('https://api.openai.com/v1', { 'api.openai.com': true }), 'allowed');
  assert.equal(confirmationFor('https://api.openai.com/v1', { 'api.openai.com': false }), 'declined');
  assert.equal(confirmationFor('https://openrouter.ai/api/v1', { 'api.openai.com': true }), 'ask');
  assert.equal(confirmationFor('https://api.openai.com:8443/v1', { 'api.openai.com': true }), 'ask');
});
