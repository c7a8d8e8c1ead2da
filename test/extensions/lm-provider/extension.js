// A chat model provider for Inkwell's integration tests, registered through VS Code's own Language
// Model API (vscode.lm.registerLanguageModelChatProvider, VS Code 1.104+). Like the scripted test
// server, a test queues each answer with `reply()`; the model streams it in small parts and records
// the messages it was sent. A reply with `stallAfter` sends that many parts, then waits until the
// request is cancelled.
const vscode = require('vscode');

const MODEL = {
  id: 'inkwell-test-echo',
  name: 'Inkwell Test Echo',
  family: 'inkwell-test',
  version: '1',
  maxInputTokens: 100000,
  maxOutputTokens: 4000,
  capabilities: {},
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function textOf(message) {
  return message.content
    .filter((part) => part instanceof vscode.LanguageModelTextPart)
    .map((part) => part.value)
    .join('');
}

function activate(context) {
  /** Every request the model received: { messages: [{ role, text }], cancelled } */
  const requests = [];
  /** Answers for the next requests, in order: { text, stallAfter? } */
  const replies = [];
  const provider = {
    provideLanguageModelChatInformation: () => [MODEL],
    async provideLanguageModelChatResponse(model, messages, options, progress, token) {
      const request = {
        messages: messages.map((message) => ({ role: message.role === vscode.LanguageModelChatMessageRole.Assistant ? 'assistant' : 'user', text: textOf(message) })),
        cancelled: false,
      };
      requests.push(request);
      const reply = replies.shift() ?? { text: 'Nothing was scripted for this request.' };
      const parts = [];
      const codePoints = Array.from(reply.text);
      for (let at = 0; at < codePoints.length; at += 3) parts.push(codePoints.slice(at, at + 3).join(''));
      for (const [index, part] of parts.entries()) {
        if (reply.stallAfter !== undefined && index >= reply.stallAfter) break;
        if (token.isCancellationRequested) break;
        progress.report(new vscode.LanguageModelTextPart(part));
        await sleep(2);
      }
      if (reply.stallAfter !== undefined && !token.isCancellationRequested) await new Promise((resolve) => token.onCancellationRequested(resolve));
      request.cancelled = token.isCancellationRequested;
    },
    provideTokenCount: async (model, text) => Math.ceil((typeof text === 'string' ? text : textOf(text)).length / 4),
  };
  context.subscriptions.push(vscode.lm.registerLanguageModelChatProvider('inkwell-test', provider));
  // The log folder of this extension sits beside Inkwell's, where the tests read Inkwell's log file.
  return { requests, reply: (reply) => replies.push(reply), logUri: context.logUri };
}

module.exports = { activate };
