import * as vscode from 'vscode';
import type { StyleProblemReason } from '../../core/styleFiles';
import type { Style } from '../../core/styles';

/** Why a style was skipped, in the writer's language. */
export function reasonText(reason: StyleProblemReason): string {
  switch (reason.code) {
    case 'not-object':
      return vscode.l10n.t('it is not an object with "id", "label" and "instruction".');
    case 'no-id':
      return vscode.l10n.t('it has no "id".');
    case 'bad-id':
      return vscode.l10n.t('its id "{0}" is not lowercase letters, digits and dashes.', reason.id);
    case 'no-usable-file-name':
      return vscode.l10n.t('it needs an "id" in its front matter: its file name cannot serve as one.');
    case 'label-not-text':
      return vscode.l10n.t('its "label" must be text.');
    case 'description-not-text':
      return vscode.l10n.t('its "description" must be text.');
    case 'bad-temperature':
      return vscode.l10n.t('its "temperature" must be a number from 0 to 2 (it is {0}).', reason.value);
    case 'no-instruction':
      return vscode.l10n.t('it has no instruction.');
    case 'front-matter-unclosed':
      return vscode.l10n.t('its front matter is never closed by a "---" line.');
    case 'front-matter-not-map':
      return vscode.l10n.t('its front matter must be "key: value" lines.');
    case 'yaml':
      return vscode.l10n.t('its front matter is not valid YAML (line {0}): {1}', reason.line, reason.detail);
    case 'routing-key':
      return vscode.l10n.t('it sets "{0}", but a style from the workspace cannot choose the provider, URL, model or key.', reason.key);
    case 'duplicate-id':
      return reason.owner === undefined
        ? vscode.l10n.t('the id "{0}" belongs to a built-in style.', reason.id)
        : vscode.l10n.t('the id "{0}" is already used by {1}.', reason.id, reason.owner);
  }
}

/** Built-in styles shown in the writer's language; their instructions stay as they are sent. */
export function localise(style: Style): Style {
  if (style.source !== 'built-in') return style;
  const text = BUILT_IN_TEXT[style.id]?.();
  return text ? { ...style, ...text } : style;
}

const BUILT_IN_TEXT: Record<string, () => { label: string; description: string }> = {
  match: () => ({ label: vscode.l10n.t('Match my voice'), description: vscode.l10n.t('Write the way the manuscript is already written') }),
  literary: () => ({ label: vscode.l10n.t('Literary'), description: vscode.l10n.t('Precise, resonant prose with subtext') }),
  noir: () => ({ label: vscode.l10n.t('Noir'), description: vscode.l10n.t('Terse, hard-boiled, shadowed') }),
  whimsical: () => ({ label: vscode.l10n.t('Whimsical'), description: vscode.l10n.t('Playful, warm, gently absurd') }),
  gothic: () => ({ label: vscode.l10n.t('Gothic'), description: vscode.l10n.t('Brooding atmosphere, dread and secrets') }),
  minimalist: () => ({ label: vscode.l10n.t('Minimalist'), description: vscode.l10n.t('Spare sentences, emotion implied') }),
  lyrical: () => ({ label: vscode.l10n.t('Lyrical'), description: vscode.l10n.t('Musical, image-rich, flowing') }),
  comedic: () => ({ label: vscode.l10n.t('Comedic'), description: vscode.l10n.t('Wit, timing and escalation') }),
  screenplay: () => ({ label: vscode.l10n.t('Screenplay (Fountain)'), description: vscode.l10n.t('Scene headings, action, character cues and dialogue') }),
  poetry: () => ({ label: vscode.l10n.t('Poetry'), description: vscode.l10n.t('Keeps line breaks and stanza shape') }),
};
