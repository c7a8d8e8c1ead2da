// The Brainstorm view's page. Plain DOM: everything the model wrote goes in through `textContent`,
// never as HTML. It asks the extension for everything (rounds, insert, copy, keep) and keeps only
// its form and what it is showing in the webview state, so it comes back as it was after a reload.

import { DEFAULT_COUNT, MAX_COUNT, MIN_COUNT } from '../core/brainstormProtocol';
import type { FromWebviewMap, InitialState, Keeper, Round, StringKey, ToWebview } from '../core/brainstormProtocol';
import { icon, type IconName } from './icons';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** What survives the page being thrown away (view hidden, window reloaded). */
interface PageState {
  topic: string;
  category: string;
  style: string;
  count: number;
  excluded: string[];
  /** The round the cards show: the newest, or one picked from the history. */
  shownRoundId?: string;
}

const vscode = acquireVsCodeApi();
const root = document.getElementById('inkwell-brainstorm') as HTMLElement;

let strings = {} as Record<StringKey, string>;
let initial: InitialState | undefined;
let state: PageState;
let history: Round[] = [];
let keepers: Keeper[] = [];
let running: Round | undefined;
let nextRequestId = 1;
const pendingReplies = new Map<number, (reply: { ok: boolean; error?: string }) => void>();

function send<K extends keyof FromWebviewMap>(type: K, payload: FromWebviewMap[K]): void {
  vscode.postMessage({ type, ...payload });
}

function request(type: 'insert' | 'copy', text: string): Promise<{ ok: boolean; error?: string }> {
  const requestId = nextRequestId++;
  return new Promise((resolve) => {
    pendingReplies.set(requestId, resolve);
    send(type, { requestId, text });
  });
}

function saveState(): void {
  vscode.setState(state);
}

function t(key: StringKey, ...args: string[]): string {
  return args.reduce((text, arg, i) => text.replace(`{${i}}`, arg), strings[key] ?? key);
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<Record<string, string>> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined) continue;
    if (name === 'class') element.className = value;
    else if (name === 'text') element.textContent = value;
    else element.setAttribute(name, value);
  }
  element.append(...children);
  return element;
}

function iconButton(name: IconName, label: string, onClick: () => void, { pressed, showLabel = false }: { pressed?: boolean; showLabel?: boolean } = {}): HTMLButtonElement {
  const button = el('button', { type: 'button', class: showLabel ? 'action labelled' : 'action', 'aria-label': label, title: label });
  button.append(icon(name));
  if (showLabel) button.append(el('span', { text: label }));
  if (pressed !== undefined) button.setAttribute('aria-pressed', String(pressed));
  button.addEventListener('click', onClick);
  return button;
}

// ---- the form ----------------------------------------------------------------------------------

const form = {
  category: el('select', { id: 'category' }),
  topic: el('textarea', { id: 'topic', rows: '3', spellcheck: 'true' }),
  style: el('select', { id: 'style' }),
  count: el('input', { id: 'count', type: 'number', min: String(MIN_COUNT), max: String(MAX_COUNT), step: '1' }),
  go: el('button', { id: 'brainstorm', type: 'submit', class: 'primary' }),
  stop: el('button', { id: 'stop', type: 'button', class: 'secondary' }),
};
const status = el('p', { id: 'status', role: 'status', 'aria-live': 'polite' });
const excludedNote = el('p', { id: 'excluded-note', class: 'note' });
const cards = el('ul', { id: 'cards', class: 'cards', 'aria-labelledby': 'ideas-heading' });
const keeperList = el('ul', { id: 'keepers', class: 'keepers' });
const keepersSummary = el('summary', { id: 'keepers-heading' });
const historyList = el('ul', { id: 'history', class: 'history' });
const historySummary = el('summary', { id: 'history-heading' });
const clearHistory = el('button', { id: 'clear-history', type: 'button', class: 'secondary' });

let composing = false;

