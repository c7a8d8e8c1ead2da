import * as vscode from 'vscode';
import type { GenerationResult } from '../../core/types';
import { REWRITE_VARIANTS } from '../../core/variants';
import type { Decision, WordChange } from '../../core/wordDiff';
import { refusedGeneration as failed, scriptedArgs } from '../commandArgs';
import type { PromptRequest } from '../generation';
import type { Services } from '../services';
import { ReviewDecorations } from './decorations';
import { generateRewrite, rewritePrompt, type Passage } from './generate';
import { isReadOnly } from '../readOnly';
import { RewriteReview, type ReviewHost } from './review';
import { ReviewViews, reviewOf } from './reviewViews';

interface RewriteArgs {
  style?: string;
  variant?: string;
  instruction?: string;
}

/** The writer-facing names of the rewrite variants (the core's labels are for the model's side). */
function variantLabel(id: string): string {
  switch (id) {
    case 'rephrase':
      return vscode.l10n.t('Rephrase');
    case 'shorter':
      return vscode.l10n.t('Make shorter');
    case 'expand':
      return vscode.l10n.t('Expand');
    case 'vivid':
      return vscode.l10n.t('More vivid');
    case 'show-dont-tell':
      return vscode.l10n.t("Show, don't tell");
    case 'intensify':
      return vscode.l10n.t('Intensify');
    case 'polish':
      return vscode.l10n.t('Polish');
    case 'custom':
      return vscode.l10n.t('My own instruction…');
    default:
      return id;
  }
}

/** Variant (and instruction, for `custom`) from the writer; undefined when they dismissed a picker. */
async function pickVariant(): Promise<{ variant: string; instruction?: string } | undefined> {
  const picked = await vscode.window.showQuickPick(
    REWRITE_VARIANTS.map((variant) => ({ label: variantLabel(variant.id), id: variant.id })),
    { title: vscode.l10n.t('Rewrite Selection'), placeHolder: vscode.l10n.t('How should Inkwell rewrite the selection?') },
  );
  if (!picked) return undefined;
  if (picked.id !== 'custom') return { variant: picked.id };
  const instruction = await vscode.window.showInputBox({
    title: vscode.l10n.t('Rewrite Selection'),
    prompt: vscode.l10n.t('How should the passage be rewritten?'),
    placeHolder: vscode.l10n.t('e.g. Tell it from her sister’s point of view'),
    ignoreFocusOut: true,
  });
  return instruction?.trim() ? { variant: 'custom', instruction: instruction.trim() } : undefined;
}

/**
 * `inkwell.rewriteSelection` and the review commands: the rewrite streams with progress, then the
 * selection shows it as a word-level diff the writer decides change by change or all at once.
 */
