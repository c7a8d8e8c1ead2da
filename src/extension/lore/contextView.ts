import * as vscode from 'vscode';
import type { LoreDecision } from '../../core/loreSelection';
import type { Action } from '../../core/types';
import { folderOfDocument } from '../workspaceFiles';
import type { LoreCatalog } from './catalog';
import type { ContextSummary, ShownPart } from './contextParts';
import { contextOf, manuscriptEditor, type ContextOutcome } from './showContext';
import type { StyleCatalog } from '../prompting/styleCatalog';
import { loreProblemText } from './texts';

export const CONTEXT_VIEW_ID = 'inkwell.contextView';
/** Moving the cursor redraws the view this long after it stops; typing, a little later. */
const SELECTION_DELAY_MS = 300;
const TYPING_DELAY_MS = 800;
const BAR_CELLS = 20;

type Node =
  | { kind: 'summary'; summary: ContextSummary }
  | { kind: 'action'; action: Action; chosen: boolean }
  | { kind: 'part'; part: ShownPart }
  | { kind: 'left-out'; parts: ShownPart[] }
  | { kind: 'problems'; lines: { file: string; text: string }[] }
  | { kind: 'problem'; file: string; text: string }
  | { kind: 'message'; text: string };

/**
 * The context view: every part of the next request for the active editor and cursor, with its token
 * estimate and why it is there, a bar of the budget, and what was left out. It is recomputed a moment
 * after the cursor or the text stops moving (never while typing), and only while it is visible.
 */
