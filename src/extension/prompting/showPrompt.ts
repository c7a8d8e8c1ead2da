import * as vscode from 'vscode';
import { scriptedArgs } from '../commandArgs';
import { buildPrompt, type BuiltPrompt, type PromptInput, type PromptPart } from '../../core/prompt';
import type { Style } from '../../core/styles';
import { estimateTokens } from '../../core/tokens';
import type { Action } from '../../core/types';
import { BRAINSTORM_CATEGORIES, CONTINUE_VARIANTS, REWRITE_VARIANTS } from '../../core/variants';
import { documentForm } from '../forms/documentForm';
import type { StyleCatalog } from './styleCatalog';
import { readStoryNotes } from './storyNotes';

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
 * `inkwell.showPrompt`: builds the prompt for an action exactly as the action would (same inputs,
 * same settings) and shows it, with the token estimate of each part. With an argument object it
 * asks nothing; without one it asks which action.
 */
export async function showPrompt(
  styles: StyleCatalog,
  documents: PromptDocuments,
  arg: unknown,
): Promise<ShownPrompt | undefined> {
  const args: ShowPromptArgs | undefined = scriptedArgs(arg);
  const editor = manuscriptEditor();
  const action = args ? (args.action ?? 'continue') : await pickAction(editor);
  if (!action) return undefined;
  if (!['continue', 'rewrite', 'brainstorm'].includes(action)) {
    void vscode.window.showErrorMessage(vscode.l10n.t('There is no action "{0}": use continue, rewrite or brainstorm.', String(action)));
    return undefined;
  }
  const document = editor?.document;
  if (!document && action !== 'brainstorm') {
    void vscode.window.showErrorMessage(vscode.l10n.t('Open a document to see the prompt Inkwell would send for it.'));
    return undefined;
  }
  const scope = document?.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
  const style = await styles.styleFor(args?.style, scope);
  if (!style) {
    void vscode.window.showErrorMessage(vscode.l10n.t('There is no style "{0}".', String(args?.style)));
    return undefined;
  }
  const config = vscode.workspace.getConfiguration('inkwell', scope);
  const text = document?.getText() ?? '';
  const selection = editor
    ? { start: document!.offsetAt(editor.selection.start), end: document!.offsetAt(editor.selection.end) }
    : { start: 0, end: 0 };
  if (action === 'rewrite' && text.slice(selection.start, selection.end).trim() === '') {
    void vscode.window.showErrorMessage(vscode.l10n.t('Select the passage to rewrite first: the selection is empty.'));
    return undefined;
  }

  const input: PromptInput = {
    action,
    style,
    text,
    // A continuation goes on after the selection, at its end.
    selection: action === 'continue' ? { start: selection.end, end: selection.end } : selection,
    storyNotes: await readStoryNotes(scope),
    contextTokens: config.get<number>('contextTokens', 3000),
    maxOutputTokens: config.get<number>('maxOutputTokens', 600),
  };
  if (document) {
    const form = await documentForm(document, { style: style.id, at: input.selection.start });
    input.languageId = form.languageId;
    input.form = form.prompt(action, text, input.selection.start, input.selection.end);
  }
  const instruction = args?.instruction?.trim();
  if (action === 'continue') {
    // As Continue Draft does: guided without a direction is an ordinary continuation.
    input.variant = args?.variant === 'guided' && instruction ? 'guided' : 'auto';
    if (instruction) input.instruction = instruction;
  } else if (action === 'rewrite') {
    input.variant = args?.variant ?? 'rephrase';
    if (instruction) input.instruction = instruction;
  } else {
    input.category = args?.category ?? 'other';
    if (args?.topic) input.topic = args.topic;
    if (args?.count) input.count = args.count;
  }

  const prompt = buildPrompt(input);
  const content = render(input, style, prompt);
  const uri = documents.add(vscode.l10n.t('Inkwell prompt'), content);
  const shown = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(shown, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  return { uri: uri.toString(), messages: prompt.messages, parts: prompt.parts };
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

const PART_NAMES: Record<PromptPart['name'], () => string> = {
  storyNotes: () => vscode.l10n.t('Story notes'),
  lore: () => vscode.l10n.t('Lore'),
  previousChapter: () => vscode.l10n.t('Previous chapter'),
  contextBefore: () => vscode.l10n.t('Context before'),
  contextAfter: () => vscode.l10n.t('Context after'),
  selection: () => vscode.l10n.t('Selection'),
  instruction: () => vscode.l10n.t('Instruction'),
};

function render(input: PromptInput, style: Style, prompt: BuiltPrompt): string {
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
    ...prompt.parts.map((part) => `| ${PART_NAMES[part.name]()} | ${part.tokens} |`),
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
