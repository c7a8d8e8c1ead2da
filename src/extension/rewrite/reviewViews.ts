import * as vscode from 'vscode';
import type { WordChange } from '../../core/wordDiff';
import type { SuggestionRegistry } from '../suggestions';
import { RewriteReview } from './review';

/** The scheme of the read-only document that holds the proposed text for the side-by-side view. */
export const PROPOSED_SCHEME = 'inkwell-rewrite';

const REVIEW_COMMANDS = [
  'inkwell.acceptChange',
  'inkwell.rejectChange',
  'inkwell.acceptSuggestion',
  'inkwell.rejectSuggestion',
  'inkwell.openSideBySide',
  'inkwell.nextChange',
];

/**
 * The open review of `document`, or of the document it is a view of (the side-by-side view) when
 * `viaViews` is set: offsets in such a view are not the document's, so only commands use them.
 */
export function reviewOf(suggestions: SuggestionRegistry, document: vscode.TextDocument, viaViews = false): RewriteReview | undefined {
  const pending = suggestions.pendingFor(document);
  if (!(pending instanceof RewriteReview) || !pending.isOpen) return undefined;
  return viaViews || pending.document === document ? pending : undefined;
}

/** The proposed document's address: the same path (so it gets the same language), the original in the query. */
export function proposedUri(document: vscode.TextDocument): vscode.Uri {
  return document.uri.with({ scheme: PROPOSED_SCHEME, query: document.uri.toString(), fragment: '' });
}

function commandLink(command: string, label: string, argument?: unknown): string {
  const query = argument === undefined ? '' : `?${encodeURIComponent(JSON.stringify([argument]))}`;
  return `[${label}](command:${command}${query})`;
}

/** One change told in words, for the hover and for screen readers: colour alone says nothing to them. */
export function describeChange(change: WordChange): string {
  const quote = (text: string) => `“${text.trim() === '' ? text.replace(/\r?\n/g, '⏎') : text.trim()}”`;
  if (!change.removed) return vscode.l10n.t('Insert {0}', quote(change.added));
  if (!change.added) return vscode.l10n.t('Delete {0}', quote(change.removed));
  return vscode.l10n.t('Replace {0} with {1}', quote(change.removed), quote(change.added));
}

function decisionLabel(review: RewriteReview, change: WordChange): string {
  switch (review.decisionOf(change.index)) {
    case 'accepted':
      return vscode.l10n.t('accepted');
    case 'rejected':
      return vscode.l10n.t('rejected');
    default:
      return vscode.l10n.t('undecided');
  }
}

class ReviewHoverProvider implements vscode.HoverProvider {
  constructor(private readonly suggestions: SuggestionRegistry) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const review = reviewOf(this.suggestions, document);
    const change = review?.changeAt(document.offsetAt(position));
    if (!review || !change) return undefined;
    const markdown = new vscode.MarkdownString(undefined, true);
    markdown.isTrusted = { enabledCommands: REVIEW_COMMANDS };
    markdown.appendMarkdown(
      `**${vscode.l10n.t('Rewrite: change {0} of {1} ({2})', change.index + 1, review.changes.length, decisionLabel(review, change))}**\n\n`,
    );
    markdown.appendText(describeChange(change));
    markdown.appendMarkdown('\n\n');
    markdown.appendMarkdown(
      [
        commandLink('inkwell.acceptChange', `$(check) ${vscode.l10n.t('Accept')}`, { index: change.index }),
        commandLink('inkwell.rejectChange', `$(close) ${vscode.l10n.t('Reject')}`, { index: change.index }),
        commandLink('inkwell.acceptSuggestion', vscode.l10n.t('Accept All')),
        commandLink('inkwell.rejectSuggestion', vscode.l10n.t('Reject All')),
        commandLink('inkwell.openSideBySide', `$(diff) ${vscode.l10n.t('Side by Side')}`),
      ].join(' · '),
    );
    return new vscode.Hover(markdown, review.rangeOf(change));
  }
}

