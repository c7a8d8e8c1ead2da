import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { TestModelServer } from '../server/testServer';
import { extension, useUserSettings } from './helpers';

interface BrainstormResult {
  outcome: string;
  text: string;
  errorCode?: string;
  error?: string;
  ideas: string[];
}

const brainstorm = (arg?: unknown) => vscode.commands.executeCommand<BrainstormResult | undefined>('inkwell.brainstorm', arg);

suite('Brainstorm', () => {
  let server: TestModelServer;
  let restoreSettings: () => Promise<void>;

  suiteSetup(async () => {
    await extension().activate();
    server = await TestModelServer.start();
    restoreSettings = await useUserSettings({ provider: 'openai-compatible', baseUrl: server.url, model: 'test-model' });
  });

  suiteTeardown(async () => {
    await restoreSettings();
    await server?.close();
  });

  test('the command without a topic opens the Brainstorm view', async () => {
    assert.equal(await brainstorm(), undefined);
    assert.equal(await brainstorm(vscode.Uri.file('/tmp/any.md')), undefined);
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('inkwell.brainstormView.focus'), 'the webview view is contributed and has a provider');
  });

  const shapes: { name: string; answer: string; ideas: string[] }[] = [
    {
      name: 'numbered English list',
      answer: '1. Mara Vance\n2. Tobias Crane\n3. Ilse Marrow\n',
      ideas: ['Mara Vance', 'Tobias Crane', 'Ilse Marrow'],
    },
    {
      name: 'bullets with bold titles and a preamble',
      answer: 'Here are three captains:\n\n- **Mara Vance** — sells maps she never checked\n- **Tobias Crane** — owes the harbour master\n- **“Old Salt”** \n\nWant more?',
      ideas: ['Mara Vance — sells maps she never checked', 'Tobias Crane — owes the harbour master', 'Old Salt'],
    },
    {
      name: 'one per paragraph',
      answer: 'The cake collapses during the toast.\n\nThe best man reads the wrong letter aloud.\n\nA storm cuts the power.',
      ideas: ['The cake collapses during the toast.', 'The best man reads the wrong letter aloud.', 'A storm cuts the power.'],
    },
    {
      name: 'Chinese list numbered 1、',
      answer: '以下是三个名字：\n1、林海潮\n2、白若霜\n3、铁面老周',
      ideas: ['林海潮', '白若霜', '铁面老周'],
    },
    {
      name: 'Chinese bullets',
      answer: '- 一封没有署名的信\n- 一把生锈的钥匙；\n• 「灯塔的日志」',
      ideas: ['一封没有署名的信', '一把生锈的钥匙', '灯塔的日志'],
    },
    {
      name: 'Chinese ideas one per paragraph',
      answer: '新郎的哥哥当众反对这门婚事。\n\n婚礼蛋糕在祝酒时塌了。\n\n暴风雨切断了电源。',
      ideas: ['新郎的哥哥当众反对这门婚事。', '婚礼蛋糕在祝酒时塌了。', '暴风雨切断了电源。'],
    },
    {
      name: 'Chinese list with bold titles and full-width colons',
      answer: '一、**盐寡妇**：三任丈夫都葬身海上\n二、**白鹤**：只运信件，从不运货\n三、「老周」',
      ideas: ['盐寡妇：三任丈夫都葬身海上', '白鹤：只运信件，从不运货', '老周'],
    },
  ];

  for (const shape of shapes) {
    test(`returns clean ideas: ${shape.name}`, async () => {
      const before = server.requests.length;
      server.reply({ text: shape.answer });
      const result = await brainstorm({ category: 'names', topic: 'a smuggler captain', count: 3 });
      assert.ok(result, 'a result');
      assert.equal(result.outcome, 'done', result.error);
      assert.deepEqual(result.ideas, shape.ideas);
      assert.doesNotMatch(result.text, /^(Here are|以下是)/, 'the text has no preamble');
      for (const idea of shape.ideas) assert.ok(result.text.includes(idea.split(/[—：]/)[0].trim()), `the text holds ${idea}`);
      assert.equal(server.requests.length, before + 1);
      const request = server.requests[before];
      const prompt = JSON.stringify(request.body.messages);
      assert.match(prompt, /a smuggler captain/);
      assert.equal(request.body.stream, true);
      server.assertAllValid();
    });
  }

  test('ideas arrive from a stream cut into small pieces, Chinese split mid-character on the wire', async () => {
    server.reply({
      chunks: [
        { text: '1. 林' },
        { text: '海潮\n2', delayMs: 20 },
        { text: '. Tobias', delayMs: 20 },
        { text: ' Crane\n3. 🌊 Ilse', delayMs: 20 },
        { text: ' Marrow', delayMs: 20 },
      ],
    });
    const result = await brainstorm({ category: 'characters', topic: 'captains', count: 3 });
    assert.deepEqual(result?.ideas, ['林海潮', 'Tobias Crane', '🌊 Ilse Marrow']);
  });

  test('a second round while one runs is refused as busy', async () => {
    const before = server.requests.length;
    server.reply({ text: '1. One\n2. Two', delayMs: 400 });
    const first = brainstorm({ topic: 'slow', count: 2 });
    await server.waitForRequest(before + 1);
    const second = await brainstorm({ topic: 'impatient', count: 2 });
    assert.equal(second?.outcome, 'failed');
    assert.equal(second?.errorCode, 'busy');
    assert.deepEqual((await first)?.ideas, ['One', 'Two']);
  });

  test('a server failure resolves as failed with a stable code, and no ideas', async () => {
    server.reply({ status: 401, error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' } });
    const result = await brainstorm({ topic: 'anything', count: 2 });
    assert.equal(result?.outcome, 'failed');
    assert.ok(result?.errorCode, 'an error code');
    assert.deepEqual(result?.ideas, []);
  });

  test('an unknown category or a bad count is reported, not sent', async () => {
    const before = server.requests.length;
    const badCategory = await brainstorm({ category: 'recipes', topic: 'soup' });
    assert.equal(badCategory?.outcome, 'failed');
    assert.match(badCategory?.error ?? '', /recipes/);
    const badCount = await brainstorm({ topic: 'soup', count: 0 });
    assert.equal(badCount?.outcome, 'failed');
    assert.equal(server.requests.length, before);
  });
});
