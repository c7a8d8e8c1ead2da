import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { apiKeySecretName, confirmationFor, hostOf, isLoopbackUrl, isPlainHttpToAnotherMachine, legacyApiKeySecretName, originOf } from '../../src/core/hosts';

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

test('the origin of a URL is its scheme, host and non-default port', () => {
  assert.equal(originOf('https://API.OpenAI.com:443/v1'), 'https://api.openai.com');
  assert.equal(originOf('http://127.0.0.1:11434/v1'), 'http://127.0.0.1:11434');
  assert.equal(originOf('http://example.com:80/v1'), 'http://example.com');
  assert.equal(originOf('ftp://example.com'), undefined);
  assert.equal(originOf('not a url'), undefined);
  assert.equal(isPlainHttpToAnotherMachine('http://192.0.2.7:8080/v1'), true);
  assert.equal(isPlainHttpToAnotherMachine('HTTP://example.com/v1'), true);
  assert.equal(isPlainHttpToAnotherMachine('https://example.com/v1'), false);
  assert.equal(isPlainHttpToAnotherMachine('http://127.0.0.1:8080/v1'), false);
});

test('a key is stored per provider and per origin, so it never follows the writer to another server or scheme', () => {
  const openai = apiKeySecretName('openai', 'https://api.openai.com/v1');
  assert.equal(openai, 'inkwell.apiKey:openai:https://api.openai.com');
  assert.notEqual(apiKeySecretName('openai-compatible', 'http://models.example.com/v1'), apiKeySecretName('openai-compatible', 'https://models.example.com/v1'));
  assert.notEqual(apiKeySecretName('openai-compatible', 'https://models.example.com/v1'), apiKeySecretName('openai-compatible', 'https://models.example.com:8443/v1'));
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

test('a key stored per host by an earlier version is used for https and this machine, never for plain http elsewhere', () => {
  assert.equal(legacyApiKeySecretName('openai', 'https://api.openai.com/v1'), 'inkwell.apiKey:openai:api.openai.com');
  assert.equal(legacyApiKeySecretName('openai-compatible', 'http://127.0.0.1:8080/v1'), 'inkwell.apiKey:openai-compatible:127.0.0.1:8080');
  assert.equal(legacyApiKeySecretName('openai-compatible', 'http://models.example.com/v1'), undefined);
  assert.equal(legacyApiKeySecretName('openai-compatible', 'not a url'), undefined);
});

test('confirmations belong to an origin: a yes for https://host is no yes for http://host', () => {
  assert.equal(confirmationFor('https://models.example.com/v1', { 'https://models.example.com': true }), 'allowed');
  assert.equal(confirmationFor('http://models.example.com/v1', { 'https://models.example.com': true }), 'ask');
  assert.equal(confirmationFor('https://models.example.com:8443/v1', { 'https://models.example.com': true }), 'ask');
  assert.equal(confirmationFor('http://models.example.com/v1', { 'http://models.example.com': false }), 'declined');
  // An answer an earlier version remembered per host holds for https only.
  assert.equal(confirmationFor('http://models.example.com/v1', { 'models.example.com': true }), 'ask');
  assert.equal(confirmationFor('https://models.example.com/v1', { 'models.example.com': true }), 'allowed');
  // Names of the object's own machinery are no answers.
  assert.equal(confirmationFor('https://constructor/v1', {}), 'ask');
  assert.equal(confirmationFor('https://__proto__/v1', {}), 'ask');
});