class ReviewCodeLensProvider implements vscode.CodeLensProvider {
  constructor(
    private readonly suggestions: SuggestionRegistry,
    readonly onDidChangeCodeLenses: vscode.Event<void>,
  ) {}

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const review = reviewOf(this.suggestions, document);
    if (!review) return [];
    const at = new vscode.Range(review.range().start, review.range().start);
    const decided = review.changes.filter((change) => review.decisionOf(change.index) !== undefined).length;
    return [
      new vscode.CodeLens(at, { title: `$(check) ${vscode.l10n.t('Accept All')}`, command: 'inkwell.acceptSuggestion' }),
      new vscode.CodeLens(at, { title: `$(close) ${vscode.l10n.t('Reject All')}`, command: 'inkwell.rejectSuggestion' }),
      new vscode.CodeLens(at, { title: `$(diff) ${vscode.l10n.t('Side by Side')}`, command: 'inkwell.openSideBySide' }),
      new vscode.CodeLens(at, {
        title: vscode.l10n.t('{0} of {1} changes decided', decided, review.changes.length),
        command: 'inkwell.nextChange',
      }),
    ];
  }
}

/** The whole document as it would be with the rewrite: the right side of the side-by-side view. */
class ProposedTextProvider implements vscode.TextDocumentContentProvider {
  constructor(
    private readonly suggestions: SuggestionRegistry,
    readonly onDidChange: vscode.Event<vscode.Uri>,
  ) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === uri.query);
    if (!document) return '';
    const review = reviewOf(this.suggestions, document);
    const text = document.getText();
    if (!review) return text;
    return text.slice(0, review.start) + review.proposedPassage() + text.slice(review.start + review.originalText.length);
  }
}

function isSideBySide(tab: vscode.Tab | undefined): boolean {
  return tab?.input instanceof vscode.TabInputTextDiff && tab.input.modified.scheme === PROPOSED_SCHEME;
}

/**
 * Hover, CodeLens and the side-by-side view of rewrite reviews, registered once for every document;
 * each answers only where a review is open, so nothing of a review outlives it.
 */
export class ReviewViews implements vscode.Disposable {
  private readonly codeLensChanged = new vscode.EventEmitter<void>();
  private readonly proposedChanged = new vscode.EventEmitter<vscode.Uri>();
  private readonly aliases = new Map<RewriteReview, vscode.Disposable>();
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly suggestions: SuggestionRegistry,
    onDidChangeReview: vscode.Event<RewriteReview>,
  ) {
    this.disposables = [
      this.codeLensChanged,
      this.proposedChanged,
      vscode.languages.registerHoverProvider('*', new ReviewHoverProvider(suggestions)),
      vscode.languages.registerCodeLensProvider('*', new ReviewCodeLensProvider(suggestions, this.codeLensChanged.event)),
      vscode.workspace.registerTextDocumentContentProvider(PROPOSED_SCHEME, new ProposedTextProvider(suggestions, this.proposedChanged.event)),
      onDidChangeReview((review) => {
        this.codeLensChanged.fire();
        this.proposedChanged.fire(proposedUri(review.document));
        if (!review.isOpen) this.dropAlias(review);
      }),
      vscode.window.tabGroups.onDidChangeTabs(() => this.updateContextKey()),
      vscode.window.tabGroups.onDidChangeTabGroups(() => this.updateContextKey()),
      vscode.window.onDidChangeActiveTextEditor(() => this.updateContextKey()),
    ];
    this.updateContextKey();
  }

  /** Opens the review in VS Code's diff editor: the document as it is, beside it as it would be. */
  async openSideBySide(review: RewriteReview): Promise<void> {
    const uri = proposedUri(review.document);
    if (!this.aliases.has(review)) this.aliases.set(review, this.suggestions.addAlias(uri, review.document.uri));
    const name = review.document.uri.path.split('/').pop() || review.document.uri.toString();
    await vscode.commands.executeCommand('vscode.diff', review.document.uri, uri, vscode.l10n.t('{0} ↔ Rewrite', name), {
      preview: true,
    });
    this.updateContextKey();
  }

  /** Closes the side-by-side view of a review that has ended. */
  closeSideBySide(review: RewriteReview): void {
    const uri = proposedUri(review.document).toString();
    const tabs = vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .filter((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === uri);
    if (tabs.length > 0) void vscode.window.tabGroups.close(tabs, true).then(() => this.dropAlias(review));
    else this.dropAlias(review);
  }

  dispose(): void {
    for (const alias of this.aliases.values()) alias.dispose();
    this.aliases.clear();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private dropAlias(review: RewriteReview): void {
    this.aliases.get(review)?.dispose();
    this.aliases.delete(review);
  }

  private updateContextKey(): void {
    const active = isSideBySide(vscode.window.tabGroups.activeTabGroup.activeTab);
    void vscode.commands.executeCommand('setContext', 'inkwell.sideBySide', active);
  }
}
