import * as vscode from 'vscode';
import { scriptedArgs } from '../commandArgs';
import type { BuiltPrompt, PromptPart } from '../../core/prompt';
import { estimateTokens } from '../../core/tokens';
import type { Action } from '../../core/types';
import { BRAINSTORM_CATEGORIES, CONTINUE_VARIANTS, REWRITE_VARIANTS } from '../../core/variants';
import { editorSource, preparePrompt, type PreparedPrompt, type PromptRequest } from '../generation';
import type { Services } from '../services';
import type { PendingSuggestion } from '../suggestions';

export const PROMPT_SCHEME = 'inkwell-prompt';

export interface ShowPromptArgs {
  action?: Action;
  style?: string;
  variant?: string;
  instruction?: string;
  category?: string;
  topic?: string;
  count?: number;
}

export interface ShownPrompt {
  /** The read-only document showing the prompt. */
  uri: string;
  messages: BuiltPrompt['messages'];
  parts: PromptPart[];
}

/** Read-only documents holding the prompts shown, by URI. */
export class PromptDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changeEmitter.event;
  private shown = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** A new URI for each showing, so an earlier prompt stays as it was in its own tab. */
  add(title: string, content: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: PROMPT_SCHEME, path: `/${title} (${++this.shown}).md` });
    this.contents.set(uri.toString(), content);
    this.changeEmitter.fire(uri);
    return uri;
  }

  forget(uri: vscode.Uri): void {
    this.contents.delete(uri.toString());
  }

  dispose(): void {
    this.changeEmitter.dispose();
    this.contents.clear();
  }
}

/**
 * `inkwell.showPrompt`: shows the prompt an action would send, prepared as the action prepares it,
 * with the token estimate of each part. While a continuation or a rewrite is pending in the editor,
 * the action's next request is its "Other version", so that is what is shown. With an argument object
 * it asks nothing; without one it asks which action.
 */
