// One record per request in the Inkwell log: provider, model, sizes, timing, outcome. The key is
// never written (it is masked wherever a server echoes it); the manuscript only at trace level.
import { LogLevel, type LogOutputChannel } from 'vscode';
import type { ChatMessage, GenerationResult } from '../../core/types';

const KEY_SHAPED = /\b(?:sk|rk|pk)-[A-Za-z0-9_-]{8,}/g;

export function masked(text: string, key: string | undefined): string {
  const withoutKey = key && key.length >= 4 ? text.split(key).join('••••') : text;
  return withoutKey.replace(KEY_SHAPED, '••••');
}

export class RequestLog {
  private readonly started = Date.now();
  private firstText: number | undefined;
  private key: string | undefined;

  constructor(private readonly log: LogOutputChannel, private readonly action: string) {}

  private get tracing(): boolean {
    return this.log.logLevel === LogLevel.Trace;
  }

  /** The key of this request, so that nothing logged can contain it. */
  usesKey(key: string | undefined): void {
    this.key = key;
  }

  mask(text: string): string {
    return masked(text, this.key);
  }

  sending(provider: string, where: string, model: string, messages: ChatMessage[], extra = ''): void {
    const chars = messages.reduce((sum, message) => sum + message.content.length, 0);
    this.log.info(`${this.action}: ${provider} ${where} model=${model || '(first listed)'} messages=${messages.length} chars=${chars}${extra}`);
    // Masking a whole prompt is work enough to keep for when it is shown.
    if (this.tracing) for (const message of messages) this.log.trace(`${this.action}: [${message.role}] ${masked(message.content, this.key)}`);
  }

  note(text: string): void {
    this.log.info(`${this.action}: ${masked(text, this.key)}`);
  }

  textArrived(): void {
    this.firstText ??= Date.now();
  }

  finished(result: GenerationResult, detail?: string): void {
    const ms = Date.now() - this.started;
    const first = this.firstText === undefined ? '' : `, first text after ${this.firstText - this.started} ms`;
    const usage = result.usage ? `, usage ${result.usage.promptTokens}+${result.usage.completionTokens} tokens` : '';
    const reason = result.finishReason ? ` (${result.finishReason})` : '';
    const line = `${this.action}: ${result.outcome}${reason}${result.errorCode ? ` ${result.errorCode}` : ''} in ${ms} ms${first}, ${result.text.length} chars${usage}`;
    if (result.outcome === 'failed') this.log.warn(masked(`${line}${detail ? `: ${detail}` : ''}`, this.key));
    else this.log.info(line);
    if (result.text && this.tracing) this.log.trace(`${this.action}: answer: ${masked(result.text, this.key)}`);
  }
}
