// The Brainstorm view's page. Plain DOM: everything the model wrote goes in through `textContent`,
// never as HTML. It asks the extension for everything (rounds, insert, copy, keep) and keeps only
// its form and what it is showing in the webview state, so it comes back as it was after a reload.

import { createRequester, DEFAULT_COUNT, MAX_COUNT, MAX_IDEA_LENGTH, MIN_COUNT } from '../core/brainstormProtocol';
import type { Answer, IdeaRef, InitialState, Keeper, NotificationMap, Round, StringKey, ToWebview } from '../core/brainstormProtocol';
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

/** The extension answers in milliseconds; this long without an answer means it will not. */
const REQUEST_TIMEOUT_MS = 20_000;

const { request, receive } = createRequester((message) => vscode.postMessage(message), {
  timeoutMs: REQUEST_TIMEOUT_MS,
  schedule: (delayMs, run) => {
    const timer = setTimeout(run, delayMs);
    return () => clearTimeout(timer);
  },
  timeoutMessage: () => (initial ? t('noAnswer') : (root.dataset.noAnswer ?? '')),
});

function notify<K extends keyof NotificationMap>(type: K, params: NotificationMap[K]): void {
  vscode.postMessage({ type, params });
}

function saveState(): void {
  vscode.setState(state);
}

/** A page string with `{0}`, `{1}`… filled in. The arguments are model text: a function replacer, so
 * that `$&`, `$'` or `$$` in them are never read as replacement patterns. */
function t(key: StringKey, ...args: string[]): string {
  return (strings[key] ?? key).replace(/\{(\d+)\}/g, (placeholder, index: string) => args[Number(index)] ?? placeholder);
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
  void request('brainstorm', {
    category: state.category,
    topic,
    style: state.style,
    count: state.count,
    exclude: state.excluded,
    ...(seed ? { seed } : {}),
  }).then((answer) => {
    if (!answer.ok) flash(answer.error);
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
  form.stop.addEventListener('click', () => notify('stop', {}));
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

/** Says what became of a request: `done` when it worked, the reason when not. */
function said<T>(answer: Answer<T>, done?: string): Answer<T> {
  if (!answer.ok) flash(answer.error);
  else if (done) flash(done);
  return answer;
}

async function setKeepers(answer: Promise<Answer<{ keepers: Keeper[] }>>): Promise<void> {
  const reply = said(await answer);
  if (!reply.ok) return;
  keepers = reply.value.keepers;
  renderKeepers();
  renderCards();
}

/** Insert and Copy: the extension has the idea's words; the page only names it. */
function insertAndCopy(idea: IdeaRef): HTMLButtonElement[] {
  return [
    iconButton('insert', t('insert'), async () => void said(await request('insert', { idea }), t('inserted'))),
    iconButton('copy', t('copy'), async () => void said(await request('copy', { idea }), t('copied'))),
  ];
}

/** Ideas go back to the model (Not this, More like this) only up to the length a request may carry. */
function sendable(text: string): boolean {
  return text.length <= MAX_IDEA_LENGTH;
}

function card(text: string, round: Round, index: number): HTMLLIElement {
  const excluded = state.excluded.includes(text);
  const item = el('li', { class: excluded ? 'card excluded' : 'card' });
  const body = el('p', { class: 'idea' });
  body.textContent = text;
  const actions = el('div', { class: 'actions', role: 'group', 'aria-label': text.slice(0, 80) });
  const notThis = iconButton('notThis', excluded ? t('excluded') : t('notThis'), () => {
    state.excluded = excluded ? state.excluded.filter((each) => each !== text) : [...state.excluded, text];
    saveState();
    renderCards();
    renderExcludedNote();
    focusCardAction(text, 3);
  }, { pressed: excluded });
  const more = iconButton('more', t('moreLikeThis'), () => submit(text));
  if (!sendable(text)) {
    for (const button of [notThis, more]) {
      button.disabled = true;
      button.title = `${button.title} — ${t('tooLongToSend', String(MAX_IDEA_LENGTH))}`;
      button.setAttribute('aria-label', button.title);
    }
  }
  actions.append(
    ...insertAndCopy({ roundId: round.id, index }),
    iconButton('keep', isKept(text) ? t('kept') : t('keep'), () => {
      const keeper = keepers.find((each) => each.text === text);
      void setKeepers(keeper ? request('unkeep', { id: keeper.id }) : request('keep', { idea: { roundId: round.id, index } }));
    }, { pressed: isKept(text) }),
    notThis,
    more,
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
  cards.replaceChildren(...(round?.ideas.map((text, index) => card(text, round, index)) ?? []));
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

/** Draws the running round's ideas from `from` on (those just added to it). */
function appendIdeas(from: number): void {
  const round = shownRound();
  if (!round || round !== running) return;
  cards.append(...round.ideas.slice(from).map((text, i) => card(text, round, from + i)));
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
        ...insertAndCopy({ keeperId: keeper.id }),
        iconButton('trash', t('removeKeeper'), () => void setKeepers(request('unkeep', { id: keeper.id }))),
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
  clearHistory.addEventListener('click', async () => {
    const reply = said(await request('clearHistory', {}));
    if (reply.ok) showHistory(reply.value.history);
  });
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

function showHistory(rounds: Round[]): void {
  history = rounds;
  if (!history.some((round) => round.id === state.shownRoundId) && running?.id !== state.shownRoundId) state.shownRoundId = undefined;
  saveState();
  renderCards();
  renderHistory();
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  if (message.type === 'reply') return receive(message);
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
        const from = running.ideas.length;
        running.ideas.push(...message.ideas);
        appendIdeas(from);
      }
      break;
    case 'roundEnded':
      if (running?.id === message.round.id) setRunning(undefined);
      history = [message.round, ...history.filter((round) => round.id !== message.round.id)];
      if (document.activeElement === form.stop || document.activeElement === document.body) form.go.focus();
      renderCards();
      renderHistory();
      break;
    case 'history':
      showHistory(message.history);
      break;
  }
});

// Escape stops a running round from anywhere in the view, as it cancels a generation in the editor.
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && running && !event.isComposing && !composing) notify('stop', {});
});

void request('ready', {}).then((answer) => {
  if (answer.ok) start(answer.value);
  else {
    root.textContent = answer.error;
    root.removeAttribute('aria-busy');
  }
});