export async function showPrompt(services: Services, documents: PromptDocuments, arg: unknown): Promise<ShownPrompt | undefined> {
  const args: ShowPromptArgs | undefined = scriptedArgs(arg);
  const editor = manuscriptEditor();
  const action = args ? (args.action ?? 'continue') : await pickAction(editor);
  if (!action) return undefined;
  if (!['continue', 'rewrite', 'brainstorm'].includes(action)) {
    void vscode.window.showErrorMessage(vscode.l10n.t('There is no action "{0}": use continue, rewrite or brainstorm.', String(action)));
    return undefined;
  }
  const prepared = await nextPrompt(services, action, editor, args);
  if (!prepared) return undefined;
  const content = render(prepared);
  const uri = documents.add(vscode.l10n.t('Inkwell prompt'), content);
  const shown = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(shown, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  return { uri: uri.toString(), messages: prepared.prompt.messages, parts: prepared.prompt.parts };
}

const PENDING_KIND: Record<Action, PendingSuggestion['kind'] | undefined> = { continue: 'continuation', rewrite: 'review', brainstorm: undefined };

/** The prompt the action would send next in `editor`; undefined (and the writer told why) when it would send none. */
async function nextPrompt(
  services: Services,
  action: Action,
  editor: vscode.TextEditor | undefined,
  args: ShowPromptArgs | undefined,
): Promise<PreparedPrompt | undefined> {
  const document = editor?.document;
  const pending = document && services.suggestions.pendingFor(document);
  if (pending && pending.kind === PENDING_KIND[action]) return pending.nextPrompt();
  if (!editor && action !== 'brainstorm') {
    void vscode.window.showErrorMessage(vscode.l10n.t('Open a document to see the prompt Inkwell would send for it.'));
    return undefined;
  }
  const scope = document?.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
  const style = await services.styles.styleFor(args?.style, scope);
  if (!style) {
    void vscode.window.showErrorMessage(vscode.l10n.t('There is no style "{0}".', String(args?.style)));
    return undefined;
  }
  if (action === 'rewrite' && document!.getText(editor!.selection).trim() === '') {
    void vscode.window.showErrorMessage(vscode.l10n.t('Select the passage to rewrite first: the selection is empty.'));
    return undefined;
  }
  const request: PromptRequest = { style, instruction: args?.instruction };
  if (action === 'continue') request.variant = args?.variant;
  else if (action === 'rewrite') request.variant = args?.variant ?? 'rephrase';
  else {
    request.category = args?.category ?? 'other';
    request.topic = args?.topic;
    request.count = args?.count;
  }
  return preparePrompt(action, editor && editorSource(action, editor), request);
}

/** The editor the prompt is for: the active one, or the manuscript beside a prompt being looked at. */
function manuscriptEditor(): vscode.TextEditor | undefined {
  const active = vscode.window.activeTextEditor;
  if (active && active.document.uri.scheme !== PROMPT_SCHEME) return active;
  return vscode.window.visibleTextEditors.find((editor) => editor.document.uri.scheme !== PROMPT_SCHEME);
}

async function pickAction(editor: vscode.TextEditor | undefined): Promise<Action | undefined> {
  const items: Array<vscode.QuickPickItem & { action: Action }> = [
    { action: 'continue', label: vscode.l10n.t('Continue Draft'), description: vscode.l10n.t('at the cursor') },
    { action: 'rewrite', label: vscode.l10n.t('Rewrite Selection'), description: vscode.l10n.t('the selected passage') },
    { action: 'brainstorm', label: vscode.l10n.t('Brainstorm'), description: vscode.l10n.t('ideas for the story') },
  ];
  if (editor && !editor.selection.isEmpty) items.unshift(items.splice(1, 1)[0]);
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Show the prompt Inkwell would send for…') });
  return picked?.action;
}

const PART_NAMES: Record<PromptPart['kind'], () => string> = {
  instructions: () => vscode.l10n.t('Instructions'),
  style: () => vscode.l10n.t('Style'),
  notes: () => vscode.l10n.t('Story notes'),
  lore: () => vscode.l10n.t('Lore'),
  'previous-chapter': () => vscode.l10n.t('Previous chapter'),
  before: () => vscode.l10n.t('Context before'),
  selection: () => vscode.l10n.t('Selection'),
  after: () => vscode.l10n.t('Context after'),
  topic: () => vscode.l10n.t('Topic'),
};

function render({ input, prompt }: PreparedPrompt): string {
  const { style } = input;
  const variant =
    input.action === 'continue'
      ? CONTINUE_VARIANTS.find((item) => item.id === input.variant)?.label
      : input.action === 'rewrite'
        ? REWRITE_VARIANTS.find((item) => item.id === input.variant)?.label ?? input.variant
        : BRAINSTORM_CATEGORIES.find((item) => item.id === input.category)?.label ?? input.category;
  const total = prompt.messages.reduce((sum, message) => sum + estimateTokens(message.content), 0);
  const lines = [
    `# ${vscode.l10n.t('What Inkwell would send')}`,
    '',
    vscode.l10n.t('Action: {0} · Style: {1} · {2}', input.action, `${style.label} (${style.id})`, variant ?? ''),
    vscode.l10n.t('Manuscript language: {0} · Context budget: {1} tokens', prompt.language, input.contextTokens),
  ];
  if (prompt.temperature !== undefined) lines.push(vscode.l10n.t('Temperature from the style: {0}', prompt.temperature));
  if (prompt.truncated) {
    lines.push('', vscode.l10n.t('The selection alone is larger than the context budget: Rewrite Selection would refuse to send it.'));
  }
  lines.push(
    '',
    `## ${vscode.l10n.t('Estimated tokens')}`,
    '',
    `| ${vscode.l10n.t('Part')} | ${vscode.l10n.t('Tokens')} |`,
    '| --- | ---: |',
    ...prompt.parts.map((part) => `| ${PART_NAMES[part.kind]()} | ${part.tokens} |`),
    `| **${vscode.l10n.t('Total')}** | **${total}** |`,
    '',
    `## ${vscode.l10n.t('Messages')}`,
  );
  for (const message of prompt.messages) {
    const fence = '`'.repeat(Math.max(4, longestRun(message.content, '`') + 1));
    lines.push('', `### ${message.role}`, '', `${fence}text`, message.content, fence);
  }
  return `${lines.join('\n')}\n`;
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let current = 0;
  for (const c of text) {
    current = c === char ? current + 1 : 0;
    longest = Math.max(longest, current);
  }
  return longest;
}
