// The one way features talk to a model: resolve where requests go, check the key and the writer's
// confirmation, stream with an idle watchdog and retries before the first token, and turn every
// ending into a GenerationResult. Nothing here throws into VS Code.
import * as vscode from 'vscode';
import { classifyFailure, type Failure } from '../../core/failures';
import { answerCeilingCharacters, runAttempts, settle, type Attempt as CoreAttempt, type Clock, type StreamEnd } from '../../core/requestRun';
import { ThinkFilter, isReasoningModel, refusesSamplingParameters } from '../../core/reasoning';
import type { GenerationResult } from '../../core/types';
import { hostOf } from '../../core/hosts';
import { chooseConnection, type AutoDetection } from './auto';
import type { HostConfirmation } from './confirmation';
import type { ModelConnection, StreamRequest } from './index';
import type { KeyStore } from './keys';
import { describeLanguageModelError, pickLanguageModel, streamLanguageModel } from './languageModel';
import type { LocalProvider } from './local';
import { describeChatError, listChatModels, streamChat } from './openaiChat';
import { actionLabel, failureText, type Problem } from './problems';
import { RequestLog } from './requestLog';
import { readConnectionSettings, readSampling } from './settings';
import { IdleWatchdog } from './watchdog';
import { PROVIDER_NAMES, chatTargetFor, whereOf, type ChatTarget, type LanguageModelTarget, type LocalTarget, type StreamEvents, type Target } from './targets';

type Attempt = CoreAttempt<Problem>;

/** Why an attempt's request was aborted by us. */
type AbortReason = 'cancel' | 'stall' | 'runaway';

interface AttemptOptions {
  timeoutSeconds: number;
  token: vscode.CancellationToken;
  answer: AnswerText;
  target: Target;
  /** The answer limit; an answer far past it is stopped. */
  maxOutputTokens: number;
  /** Streams one answer into `events`; aborting `signal` must end it. */
  run(signal: AbortSignal, events: StreamEvents): Promise<StreamEnd>;
  /** What a thrown error means; `receivedChunk` says whether the stream had started. */
  describe(error: unknown, receivedChunk: boolean): Promise<Problem>;
}

interface Reported {
  failure: Failure;
  problem: Problem;
  target?: Target;
}

/** The setting that fixes a failure, for the Open Settings action. */
function settingFor(problem: Problem, target: Target | undefined): string {
  if (problem.kind === 'timeout') return 'inkwell.requestTimeoutSeconds';
  if (classifyFailure(problem).message === 'context-too-long') return 'inkwell.contextTokens';
  if (target?.provider === 'azure') return 'inkwell.azure.endpoint';
  if (problem.kind === 'connection' || problem.kind === 'bad-setting' || problem.kind === 'redirect') return 'inkwell.baseUrl';
  return '@ext:inkwell.inkwell';
}

/** The real clock, its waits cut short by the writer's cancellation. */
function clockFor(token: vscode.CancellationToken): Clock {
  return { now: () => Date.now(), sleep: (ms) => sleep(ms, token) };
}

