import * as vscode from 'vscode';
import type { LoreDecision } from '../../core/loreSelection';
import type { BuiltPrompt, PromptInput, PromptPartKind } from '../../core/prompt';
import { estimateTokens } from '../../core/tokens';

/** One part of the next request, as `inkwell.showContext` resolves with it (the public contract). */
export interface ContextPart {
  kind: PromptPartKind;
  label: string;
  tokens: number;
  included: boolean;
  file?: string;
  reason?: 'always' | 'detected' | 'cascade' | 'budget' | 'never';
  trigger?: string;
}

export interface ContextSummary {
  parts: ContextPart[];
  totalTokens: number;
  budgetTokens: number;
}

/** A part with what the view shows beside the contract's fields. */
export interface ShownPart extends ContextPart {
  /** For lore: the decision, with where its trigger was found. */
  decision?: LoreDecision;
}

const STORY_NOTES_FILE = '.inkwell/story.md';

/**
 * The map of a prepared prompt: every part with its token estimate and why it is there, each lore
 * entry on its own (those left out too). The parts that are sent add up to `totalTokens`, the
 * estimate of the messages themselves: the instructions are what the messages hold beyond the rest.
 */
export function describeContext(input: PromptInput, prompt: BuiltPrompt): { parts: ShownPart[]; summary: ContextSummary } {
  const parts: ShownPart[] = [];
  for (const part of prompt.parts) {
    if (part.kind === 'lore') continue;
    if (part.kind !== 'instructions' && part.text.trim() === '') continue;
    const shown: ShownPart = { kind: part.kind, label: labelOf(part.kind, input), tokens: part.tokens, included: true };
    if (part.kind === 'notes') shown.file = STORY_NOTES_FILE;
    if (part.kind === 'previous-chapter' && input.previousChapter) shown.file = input.previousChapter.file;
    parts.push(shown);
  }
  const lore = (prompt.lore?.decisions ?? []).map((decision): ShownPart => {
    const part: ShownPart = { kind: 'lore', label: decision.entry.name, tokens: decision.tokens, included: decision.included, file: decision.entry.file, reason: decision.reason, decision };
    if (decision.trigger !== undefined) part.trigger = decision.trigger;
    return part;
  });
  // Lore sits where the request has it: after the story notes (or the style, or the instructions).
  const at = Math.max(...(['instructions', 'style', 'notes'] as const).map((kind) => parts.findIndex((part) => part.kind === kind))) + 1;
  parts.splice(at, 0, ...lore);

  const total = prompt.messages.reduce((sum, message) => sum + estimateTokens(message.content), 0);
  const instructions = parts.find((part) => part.kind === 'instructions');
  const others = parts.reduce((sum, part) => sum + (part.included && part !== instructions ? part.tokens : 0), 0);
  if (instructions) instructions.tokens = Math.max(0, total - others);
  const contract = parts.map(({ decision: _decision, ...part }) => part);
  return { parts, summary: { parts: contract, totalTokens: Math.max(total, others), budgetTokens: input.contextTokens } };
}

function labelOf(kind: PromptPartKind, input: PromptInput): string {
  const rewrite = input.action === 'rewrite';
  switch (kind) {
    case 'instructions':
      return vscode.l10n.t('Instructions');
    case 'style':
      return vscode.l10n.t('Style: {0}', input.style.label);
    case 'notes':
      return vscode.l10n.t('Story notes');
    case 'lore':
      return vscode.l10n.t('Lore');
    case 'previous-chapter':
      return vscode.l10n.t('End of {0}', input.previousChapter?.file ?? '');
    case 'before':
      return rewrite ? vscode.l10n.t('Before the selection') : vscode.l10n.t('Before the cursor');
    case 'selection':
      return vscode.l10n.t('Selection');
    case 'after':
      return rewrite ? vscode.l10n.t('After the selection') : vscode.l10n.t('After the cursor');
    case 'topic':
      return vscode.l10n.t('Topic');
  }
}