function readForm(): void {
  const count = Number.parseInt(form.count.value, 10);
  const topicChanged = state.topic.trim() !== form.topic.value.trim() || state.category !== form.category.value;
  state = {
    ...state,
    topic: form.topic.value,
    category: form.category.value,
    style: form.style.value,
    count: Number.isInteger(count) ? Math.min(MAX_COUNT, Math.max(MIN_COUNT, count)) : DEFAULT_COUNT,
    // "Not this" is about one question: a new topic or category starts afresh.
    excluded: topicChanged ? [] : state.excluded,
  };
  saveState();
  renderExcludedNote();
}

function submit(seed?: string): void {
  readForm();
  const topic = state.topic.trim();
  if (!topic || running) {
    if (!topic) form.topic.focus();
    return;
  }
  send('brainstorm', {
    category: state.category,
    topic,
    style: state.style,
    count: state.count,
    exclude: state.excluded,
    ...(seed ? { seed } : {}),
  });
}

function buildForm(): HTMLFormElement {
  const formElement = el('form', { class: 'ask', 'aria-label': t('brainstorm') });
  const field = (label: string, control: HTMLElement, extra = '') =>
    el('div', { class: `field ${extra}`.trim() }, el('label', { for: control.id, text: label }), control);
  formElement.append(
    field(t('category'), form.category),
    field(t('topic'), form.topic),
    el('div', { class: 'row' }, field(t('style'), form.style, 'grow'), field(t('count'), form.count, 'narrow')),
    el('div', { class: 'buttons' }, form.go, form.stop),
  );
  form.topic.placeholder = t('topicPlaceholder');
  const shortcut = initial?.mac ? '⌘+Enter' : 'Ctrl+Enter';
  form.go.append(icon('lightbulb'), el('span', { text: t('brainstorm') }));
  form.go.title = t('brainstormHint', shortcut);
  form.stop.append(icon('stop'), el('span', { text: t('stop') }));
  form.stop.hidden = true;

  formElement.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  form.stop.addEventListener('click', () => send('stop', {}));
  for (const control of [form.category, form.style, form.count, form.topic]) control.addEventListener('change', readForm);
  form.topic.addEventListener('input', readForm);
  // Enter submits; Shift+Enter is a new line. While an input method is composing (Chinese, Japanese…)
  // Enter belongs to it and confirms the composition instead.
  form.topic.addEventListener('compositionstart', () => (composing = true));
  form.topic.addEventListener('compositionend', () => setTimeout(() => (composing = false)));
  form.topic.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || event.isComposing || composing || event.keyCode === 229) return;
    if (event.shiftKey && !event.ctrlKey && !event.metaKey) return;
    event.preventDefault();
    submit();
  });
  return formElement;
}

// ---- cards -------------------------------------------------------------------------------------

function shownRound(): Round | undefined {
  if (running && (!state.shownRoundId || state.shownRoundId === running.id)) return running;
  return history.find((round) => round.id === state.shownRoundId) ?? running ?? history[0];
}

function isKept(text: string): boolean {
  return keepers.some((keeper) => keeper.text === text);
}

function flash(message: string): void {
  status.textContent = message;
}

function card(text: string, round: Round): HTMLLIElement {
  const excluded = state.excluded.includes(text);
  const item = el('li', { class: excluded ? 'card excluded' : 'card' });
  const body = el('p', { class: 'idea' });
  body.textContent = text;
  const actions = el('div', { class: 'actions', role: 'group', 'aria-label': text.slice(0, 80) });
  actions.append(
    iconButton('insert', t('insert'), async () => {
      const reply = await request('insert', text);
      flash(reply.ok ? t('inserted') : (reply.error ?? ''));
    }),
    iconButton('copy', t('copy'), async () => {
      const reply = await request('copy', text);
      flash(reply.ok ? t('copied') : (reply.error ?? ''));
    }),
    iconButton('keep', isKept(text) ? t('kept') : t('keep'), () => {
      const keeper = keepers.find((each) => each.text === text);
      if (keeper) send('unkeep', { id: keeper.id });
      else send('keep', { text, category: round.category });
    }, { pressed: isKept(text) }),
    iconButton('notThis', excluded ? t('excluded') : t('notThis'), () => {
      state.excluded = excluded ? state.excluded.filter((each) => each !== text) : [...state.excluded, text];
      saveState();
      renderCards();
      renderExcludedNote();
      focusCardAction(text, 3);
    }, { pressed: excluded }),
    iconButton('more', t('moreLikeThis'), () => submit(text)),
  );
  item.append(body, actions);
  return item;
}