function sleep(ms: number, token: vscode.CancellationToken): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      resolve(true);
    }, ms);
    const subscription = token.onCancellationRequested(() => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

/** Text as it arrives: `<think>` blocks removed, everything shown passed on in order and kept. */
class AnswerText {
  text = '';
  private readonly filter = new ThinkFilter();

  constructor(private readonly onText: (delta: string) => void, private readonly log: RequestLog, private readonly output: vscode.LogOutputChannel) {}

  push(delta: string): void {
    this.emit(this.filter.push(delta));
  }

  end(): void {
    this.emit(this.filter.end());
  }

  private emit(visible: string): void {
    if (!visible) return;
    this.log.textArrived();
    this.text += visible;
    try {
      this.onText(visible);
    } catch (error) {
      this.output.error(`onText failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

export class Connection implements ModelConnection {
  /** Models a server told us (with a 400) to treat as reasoning models, by host and model. */
  private readonly reasoningModels = new Set<string>();
  /** The first listed model of servers whose model the writer left empty, by base URL. */
  private readonly listedModels = new Map<string, string>();
  private readonly reported = new WeakMap<GenerationResult, Reported>();
  /** Results cut by the server's own full context (not the answer limit), with the server's name. */
  private readonly fullContext = new WeakMap<GenerationResult, string>();

  constructor(
    private readonly output: vscode.LogOutputChannel,
    private readonly keys: KeyStore,
    private readonly confirmation: HostConfirmation,
    private readonly auto: AutoDetection,
    private readonly local: LocalProvider,
  ) {}

  /** The settings changed: probe and list again. */
  forgetResolved(): void {
    this.auto.forget();
    this.listedModels.clear();
  }

  /**
   * What requests go to now. With `auto` and nothing found it is a `no-provider` problem, whose
   * message offers the first-run choice of how to connect: a request never opens a picker itself,
   * so a scripted command never waits on one.
   */
  async resolveTarget(): Promise<Target | Problem> {
    const settings = readConnectionSettings();
    if (settings.provider === 'auto') {
      return (await this.auto.detect(settings)) ?? { kind: 'no-provider', provider: 'openai', where: 'Inkwell' };
    }
    if (settings.provider === 'vscode-lm') return { provider: 'vscode-lm', model: settings.model, anyModel: !settings.model };
    if (settings.provider === 'local') return { provider: 'local', modelPath: settings.localModelPath };
    return chatTargetFor(settings.provider, settings) ?? { kind: 'bad-setting', provider: settings.provider, where: PROVIDER_NAMES[settings.provider] };
  }

  async stream(request: StreamRequest, onText: (delta: string) => void, token: vscode.CancellationToken): Promise<GenerationResult> {
    const log = new RequestLog(this.output, request.action);
    const answer = new AnswerText(onText, log, this.output);
    try {
      const target = await this.resolveTarget();
      if (token.isCancellationRequested) return this.finish(log, { outcome: 'cancelled', text: '' });
      if ('kind' in target) return this.fail(log, answer, target);
      if (target.provider === 'local') return await this.streamFromLocal(target, request, answer, log, token);
      return target.provider === 'vscode-lm'
        ? await this.streamFromLanguageModel(target, request, answer, log, token)
        : await this.streamFromChat(target, request, answer, log, token);
    } catch (error) {
      // Only a bug gets here; the writer still gets a result, never an exception.
      this.output.error(`${request.action}: unexpected ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return this.fail(log, answer, { kind: 'stream', provider: 'openai-compatible', where: 'Inkwell', detail: String(error) });
    }
  }

  private async streamFromChat(
    target: ChatTarget,
    request: StreamRequest,
    answer: AnswerText,
    log: RequestLog,
    token: vscode.CancellationToken,
  ): Promise<GenerationResult> {
    const where = whereOf(target);
    const key = await this.keys.get(target.provider, target.baseUrl);
    log.usesKey(key);
    if (target.keyRequired && !key) return this.fail(log, answer, { kind: 'no-key', provider: target.provider, where }, target);
    if (!(await this.confirmation.allows(target.baseUrl))) {
      return this.fail(log, answer, { kind: 'not-confirmed', provider: target.provider, where }, target);
    }
    if (token.isCancellationRequested) return this.finish(log, { outcome: 'cancelled', text: '' });

    const model = target.model || (await this.firstListedModel(target));
    if (typeof model !== 'string') return this.fail(log, answer, model, target);
    const withModel = { ...target, model };
    const sampling = readSampling(request.scope, request.temperature, request.maxOutputTokens);
    const reasoningKey = `${hostOf(target.baseUrl)}|${model}`;
    let asReasoningModel = isReasoningModel(model) || this.reasoningModels.has(reasoningKey);
    const timeoutSeconds = readConnectionSettings().timeoutSeconds;
    log.sending(target.provider, where, model, request.messages, asReasoningModel ? ' (reasoning model)' : '');
    request.onSource?.({ model, host: new URL(target.baseUrl).host });

    const result = await runAttempts<Problem>(
      () =>
        this.attempt({
          timeoutSeconds,
          token,
          answer,
          target: withModel,
          maxOutputTokens: sampling.maxOutputTokens,
          run: (signal, events) => streamChat(withModel, key, { messages: request.messages, ...sampling, asReasoningModel }, signal, events),
          describe: async (error, receivedChunk) => {
            const problem = await describeChatError(error, withModel, receivedChunk);
            // Refused without a key: the writer has to set one, not correct one.
            return problem.status === 401 && !key ? { ...problem, kind: 'no-key' } : problem;
          },
        }),
      {
        clock: clockFor(token),
        cancelled: () => token.isCancellationRequested,
        note: (text) => log.note(text),
        adapt: (problem) => {
          if (asReasoningModel || problem.kind !== 'api' || problem.status !== 400) return false;
          if (!refusesSamplingParameters({ message: problem.detail, param: problem.param })) return false;
          asReasoningModel = true;
          this.reasoningModels.add(reasoningKey);
          log.note(`the server refused max_tokens or the temperature; sending again as to a reasoning model`);
          return true;
        },
      },
    );
    return this.settle(result, answer, log, withModel, token, sampling.maxOutputTokens);
  }

  private async streamFromLanguageModel(
    target: LanguageModelTarget,
    request: StreamRequest,
    answer: AnswerText,
    log: RequestLog,
    token: vscode.CancellationToken,
  ): Promise<GenerationResult> {
    const model = await pickLanguageModel(target);
    if (!model) {
      return this.fail(log, answer, { kind: 'lm', code: 'NotFound', provider: 'vscode-lm', where: 'VS Code', model: target.model || undefined }, target);
    }
    log.sending('vscode-lm', model.vendor, model.id, request.messages);
    request.onSource?.({ model: model.id, host: 'vscode' });
    const { maxOutputTokens } = readSampling(request.scope, undefined, request.maxOutputTokens);
    const result = await this.attempt({
      timeoutSeconds: readConnectionSettings().timeoutSeconds,
      token,
      answer,
      target,
      maxOutputTokens,
      run: async (signal, events) => {
        const source = new vscode.CancellationTokenSource();
        const cancel = () => source.cancel();
        signal.addEventListener('abort', cancel);
        try {
          await streamLanguageModel(model, request.messages, source.token, events);
          return { finishReason: 'stop' };
        } finally {
          signal.removeEventListener('abort', cancel);
          source.dispose();
        }
      },
      describe: async (error, receivedChunk) => describeLanguageModelError(error, model, receivedChunk),
    });
    return this.settle(result, answer, log, target, token, maxOutputTokens);
  }

  /** The model on this computer: loaded first (not under the idle watchdog), then streamed like a server's answer. */
  private async streamFromLocal(target: LocalTarget, request: StreamRequest, answer: AnswerText, log: RequestLog, token: vscode.CancellationToken): Promise<GenerationResult> {
    log.sending('local', 'this computer', target.modelPath, request.messages);
    const problem = await this.local.prepare(target, token);
    if (token.isCancellationRequested) return this.finish(log, { outcome: 'cancelled', text: '' });
    if (problem) return this.fail(log, answer, problem, target);
    const sampling = readSampling(request.scope, request.temperature, request.maxOutputTokens);
    const result = await this.attempt({
      timeoutSeconds: readConnectionSettings().timeoutSeconds,
      token,
      answer,
      target,
      maxOutputTokens: sampling.maxOutputTokens,
      run: (signal, events) => this.local.stream(target, request.messages, { ...sampling, scope: request.scope }, signal, events),
      describe: async (error, receivedChunk) => this.local.describe(error, target, receivedChunk),
    });
    return this.settle(result, answer, log, target, token, sampling.maxOutputTokens);
  }

  /**
   * Runs one request with the idle watchdog and the writer's cancellation wired to one abort signal.
   * After an abort the provider's loop just ends, so why it ended is read from our own flag.
   */
  private async attempt({ timeoutSeconds, token, answer, target, maxOutputTokens, run, describe }: AttemptOptions): Promise<Attempt> {
    const controller = new AbortController();
    let reason: AbortReason | undefined;
    const abort = (why: AbortReason) => {
      reason ??= why;
      controller.abort();
    };
    const watchdog = new IdleWatchdog(timeoutSeconds * 1000, () => abort('stall'));
    const cancellation = token.onCancellationRequested(() => abort('cancel'));
    if (token.isCancellationRequested) abort('cancel');
    let receivedChunk = false;
    const ceiling = answerCeilingCharacters(maxOutputTokens);
    let answered = 0;
    const events = {
      content: (delta: string) => {
        if (reason) return;
        answer.push(delta);
        answered += delta.length;
        if (answered > ceiling) abort('runaway');
      },
      activity: () => {
        receivedChunk = true;
        watchdog.touch();
      },
    };
    const where = whereOf(target);
    const aborted = (): Attempt | undefined => {
      if (reason === 'cancel') return { ended: 'cancelled' };
      if (reason === 'stall') return { ended: 'failed', receivedChunk, problem: { kind: 'timeout', provider: target.provider, where, timeoutSeconds } };
      if (reason === 'runaway') return { ended: 'failed', receivedChunk, problem: { kind: 'runaway', provider: target.provider, where } };
      return undefined;
    };
    try {
      const end = await run(controller.signal, events);
      answer.end();
      return aborted() ?? { ended: 'complete', end };
    } catch (error) {
      answer.end();
      return aborted() ?? { ended: 'failed', problem: await describe(error, receivedChunk), receivedChunk };
    } finally {
      watchdog.dispose();
      cancellation.dispose();
    }
  }

  /** Turns how the last attempt ended into the result the feature gets. */
  private settle(attempt: Attempt, answer: AnswerText, log: RequestLog, target: Target, token: vscode.CancellationToken, maxOutputTokens: number): GenerationResult {
    if (attempt.ended === 'cancelled' || (attempt.ended === 'failed' && token.isCancellationRequested)) {
      return this.finish(log, { outcome: 'cancelled', text: answer.text });
    }
    if (attempt.ended === 'failed') {
      if (attempt.problem.kind === 'connection' && 'baseUrl' in target) this.auto.forget();
      return this.fail(log, answer, attempt.problem, target);
    }
    const { end } = attempt;
    const usage = end.usage ? { usage: end.usage } : {};
    const settled = settle(end, maxOutputTokens);
    if (settled.outcome === 'failed') {
      const model = 'model' in target ? target.model : target.modelPath;
      const problem: Problem = { provider: target.provider, where: whereOf(target), model, kind: settled.kind, detail: settled.detail };
      return this.fail(log, answer, problem, target, { ...usage, ...(settled.finishReason ? { finishReason: settled.finishReason } : {}) });
    }
    const result = this.finish(log, { outcome: 'done', text: answer.text, finishReason: settled.finishReason, ...usage });
    if (settled.contextFull) this.fullContext.set(result, whereOf(target));
    return result;
  }

  private fail(log: RequestLog, answer: AnswerText, reportedProblem: Problem, target?: Target, extra: Partial<GenerationResult> = {}): GenerationResult {
    // A server may echo the key in its error message: the writer and the log never see it.
    const problem = reportedProblem.detail ? { ...reportedProblem, detail: log.mask(reportedProblem.detail) } : reportedProblem;
    const failure = classifyFailure(problem);
    const result: GenerationResult = {
      outcome: 'failed',
      text: answer.text,
      ...extra,
      errorCode: failure.errorCode,
      error: failureText(failure.message, problem),
    };
    this.reported.set(result, { failure, problem, target });
    const status = problem.status ? ` ${problem.status}` : '';
    const code = problem.code ? ` ${problem.code}` : '';
    log.finished(result, `${problem.kind}${status}${code} at ${problem.provider} ${problem.where}${problem.detail ? ` — ${problem.detail}` : ''}`);
    return result;
  }

  private finish(log: RequestLog, result: GenerationResult): GenerationResult {
    log.finished(result);
    return result;
  }

  /**
   * The models a chat server lists, or why not. Listing is a request like any other: the same key,
   * and the same confirmation for a server that is not on this machine.
   */
  async listModels(target: ChatTarget): Promise<string[] | Problem> {
    const key = await this.keys.get(target.provider, target.baseUrl);
    if (!(await this.confirmation.allows(target.baseUrl))) return { kind: 'not-confirmed', provider: target.provider, where: whereOf(target) };
    try {
      return await listChatModels(target, key, AbortSignal.timeout(readConnectionSettings().timeoutSeconds * 1000));
    } catch (error) {
      const problem = await describeChatError(error, target, false);
      return problem.status === 401 && !key ? { ...problem, kind: 'no-key' } : problem;
    }
  }

  /** The first model the server lists, for a writer who chose none; or why there is none. */
  private async firstListedModel(target: ChatTarget): Promise<string | Problem> {
    const known = this.listedModels.get(target.baseUrl);
    if (known) return known;
    const listed = await this.listModels(target);
    // A server without a model list is a server where the writer has to name the model.
    if (!Array.isArray(listed)) return listed.status === 404 ? { kind: 'no-model', provider: target.provider, where: whereOf(target) } : listed;
    const [first] = listed;
    if (!first) return { kind: 'no-model', provider: target.provider, where: whereOf(target) };
    this.listedModels.set(target.baseUrl, first);
    return first;
  }

  showFailure(result: GenerationResult): void {
    const full = this.fullContext.get(result);
    if (result.outcome === 'done' && result.finishReason === 'length' && full !== undefined) {
      const open = vscode.l10n.t('Open Settings');
      void vscode.window
        .showInformationMessage(
          vscode.l10n.t('The answer stopped early: the model on {0} has no room left in its context. Send less text (a lower context size), or load the model with a larger context.', full),
          open,
        )
        .then((choice) => choice === open && vscode.commands.executeCommand('workbench.action.openSettings', 'inkwell.contextTokens'));
      return;
    }
    if (result.outcome === 'done' && result.finishReason === 'length') {
      const open = vscode.l10n.t('Open Settings');
      void vscode.window
        .showInformationMessage(vscode.l10n.t('The answer was cut short by the answer length limit. You can raise the limit in the settings.'), open)
        .then((choice) => choice === open && vscode.commands.executeCommand('workbench.action.openSettings', 'inkwell.maxOutputTokens'));
      return;
    }
    if (result.outcome !== 'failed') return;
    const reported = this.reported.get(result);
    const message = result.error ?? vscode.l10n.t('The request failed.');
    if (!reported?.failure.action) {
      void vscode.window.showErrorMessage(message);
      return;
    }
    const { action } = reported.failure;
    const label = actionLabel(action, reported.problem);
    void vscode.window.showErrorMessage(message, label).then((choice) => {
      if (choice === label) void this.runAction(action, reported);
    });
  }

  private async runAction(action: NonNullable<Failure['action']>, { problem, target }: Reported): Promise<void> {
    switch (action) {
      case 'setApiKey':
        await vscode.commands.executeCommand('inkwell.setApiKey');
        return;
      case 'selectModel':
        await vscode.commands.executeCommand('inkwell.selectModel');
        return;
      case 'openSettings':
        await vscode.commands.executeCommand('workbench.action.openSettings', settingFor(problem, target));
        return;
      case 'showLog':
        this.output.show(true);
        return;
      case 'connect':
        if (await chooseConnection(this.keys)) this.forgetResolved();
        return;
      case 'confirmHost':
        if (target && 'baseUrl' in target) await this.confirmation.allows(target.baseUrl, true);
        return;
      case 'installRuntime':
        await this.local.installRuntime();
        return;
    }
  }
}
