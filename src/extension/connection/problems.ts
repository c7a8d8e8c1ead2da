// What went wrong with a request, in the writer's words. The classification itself is in
// src/core/failures.ts; this file only words it (every string here is translated).
import * as vscode from 'vscode';
import type { FailureAction, FailureDescription, FailureMessage } from '../../core/failures';

/** A failure as the connection saw it, with what the message needs to name. */
export interface Problem extends FailureDescription {
  /** The host, or the local server's or VS Code model's name. */
  where: string;
  model?: string;
  /** The server's own words (an error message or a refusal), the key already removed. */
  detail?: string;
  timeoutSeconds?: number;
  retryAfter?: string | null;
  retryAfterMs?: string | null;
  /** Where a refused redirect pointed (an origin), or '' when the browser does not show it. */
  redirectedTo?: string;
  /** The parameter a 400 complains about. */
  param?: string | null;
}

const shortened = (text: string | undefined) => {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 299)}…` : flat;
};

export function failureText(message: FailureMessage, problem: Problem): string {
  const { where } = problem;
  const detail = shortened(problem.detail);
  const texts: Record<FailureMessage, () => string> = {
    'no-key': () => vscode.l10n.t('Inkwell needs an API key for {0}.', where),
    auth: () => vscode.l10n.t('The API key for {0} was not accepted. Set the right key.', where),
    forbidden: () => vscode.l10n.t('{0} refused access (403). Check that your key or account may use this model.', where),
    'model-not-found': () => vscode.l10n.t('The model “{0}” was not found on {1}. Choose another model.', problem.model ?? '', where),
    'no-model': () => vscode.l10n.t('No model is chosen for {0}, and it lists none. Choose a model.', where),
    'rate-limited': () => vscode.l10n.t('{0} is limiting requests right now. Try again in a moment.', where),
    quota: () => vscode.l10n.t('Your account at {0} has run out of credit or quota.', where),
    'server-error': () => vscode.l10n.t('{0} had a server error ({1}). Try again later.', where, String(problem.status ?? '')),
    'bad-request': () => vscode.l10n.t('{0} did not accept the request: {1}', where, detail),
    'context-too-long': () => vscode.l10n.t('The text sent is longer than the model on {0} accepts. Lower the context size in the settings.', where),
    'local-not-running': () => vscode.l10n.t('{0} does not answer on {1}: is it running?', problem.provider === 'ollama' ? 'Ollama' : 'LM Studio', where),
    'refused-connection': () => vscode.l10n.t('Nothing answers at {0}. Check the server address and that the server is running.', where),
    dns: () => vscode.l10n.t('The server name {0} could not be found. Check the address and your network connection.', where),
    tls: () => vscode.l10n.t('The secure connection to {0} failed (certificate or TLS error).', where),
    unreachable: () => vscode.l10n.t('The connection to {0} failed. Check your network connection.', where),
    redirect: () =>
      problem.redirectedTo
        ? vscode.l10n.t('{0} redirected the request to {1}, another server, so Inkwell sent nothing there. If the server has moved, set its new address in the settings.', where, problem.redirectedTo)
        : vscode.l10n.t('{0} redirected the request to another server, so Inkwell sent nothing there. If the server has moved, set its new address in the settings.', where),
    timeout: () => vscode.l10n.t('{0} sent nothing for {1} seconds, so Inkwell stopped waiting.', where, String(problem.timeoutSeconds ?? '')),
    'stream-cut': () => vscode.l10n.t('The connection to {0} broke before the answer was complete.', where),
    'in-band': () => vscode.l10n.t('{0} reported an error during the answer: {1}', where, detail),
    refusal: () => vscode.l10n.t('The model declined to write this: {0}', detail),
    'content-filter': () => vscode.l10n.t('The content filter of {0} stopped the answer.', where),
    'not-confirmed': () => vscode.l10n.t('Nothing was sent: sending your text to {0} was not allowed.', where),
    'no-provider': () => vscode.l10n.t('Inkwell is not connected to a model yet. Choose how to connect.'),
    'bad-setting': () => vscode.l10n.t('The server address for {0} is missing or is not a URL. Set it in the settings.', where),
    'lm-no-permission': () => vscode.l10n.t('VS Code did not allow Inkwell to use the language model {0}.', where),
    'lm-blocked': () => vscode.l10n.t('The language model {0} cannot be used right now (a limit was reached). Try again later.', where),
    'lm-no-models': () =>
      problem.model
        ? vscode.l10n.t('VS Code offers no language model “{0}”. Choose another model.', problem.model)
        : vscode.l10n.t('VS Code offers no language model. Install an extension that provides one, or choose another provider.'),
    'lm-failed': () => vscode.l10n.t('The language model {0} failed: {1}', where, detail),
    'local-no-model': () => vscode.l10n.t('No model file is chosen for running a model on this computer. Choose a model.'),
    'local-missing-file': () => vscode.l10n.t('The model file {0} does not exist. Choose another model file.', detail),
    'local-not-a-model': () => vscode.l10n.t('{0} is not a model Inkwell can load: {1}. Choose a GGUF model file.', where, detail),
    'local-no-memory': () => vscode.l10n.t('There is not enough free memory to load {0}. Close other programs or choose a smaller model.', where),
    'local-load-failed': () => vscode.l10n.t('The model {0} failed to load: {1}', where, detail),
    'local-no-runtime': () => vscode.l10n.t('Running a model on this computer needs the llama.cpp runtime, a one-time download of {0}. Nothing was downloaded yet.', detail),
    'local-no-platform': () => vscode.l10n.t('llama.cpp has no build for this computer ({0}), so models cannot run here. Choose another provider.', detail),
  };
  return texts[message]();
}

export function actionLabel(action: FailureAction, problem: Problem): string {
  switch (action) {
    case 'setApiKey':
      return vscode.l10n.t('Set API Key');
    case 'selectModel':
      return vscode.l10n.t('Select Model');
    case 'openSettings':
      return vscode.l10n.t('Open Settings');
    case 'showLog':
      return vscode.l10n.t('Show Log');
    case 'connect':
      return vscode.l10n.t('Connect…');
    case 'confirmHost':
      return vscode.l10n.t('Allow {0}…', problem.where);
    case 'installRuntime':
      return vscode.l10n.t('Download…');
  }
}
