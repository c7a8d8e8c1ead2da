import * as vscode from 'vscode';
import { cleanCompleteText } from '../../core/clean';
import { createIdeaParser } from '../../core/ideas';
import type { Answer, BrainstormRequest, Choice, IdeaRef, InitialState, NotificationMessage, Round } from '../../core/brainstormProtocol';
import { DEFAULT_COUNT } from '../../core/brainstormProtocol';
import type { OffsetRange } from '../../core/trackedRange';
import type { GenerationResult } from '../../core/types';
import type { ModelSource } from '../connection';
import { insertAtCursor, suggestedTopic, type InsertOutcome, type LastEditor } from './editorContext';
import { pageStrings } from './strings';
import type { BrainstormStore } from './store';
import type { BrainstormView, ControllerHandlers } from './view';

export interface BrainstormResult extends GenerationResult {
  ideas: string[];
}

/** Asks the model for one round: streams the answer's text to `onText` (each new piece) and never throws. */
export type IdeaGenerator = (
  request: BrainstormRequest,
  editor: vscode.TextEditor | undefined,
  onText: (delta: string) => void,
  token: vscode.CancellationToken,
  onSource: (source: ModelSource) => void,
) => Promise<GenerationResult>;

/** An idea the writer inserted, with the round it came from (for provenance). */
export type InsertedIdea = (document: vscode.TextDocument, inserted: OffsetRange, round: Round | undefined, source: ModelSource | undefined) => void;

export interface Catalog {
  categories(): Choice[];
  styles(): Choice[];
  currentStyle(): string;
}

interface Running {
  round: Round;
  cancellation: vscode.CancellationTokenSource;
}

/**
 * Runs brainstorm rounds, one at a time, for the view and for the `inkwell.brainstorm` command alike:
 * the round belongs to the extension, so it goes on while the view is hidden and is shown again when
 * the view comes back.
 */
export class BrainstormController implements vscode.Disposable {
  private running: Running | undefined;
  /** What answered each round of this session, by round id. */
  private readonly sources = new Map<string, ModelSource>();

  constructor(
    private readonly store: BrainstormStore,
    private readonly lastEditor: LastEditor,
    private readonly catalog: Catalog,
    private readonly generate: IdeaGenerator,
    private readonly showFailure: (result: GenerationResult) => void,
    private readonly isGenerating: (document: vscode.TextDocument) => boolean,
    private readonly inserted: InsertedIdea,
    private view?: BrainstormView,
  ) {}

  attach(view: BrainstormView): void {
    this.view = view;
  }

  initialState(): InitialState {
    const history = this.store.history();
    return {
      strings: pageStrings(),
      categories: this.catalog.categories(),
      styles: this.catalog.styles(),
      defaults: { category: 'characters', style: this.catalog.currentStyle(), count: DEFAULT_COUNT },
      suggestedTopic: suggestedTopic(this.lastEditor.get()).topic,
      history: this.running ? [structuredClone(this.running.round), ...history] : history,
      keepers: this.store.keepers(),
      mac: process.platform === 'darwin',
    };
  }

  /** The page's requests, each answered with its reply; failures are answers too. */
  readonly handlers: ControllerHandlers = {
    brainstorm: async (request) => {
      // The page only offers what the catalog lists; anything else did not come from its form.
      if (!this.catalog.categories().some((each) => each.id === request.category) || !this.catalog.styles().some((each) => each.id === request.style)) {
        return { ok: false, error: vscode.l10n.t('That category or style is not offered any more.') };
      }
      if (this.running) return { ok: false, error: busyMessage() };
      // Everything up to the round's first await runs now: the round has started when this returns.
      void this.run(request);
      return { ok: true, value: { roundId: this.running!.round.id } };
    },
    insert: async ({ idea }) => {
      const text = this.ideaText(idea);
      if (!text.ok) return text;
      const outcome = await this.insert(text.value.text, this.lastEditor.get());
      return outcome.ok ? { ok: true, value: {} } : outcome;
    },
    copy: async ({ idea }) => {
      const text = this.ideaText(idea);
      if (!text.ok) return text;
      await vscode.env.clipboard.writeText(text.value.text);
      return { ok: true, value: {} };
    },
    keep: async ({ idea }) => {
      const text = this.ideaText(idea);
      if (!text.ok) return text;
      return { ok: true, value: { keepers: await this.store.keep(text.value.text, text.value.category) } };
    },
    unkeep: async ({ id }) => ({ ok: true, value: { keepers: await this.store.unkeep(id) } }),
    clearHistory: async () => {
      await this.store.clearHistory();
      return { ok: true, value: { history: [] } };
    },
  };

