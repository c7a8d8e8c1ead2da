// Shapes shared by the whole extension. Nothing here may import `vscode`.

/** Stable failure codes of the public contract (`GenerationResult.errorCode`). */
export type ErrorCode =
  | 'no-editor'
  | 'read-only'
  | 'empty-selection'
  | 'busy'
  | 'no-key'
  | 'auth'
  | 'forbidden'
  | 'model-not-found'
  | 'rate-limited'
  | 'server-error'
  | 'unreachable'
  | 'timeout'
  | 'stream-broken'
  | 'refused'
  | 'not-confirmed';

export interface Usage {
  promptTokens: number;
  completionTokens: number;
}

export type Outcome = 'done' | 'cancelled' | 'failed';

/** What every generation command resolves with (the public contract). */
export interface GenerationResult {
  outcome: Outcome;
  text: string;
  finishReason?: string;
  errorCode?: ErrorCode;
  error?: string;
  usage?: Usage;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export type Action = 'continue' | 'rewrite' | 'brainstorm';