/** Re-rendering replaces the buttons: give keyboard focus back to the one just used. */
function focusCardAction(text: string, index: number): void {
  for (const item of cards.children) {
    if (item.querySelector('.idea')?.textContent === text) {
      (item.querySelectorAll('button')[index] as HTMLButtonElement | undefined)?.focus();
      return;
    }
  }
}

function renderCards(): void {
  const round = shownRound();
  const focused = document.activeElement;
  const focusedCard = focused && cards.contains(focused) ? focused.closest('.card')?.querySelector('.idea')?.textContent : undefined;
  const focusedIndex = focused && cards.contains(focused) ? [...(focused.closest('.actions')?.children ?? [])].indexOf(focused) : -1;
  cards.replaceChildren(...(round?.ideas.map((text) => card(text, round)) ?? []));
  cards.setAttribute('aria-busy', String(round?.outcome === 'running'));
  cards.dataset.round = round?.id ?? '';
  cards.dataset.outcome = round?.outcome ?? '';
  if (focusedCard && focusedIndex >= 0) focusCardAction(focusedCard, focusedIndex);
  renderRoundStatus(round);
}

function renderRoundStatus(round: Round | undefined): void {
  const seedNote = document.getElementById('seed-note') as HTMLElement;
  seedNote.textContent = round?.seed ? t('seededBy', round.seed) : '';
  seedNote.hidden = !round?.seed;
  if (!round) return flash('');
  if (round.outcome === 'running') flash(t('running'));
  else if (round.outcome === 'failed') flash(round.error ?? '');
  else if (round.outcome === 'cancelled') flash(t('stopped'));
  else if (round.ideas.length === 0) flash(t('noIdeas'));
  else flash('');
}

function renderExcludedNote(): void {
  excludedNote.textContent = state.excluded.length ? t('excludedCount', String(state.excluded.length)) : '';
  excludedNote.hidden = state.excluded.length === 0;
}

function appendIdeas(ideas: string[]): void {
  const round = shownRound();
  if (!round || round !== running) return;
  cards.append(...ideas.map((text) => card(text, round)));
}

// ---- keepers and history -----------------------------------------------------------------------

function renderKeepers(): void {
  keepersSummary.textContent = `${t('keepers')} (${keepers.length})`;
  if (keepers.length === 0) {
    keeperList.replaceChildren(el('li', { class: 'empty', text: t('noKeepers') }));
    return;
  }
  keeperList.replaceChildren(
    ...keepers.map((keeper) => {
      const item = el('li', { class: 'keeper' });
      const body = el('p', { class: 'idea' });
      body.textContent = keeper.text;
      const actions = el('div', { class: 'actions', role: 'group', 'aria-label': keeper.text.slice(0, 80) });
      actions.append(
        iconButton('insert', t('insert'), async () => {
          const reply = await request('insert', keeper.text);
          flash(reply.ok ? t('inserted') : (reply.error ?? ''));
        }),
        iconButton('copy', t('copy'), async () => {
          const reply = await request('copy', keeper.text);
          flash(reply.ok ? t('copied') : (reply.error ?? ''));
        }),
        iconButton('trash', t('removeKeeper'), () => send('unkeep', { id: keeper.id })),
      );
      item.append(body, actions);
      return item;
    }),
  );
}

function categoryLabel(id: string): string {
  return initial?.categories.find((category) => category.id === id)?.label ?? id;
}

function renderHistory(): void {
  historySummary.textContent = `${t('history')} (${history.length})`;
  clearHistory.hidden = history.length === 0;
  if (history.length === 0) {
    historyList.replaceChildren(el('li', { class: 'empty', text: t('noHistory') }));
    return;
  }
  const shown = shownRound();
  historyList.replaceChildren(
    ...history.map((round) => {
      const time = new Date(round.startedAt).toLocaleString(document.documentElement.lang || undefined, { dateStyle: 'short', timeStyle: 'short' });
      const label = `${categoryLabel(round.category)} · ${round.topic} · ${round.ideas.length}`;
      const button = el('button', { type: 'button', class: 'history-entry', title: t('showRound') });
      button.append(el('span', { class: 'history-topic', text: label }), el('span', { class: 'history-time', text: time }));
      if (round === shown) button.setAttribute('aria-current', 'true');
      button.addEventListener('click', () => {
        state.shownRoundId = round.id;
        saveState();
        renderCards();
        renderHistory();
        cards.querySelector('button')?.focus();
      });
      return el('li', {}, button);
    }),
  );
}

