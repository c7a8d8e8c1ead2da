import * as vscode from 'vscode';
import type { LoreDecision } from '../../core/loreSelection';
import type { BuiltPrompt, PromptInput } from '../../core/prompt';
import { estimateTokens } from '../../core/tokens';

/** One part of the next request, as `inkwell.showContext` resolves with it (the public contract). */
export interface ContextPart {
  kind: 'instructions' | 'style' | 'notes' | 'lore' | 'previous-chapter' | 'before' | 'selection' | 'after' | 'topic';
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
 * The map of a prepared prompt: every part with its token estimate and why it is there. The parts
 * that are sent add up to `totalTokens`, the estimate of the messages themselves (the instructions
 * are what the messages hold beyond the other parts).
 */
export function describeContext(input: PromptInput, prompt: BuiltPrompt): { parts: ShownPart[]; summary: ContextSummary } {
  const tokensOf = (name: BuiltPrompt['parts'][number]['name']) => prompt.parts.find((part) => part.name === name)?.tokens ?? 0;
  const total = prompt.messages.reduce((sum, message) => sum + estimateTokens(message.content), 0);
  const styleSent = prompt.messages[0]?.content.includes(input.style.instruction) ?? false;
  const parts: ShownPart[] = [];
  const add = (part: ShownPart) => parts.push(part);

  add({ kind: 'instructions', label: vscode.l10n.t('Instructions'), tokens: 0, included: true });
  if (styleSent) add({ kind: 'style', label: vscode.l10n.t('Style: {0}', input.style.label), tokens: estimateTokens(input.style.instruction), included: true });
  if (tokensOf('storyNotes') > 0) add({ kind: 'notes', label: vscode.l10n.t('Story notes'), tokens: tokensOf('storyNotes'), included: true, file: STORY_NOTES_FILE });
  for (const decision of prompt.lore?.decisions ?? []) {
    const part: ShownPart = { kind: 'lore', label: decision.entry.name, tokens: decision.tokens, included: decision.included, file: decision.entry.file, reason: decision.reason, decision };
    if (decision.trigger !== undefined) part.trigger = decision.trigger;
    add(part);
  }
  if (tokensOf('previousChapter') > 0 && input.previousChapter) {
    add({ kind: 'previous-chapter', label: vscode.l10n.t('End of {0}', input.previousChapter.file), tokens: tokensOf('previousChapter'), included: true, file: input.previousChapter.file });
  }
  if (tokensOf('contextBefore') > 0) add({ kind: 'before', label: input.action === 'rewrite' ? vscode.l10n.t('Before the selection') : vscode.l10n.t('Before the cursor'), tokens: tokensOf('contextBefore'), included: true });
  if (tokensOf('selection') > 0) add({ kind: 'selection', label: vscode.l10n.t('Selection'), tokens: tokensOf('selection'), included: true });
  if (tokensOf('contextAfter') > 0) add({ kind: 'after', label: input.action === 'rewrite' ? vscode.l10n.t('After the selection') : vscode.l10n.t('After the cursor'), tokens: tokensOf('contextAfter'), included: true });
  const topic = input.topic?.trim();
  if (input.action === 'brainstorm' && topic) add({ kind: 'topic', label: vscode.l10n.t('Topic'), tokens: estimateTokens(topic), included: true });

  const others = parts.slice(1).reduce((sum, part) => sum + (part.included ? part.tokens : 0), 0);
  parts[0].tokens = Math.max(0, total - others);
  const contract = parts.map(({ decision: _decision, ...part }) => part);
  return { parts, summary: { parts: contract, totalTokens: Math.max(total, others), budgetTokens: input.contextTokens } };
}