export class ContextView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly summaryEmitter = new vscode.EventEmitter<ContextSummary | undefined>();
  /** Fires with each new summary (the status bar shows its total). */
  readonly onDidSummarise = this.summaryEmitter.event;
  private readonly view: vscode.TreeView<Node>;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private outcome: ContextOutcome | undefined;
  private chosenAction: Action | undefined;
  private generation = 0;

  constructor(
    private readonly styles: StyleCatalog,
    private readonly catalog: LoreCatalog,
  ) {
    this.view = vscode.window.createTreeView(CONTEXT_VIEW_ID, { treeDataProvider: this, showCollapseAll: false });
    const soon = () => this.schedule(SELECTION_DELAY_MS);
    this.disposables.push(
      this.view,
      this.changeEmitter,
      this.summaryEmitter,
      this.view.onDidChangeVisibility(() => soon()),
      vscode.window.onDidChangeActiveTextEditor(soon),
      vscode.window.onDidChangeTextEditorSelection(soon),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === vscode.window.activeTextEditor?.document) this.schedule(TYPING_DELAY_MS);
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('inkwell')) soon();
      }),
      styles.onDidChange(soon),
      catalog.onDidChange(soon),
      new vscode.Disposable(() => clearTimeout(this.timer)),
    );
  }

  /** Shows the view. */
  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${CONTEXT_VIEW_ID}.focus`);
    this.schedule(0);
  }

  /** Chooses the action the view shows (undefined: rewrite with a selection, else continue). */
  async pickAction(): Promise<void> {
    const items: Array<vscode.QuickPickItem & { action: Action | undefined }> = [
      { action: undefined, label: vscode.l10n.t('Follow the selection'), description: vscode.l10n.t('Rewrite with a selection, else Continue') },
      { action: 'continue', label: vscode.l10n.t('Continue Draft') },
      { action: 'rewrite', label: vscode.l10n.t('Rewrite Selection') },
      { action: 'brainstorm', label: vscode.l10n.t('Brainstorm') },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Show the context of…') });
    if (!picked) return;
    this.chosenAction = picked.action;
    this.schedule(0);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'summary': {
        const { totalTokens, budgetTokens } = node.summary;
        const item = new vscode.TreeItem(vscode.l10n.t('{0} of {1} tokens', totalTokens, budgetTokens));
        item.description = budgetBar(totalTokens, budgetTokens);
        item.iconPath = new vscode.ThemeIcon('dashboard');
        item.tooltip = vscode.l10n.t('The next request is about {0} tokens; the context budget (inkwell.contextTokens) is {1}.', totalTokens, budgetTokens);
        return item;
      }
      case 'action': {
        const item = new vscode.TreeItem(vscode.l10n.t('For: {0}', actionLabel(node.action)));
        item.description = node.chosen ? undefined : vscode.l10n.t('follows the selection');
        item.iconPath = new vscode.ThemeIcon('symbol-event');
        item.command = { command: 'inkwell.contextView.pickAction', title: vscode.l10n.t('Choose the action') };
        return item;
      }
      case 'part':
        return partItem(node.part, this.folderUri());
      case 'left-out': {
        const item = new vscode.TreeItem(vscode.l10n.t('Left out ({0})', node.parts.length), vscode.TreeItemCollapsibleState.Expanded);
        item.iconPath = new vscode.ThemeIcon('circle-slash');
        return item;
      }
      case 'problems': {
        const item = new vscode.TreeItem(vscode.l10n.t('Lore problems ({0})', node.lines.length), vscode.TreeItemCollapsibleState.Collapsed);
        item.iconPath = new vscode.ThemeIcon('warning');
        return item;
      }
      case 'problem': {
        const item = new vscode.TreeItem(node.file);
        item.description = node.text;
        item.tooltip = `${node.file}: ${node.text}`;
        item.iconPath = new vscode.ThemeIcon('warning');
        const folder = this.folderUri();
        if (folder) item.command = { command: 'vscode.open', title: vscode.l10n.t('Open'), arguments: [vscode.Uri.joinPath(folder, node.file)] };
        return item;
      }
      case 'message':
        return new vscode.TreeItem(node.text);
    }
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (node?.kind === 'left-out') return node.parts.map((part) => ({ kind: 'part', part }));
    if (node?.kind === 'problems') return node.lines.map((line) => ({ kind: 'problem', ...line }));
    if (node) return [];
    const outcome = this.outcome;
    if (!outcome) return [];
    if (!outcome.ok) return [{ kind: 'message', text: outcome.message }];
    const sent = outcome.parts.filter((part) => part.included);
    const left = outcome.parts.filter((part) => !part.included);
    const nodes: Node[] = [
      { kind: 'summary', summary: outcome.summary },
      { kind: 'action', action: outcome.action, chosen: this.chosenAction !== undefined },
      ...sent.map((part): Node => ({ kind: 'part', part })),
    ];
    if (left.length > 0) nodes.push({ kind: 'left-out', parts: left });
    const folder = folderOfDocument(manuscriptEditor()?.document.uri);
    const problems = folder ? (await this.catalog.lore(folder)).problems : [];
    if (problems.length > 0) nodes.push({ kind: 'problems', lines: problems.map((problem) => ({ file: problem.file, text: loreProblemText(problem.reason) })) });
    return nodes;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }

  private folderUri(): vscode.Uri | undefined {
    return folderOfDocument(manuscriptEditor()?.document.uri)?.uri;
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    if (!this.view.visible) return;
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  private async refresh(): Promise<void> {
    const current = ++this.generation;
    const editor = manuscriptEditor();
    const action = this.chosenAction ?? (editor && !editor.selection.isEmpty ? 'rewrite' : 'continue');
    const outcome = await contextOf(this.styles, action, editor).catch((error: unknown): ContextOutcome => ({ ok: false, message: String(error) }));
    if (current !== this.generation) return;
    this.outcome = outcome;
    this.view.description = outcome.ok ? vscode.l10n.t('{0} / {1} tokens', outcome.summary.totalTokens, outcome.summary.budgetTokens) : undefined;
    this.changeEmitter.fire(undefined);
    this.summaryEmitter.fire(outcome.ok ? outcome.summary : undefined);
  }
}

function budgetBar(total: number, budget: number): string {
  const share = budget > 0 ? total / budget : 0;
  const filled = Math.max(0, Math.min(BAR_CELLS, Math.round(share * BAR_CELLS)));
  return `${'█'.repeat(filled)}${'░'.repeat(BAR_CELLS - filled)} ${Math.round(share * 100)}%`;
}

function actionLabel(action: Action): string {
  return action === 'continue' ? vscode.l10n.t('Continue Draft') : action === 'rewrite' ? vscode.l10n.t('Rewrite Selection') : vscode.l10n.t('Brainstorm');
}

const KIND_ICONS: Record<ShownPart['kind'], string> = {
  instructions: 'symbol-ruler',
  style: 'symbol-color',
  notes: 'note',
  lore: 'book',
  'previous-chapter': 'history',
  before: 'arrow-up',
  selection: 'selection',
  after: 'arrow-down',
  topic: 'lightbulb',
};

function partItem(part: ShownPart, folder: vscode.Uri | undefined): vscode.TreeItem {
  const item = new vscode.TreeItem(part.label);
  const why = part.decision ? whyText(part.decision) : undefined;
  item.description = [vscode.l10n.t('{0} tokens', part.tokens), why].filter(Boolean).join(' · ');
  item.iconPath = new vscode.ThemeIcon(part.included ? KIND_ICONS[part.kind] : 'circle-slash');
  item.tooltip = [part.label, item.description, part.file].filter(Boolean).join('\n');
  item.accessibilityInformation = { label: `${part.label}, ${item.description}${part.included ? '' : `, ${vscode.l10n.t('left out')}`}` };
  if (part.file && folder) item.command = { command: 'vscode.open', title: vscode.l10n.t('Open'), arguments: [vscode.Uri.joinPath(folder, part.file)] };
  return item;
}

/** Why a lore entry is in the request, or not: "“Mara” on line 212", "cascade from Gannet Rock"… */
function whyText(decision: LoreDecision): string {
  const where = foundText(decision);
  switch (decision.reason) {
    case 'always':
      return vscode.l10n.t('always');
    case 'detected':
      return where;
    case 'cascade':
      return where;
    case 'never':
      return vscode.l10n.t('never sent ({0})', where);
    case 'budget':
      return vscode.l10n.t('no room ({0})', decision.wanted === 'always' ? vscode.l10n.t('always') : where);
  }
}

function foundText(decision: LoreDecision): string {
  const trigger = decision.trigger ?? '';
  const found = decision.found;
  if (!found) return trigger;
  if (found.source === 'entry') return vscode.l10n.t('“{0}” in {1} (cascade)', trigger, found.entry.name);
  const editor = manuscriptEditor();
  if ((found.source === 'before' || found.source === 'after' || found.source === 'selection') && editor) {
    return vscode.l10n.t('“{0}” on line {1}', trigger, editor.document.positionAt(found.offset).line + 1);
  }
  if (found.source === 'previous-chapter') return vscode.l10n.t('“{0}” in the previous chapter', trigger);
  return vscode.l10n.t('“{0}” in the topic', trigger);
}