export function registerRewrite(services: Services): vscode.Disposable[] {
  const { suggestions } = services;
  const decorations = new ReviewDecorations();
  const changed = new vscode.EventEmitter<RewriteReview>();
  const views = new ReviewViews(suggestions, changed.event);
  const host: ReviewHost = {
    suggestions,
    decorations,
    log: services.log,
    changed,
    closeSideBySide: (review) => views.closeSideBySide(review),
    accepted: (review, words, source) =>
      services.provenance.record(review.document, {
        action: 'rewrite',
        source,
        style: review.request.style.id,
        variant: review.request.variant ?? 'rephrase',
        ranges: words.ranges,
        replaced: words.replaced,
      }),
  };

  const busy = () => failed('busy', vscode.l10n.t('Inkwell is already writing in this document.'));

  /** Runs one generation in the document, holding its slot in the registry for the duration. */
  const generate = async (document: vscode.TextDocument, passage: Passage, request: PromptRequest) => {
    const cancellation = suggestions.beginGeneration(document);
    if (!cancellation) return { result: busy(), start: passage.start };
    try {
      return await generateRewrite(services, document, passage, request, cancellation);
    } finally {
      suggestions.endGeneration(document, cancellation);
    }
  };

  const rewriteSelection = async (arg?: unknown): Promise<GenerationResult> => {
    const scripted: RewriteArgs | undefined = scriptedArgs(arg);
    const editor = vscode.window.activeTextEditor;
    if (!editor) return failed('no-editor', vscode.l10n.t('Open a document and select the passage to rewrite.'));
    const { document } = editor;
    if (await isReadOnly(document)) return failed('read-only', vscode.l10n.t('This document is read-only: Inkwell cannot rewrite it.'));
    if (suggestions.isGenerating(document)) return busy();
    const pending = suggestions.pendingFor(document);
    if (pending?.kind === 'review') return failed('busy', vscode.l10n.t('A rewrite is already under review in this document: decide it first.'));
    if (pending) return failed('busy', vscode.l10n.t('A continuation is waiting for your decision in this document: accept or reject it first.'));

    const selection = editor.selection;
    const passage: Passage = { start: document.offsetAt(selection.start), text: document.getText(selection) };
    if (passage.text.trim() === '') {
      return failed('empty-selection', vscode.l10n.t('Select the passage to rewrite first: the selection is empty.'));
    }

    let variant = scripted?.variant ?? 'rephrase';
    let instruction = scripted?.instruction?.trim() || undefined;
    if (!scripted) {
      const picked = await pickVariant();
      if (!picked) return { outcome: 'cancelled', text: '' };
      ({ variant, instruction } = picked);
    }
    if (!REWRITE_VARIANTS.some((known) => known.id === variant)) {
      return failed(undefined, vscode.l10n.t('There is no way to rewrite called "{0}".', variant));
    }
    if (variant === 'custom' && !instruction) {
      return failed(undefined, vscode.l10n.t('A custom rewrite needs an instruction: say how the passage should change.'));
    }
    const style = await services.styles.styleFor(scripted?.style, document.uri);
    if (!style) return failed(undefined, vscode.l10n.t('There is no style "{0}".', String(scripted?.style)));
    const request: PromptRequest = { style, variant, instruction };

    const rewritten = await generate(document, passage, request);
    const { result, start } = rewritten;
    if (!result.text) return result;
    if (result.text === passage.text) {
      void vscode.window.showInformationMessage(vscode.l10n.t('The model proposed no changes to this passage.'));
      return result;
    }

    const passageOf = (): Passage => ({ start: review.start, text: review.originalText });
    const review: RewriteReview = new RewriteReview(
      document,
      start,
      passage.text,
      rewritten,
      host,
      () => generate(document, passageOf(), request),
      () => rewritePrompt(document, passageOf(), request),
      request,
    );
    suggestions.setPending(document, review);
    // The selection's highlight would drown the diff's colours: the cursor goes to the first change.
    if (vscode.window.activeTextEditor?.document === document && review.changes.length > 0) {
      const first = review.rangeOf(review.changes[0]).start;
      vscode.window.activeTextEditor.selection = new vscode.Selection(first, first);
    }
    return result;
  };

  /**
   * The review of the active editor and where its cursor is, as an offset into the review's
   * document; from the side-by-side view (whose offsets are not the document's) the cursor counts
   * as the start of the passage, and the cursor is left alone.
   */
  const active = () => {
    const editor = vscode.window.activeTextEditor;
    const review = editor && reviewOf(suggestions, editor.document, true);
    if (!editor || !review) return undefined;
    const inDocument = editor.document === review.document;
    const offset = inDocument ? editor.document.offsetAt(editor.selection.active) : review.start;
    return { editor: inDocument ? editor : undefined, review, offset };
  };

  const moveTo = (editor: vscode.TextEditor | undefined, review: RewriteReview, change: WordChange | undefined) => {
    if (!editor || !change) return;
    const range = review.rangeOf(change);
    editor.selection = new vscode.Selection(range.start, range.start);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  };

  /** Decides the change given by index, else the one at the cursor, else the next undecided one. */
  const decide = async (arg: unknown, decision: Decision) => {
    const found = active();
    if (!found) {
      void vscode.window.showInformationMessage(vscode.l10n.t('There is no rewrite under review in this editor.'));
      return;
    }
    const { editor, review, offset } = found;
    const index = (arg as { index?: unknown } | undefined)?.index;
    const change = typeof index === 'number' ? review.changes[index] : (review.changeAt(offset) ?? review.nextUndecided(offset, 1));
    if (!change) return;
    await review.decide(change.index, decision);
    if (review.isOpen) moveTo(editor, review, review.nextUndecided(review.start + change.originalStart, 1));
  };

  const move = (direction: 1 | -1) => {
    const found = active();
    if (!found?.editor) return;
    moveTo(found.editor, found.review, found.review.nextUndecided(found.offset, direction));
    // The hover tells the change in words, which a screen reader reads out.
    void vscode.commands.executeCommand('editor.action.showHover').then(undefined, () => undefined);
  };

  return [
    decorations,
    changed,
    views,
    vscode.commands.registerCommand('inkwell.rewriteSelection', rewriteSelection),
    vscode.commands.registerCommand('inkwell.acceptChange', (arg?: unknown) => decide(arg, 'accepted')),
    vscode.commands.registerCommand('inkwell.rejectChange', (arg?: unknown) => decide(arg, 'rejected')),
    vscode.commands.registerCommand('inkwell.nextChange', () => move(1)),
    vscode.commands.registerCommand('inkwell.previousChange', () => move(-1)),
    vscode.commands.registerCommand('inkwell.openSideBySide', async () => {
      const review = active()?.review;
      if (review) await views.openSideBySide(review);
      else void vscode.window.showInformationMessage(vscode.l10n.t('There is no rewrite under review in this editor.'));
    }),
  ];
}
