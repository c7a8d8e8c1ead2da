import * as vscode from 'vscode';
import type { LoreProblemReason } from '../../core/lore';
import { reasonText } from '../prompting/styleTexts';

/** Why a lore entry (or one of its fields) was not used, in the writer's language. */
export function loreProblemText(reason: LoreProblemReason): string {
  switch (reason.code) {
    case 'front-matter-unclosed':
    case 'front-matter-not-map':
    case 'yaml':
      // Front matter is read the same way for styles and lore, and worded once.
      return reasonText(reason);
    case 'routing-key':
      return vscode.l10n.t('it sets "{0}", but a lore entry cannot choose the provider, URL, model or key.', reason.key);
    case 'bad-include':
      return vscode.l10n.t('"include" must be always, detected or never (it is {0}).', reason.value);
    case 'not-text':
      return vscode.l10n.t('"{0}" must be text; it was ignored.', reason.field);
    case 'bad-type':
      return vscode.l10n.t('"type" must be character, place, object, lore or other (it is {0}).', reason.value);
    case 'bad-priority':
      return vscode.l10n.t('"priority" must be a number (it is {0}).', reason.value);
    case 'bad-regex':
      return vscode.l10n.t('the key {0} is not a valid regular expression: {1}', reason.key, reason.detail);
    case 'key-too-long':
      return vscode.l10n.t('a key is longer than 200 characters; it was ignored.');
    case 'unknown-field':
      return vscode.l10n.t('"{0}" is not a lore field; it was ignored.', reason.field);
  }
}