  notify(message: NotificationMessage): void {
    if (message.type === 'stop') this.running?.cancellation.cancel();
  }

  /** The words of an idea the page names, from the running round, the history or the keepers. */
  private ideaText(idea: IdeaRef): Answer<{ text: string; category: string }> {
    if ('keeperId' in idea) {
      const keeper = this.store.keepers().find((each) => each.id === idea.keeperId);
      return keeper ? { ok: true, value: keeper } : { ok: false, error: vscode.l10n.t('That idea is no longer among the keepers.') };
    }
    const round = this.running?.round.id === idea.roundId ? this.running.round : this.store.history().find((each) => each.id === idea.roundId);
    const text = round?.ideas[idea.index];
    return round && text !== undefined
      ? { ok: true, value: { text, category: round.category } }
      : { ok: false, error: vscode.l10n.t('That idea is no longer in the history.') };
  }

  /** Inserts an idea at the editor's cursor, as the panel's Insert does. */
  async insert(text: string, editor: vscode.TextEditor | undefined): Promise<InsertOutcome> {
    const outcome = await insertAtCursor(editor, text, this.isGenerating);
    if (outcome.ok) {
      const rounds = this.running ? [this.running.round, ...this.store.history()] : this.store.history();
      const round = rounds.find((each) => each.ideas.includes(text));
      this.inserted(outcome.document, outcome.inserted, round, round && this.sources.get(round.id));
    }
    return outcome;
  }

  /** Opens the view with the topic box filled from the editor: the command without a topic. */
  async open(): Promise<void> {
    const { topic, fromSelection } = suggestedTopic(this.lastEditor.get());
    await this.view?.reveal();
    if (await this.view?.whenReady()) this.view?.post({ type: 'prefill', topic, replace: fromSelection });
  }

  cancel(): boolean {
    if (!this.running) return false;
    this.running.cancellation.cancel();
    return true;
  }

  /** One round: ideas reach the view as each one is complete; resolves when the answer has ended. */
  async run(request: BrainstormRequest): Promise<BrainstormResult> {
    if (this.running) return { outcome: 'failed', text: '', errorCode: 'busy', error: busyMessage(), ideas: [] };
    const round: Round = {
      id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      category: request.category,
      topic: request.topic,
      style: request.style,
      count: request.count,
      ...(request.seed ? { seed: request.seed } : {}),
      ideas: [],
      outcome: 'running',
      startedAt: Date.now(),
    };
    const cancellation = new vscode.CancellationTokenSource();
    this.running = { round, cancellation };
    this.view?.post({ type: 'roundStarted', round: structuredClone(round) });

    const parser = createIdeaParser();
    const add = (ideas: string[]) => {
      const fresh = ideas.filter((idea) => !round.ideas.includes(idea));
      if (fresh.length === 0) return;
      round.ideas.push(...fresh);
      this.view?.post({ type: 'ideas', roundId: round.id, ideas: fresh });
    };
    let result: GenerationResult;
    try {
      result = await this.generate(request, this.lastEditor.get(), (delta) => add(parser.push(delta)), cancellation.token, (source) =>
        this.sources.set(round.id, source),
      );
    } finally {
      this.running = undefined;
      cancellation.dispose();
    }
    // The last idea of a stopped or broken answer may be cut mid-sentence: only a finished answer's counts.
    if (result.outcome === 'done') add(parser.end());
    round.outcome = result.outcome;
    if (result.error) round.error = result.error;
    const history = await this.store.saveRound(round);
    this.view?.post({ type: 'roundEnded', round });
    this.view?.post({ type: 'history', history });
    if (result.outcome === 'failed') this.showFailure(result);
    // `text` is the answer as the writer would read it: no reasoning, preamble or closing remarks.
    return { ...result, text: cleanCompleteText(result.text, 'brainstorm'), ideas: [...round.ideas] };
  }

  dispose(): void {
    this.running?.cancellation.cancel();
  }
}

const busyMessage = () => vscode.l10n.t('A brainstorm is already running.');