function setRunning(round: Round | undefined): void {
  running = round;
  form.go.hidden = !!round;
  form.stop.hidden = !round;
  form.go.disabled = !!round;
  if (round && document.activeElement === form.go) form.stop.focus();
}

// ---- messages from the extension ---------------------------------------------------------------

function start(init: InitialState): void {
  initial = init;
  strings = init.strings;
  const saved = vscode.getState() as PageState | undefined;
  state = {
    topic: saved?.topic || init.suggestedTopic,
    category: init.categories.some((c) => c.id === saved?.category) ? saved!.category : init.defaults.category,
    style: init.styles.some((s) => s.id === saved?.style) ? saved!.style : init.defaults.style,
    count: saved?.count ?? init.defaults.count,
    excluded: saved?.excluded ?? [],
    shownRoundId: saved?.shownRoundId,
  };
  history = init.history.filter((round) => round.outcome !== 'running');
  keepers = init.keepers;

  form.category.replaceChildren(...init.categories.map((c) => el('option', { value: c.id, text: c.label })));
  form.style.replaceChildren(...init.styles.map((s) => el('option', { value: s.id, text: s.label })));
  form.category.value = state.category;
  form.style.value = state.style;
  form.count.value = String(state.count);
  form.topic.value = state.topic;

  const ideasHeading = el('h2', { id: 'ideas-heading', text: t('ideas') });
  const keepersSection = el('details', { class: 'section', open: '' }, keepersSummary, keeperList);
  clearHistory.append(icon('trash'), el('span', { text: t('clearHistory') }));
  clearHistory.addEventListener('click', () => send('clearHistory', {}));
  const historySection = el('details', { class: 'section' }, historySummary, historyList, clearHistory);
  root.replaceChildren(
    buildForm(),
    el('section', { class: 'results', 'aria-labelledby': 'ideas-heading' }, ideasHeading, el('p', { id: 'seed-note', class: 'note' }), excludedNote, status, cards),
    keepersSection,
    historySection,
  );
  setRunning(init.history.find((round) => round.outcome === 'running'));
  renderCards();
  renderExcludedNote();
  renderKeepers();
  renderHistory();
  saveState();
  root.removeAttribute('aria-busy');
  root.dataset.ready = 'true';
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  if (message.type === 'init') return start(message);
  if (!initial) return;
  switch (message.type) {
    case 'prefill':
      if (message.replace || !form.topic.value.trim()) {
        form.topic.value = message.topic;
        readForm();
      }
      form.topic.focus();
      break;
    case 'roundStarted':
      setRunning(message.round);
      state.shownRoundId = message.round.id;
      saveState();
      renderCards();
      renderHistory();
      break;
    case 'ideas':
      if (running?.id === message.roundId) {
        running.ideas.push(...message.ideas);
        appendIdeas(message.ideas);
      }
      break;
    case 'roundEnded':
      if (running?.id === message.round.id) setRunning(undefined);
      history = [message.round, ...history.filter((round) => round.id !== message.round.id)];
      if (document.activeElement === form.stop || document.activeElement === document.body) form.go.focus();
      renderCards();
      renderHistory();
      break;
    case 'keepers':
      keepers = message.keepers;
      renderKeepers();
      renderCards();
      break;
    case 'history':
      history = message.history;
      if (!history.some((round) => round.id === state.shownRoundId) && running?.id !== state.shownRoundId) state.shownRoundId = undefined;
      saveState();
      renderCards();
      renderHistory();
      break;
    case 'reply':
      pendingReplies.get(message.requestId)?.({ ok: message.ok, error: message.error });
      pendingReplies.delete(message.requestId);
      break;
  }
});

// Escape stops a running round from anywhere in the view, as it cancels a generation in the editor.
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && running && !event.isComposing && !composing) send('stop', {});
});

send('ready', {});
