import * as vscode from 'vscode';
import type { StringKey } from '../../core/brainstormProtocol';

/** The page's strings, translated here: the page itself has no access to `vscode.l10n`. */
export function pageStrings(): Record<StringKey, string> {
  return {
    category: vscode.l10n.t('Category'),
    topic: vscode.l10n.t('Topic'),
    topicPlaceholder: vscode.l10n.t('What do you need ideas for? e.g. a name for a smuggler captain'),
    style: vscode.l10n.t('Style'),
    count: vscode.l10n.t('How many'),
    brainstorm: vscode.l10n.t('Brainstorm'),
    brainstormHint: vscode.l10n.t('Brainstorm ({0})', '{0}'),
    stop: vscode.l10n.t('Stop'),
    insert: vscode.l10n.t('Insert at cursor'),
    copy: vscode.l10n.t('Copy'),
    keep: vscode.l10n.t('Keep'),
    kept: vscode.l10n.t('Kept'),
    notThis: vscode.l10n.t('Not this'),
    excluded: vscode.l10n.t('Excluded from the next round'),
    moreLikeThis: vscode.l10n.t('More like this'),
    ideas: vscode.l10n.t('Ideas'),
    keepers: vscode.l10n.t('Keepers'),
    noKeepers: vscode.l10n.t('Ideas you keep are listed here.'),
    removeKeeper: vscode.l10n.t('Remove from keepers'),
    history: vscode.l10n.t('History'),
    noHistory: vscode.l10n.t('No rounds yet.'),
    clearHistory: vscode.l10n.t('Clear history'),
    showRound: vscode.l10n.t('Show this round'),
    running: vscode.l10n.t('Brainstorming…'),
    stopped: vscode.l10n.t('Stopped.'),
    noIdeas: vscode.l10n.t('The model gave no ideas this time.'),
    copied: vscode.l10n.t('Copied.'),
    inserted: vscode.l10n.t('Inserted.'),
    seededBy: vscode.l10n.t('More like: {0}', '{0}'),
    excludedCount: vscode.l10n.t('{0} excluded', '{0}'),
    noAnswer: vscode.l10n.t('Inkwell did not answer. Try again.'),
    tooLongToSend: vscode.l10n.t('too long to send back to the model (more than {0} characters)', '{0}'),
  };
}

/** Category labels as the writer reads them; the ids are the contract's. */
export function categoryLabel(id: string): string {
  switch (id) {
    case 'characters':
      return vscode.l10n.t('Characters');
    case 'names':
      return vscode.l10n.t('Names');
    case 'places':
      return vscode.l10n.t('Places');
    case 'plot-points':
      return vscode.l10n.t('Plot points');
    case 'twists':
      return vscode.l10n.t('Twists');
    case 'conflicts':
      return vscode.l10n.t('Conflicts');
    case 'dialogue':
      return vscode.l10n.t('Lines of dialogue');
    case 'titles':
      return vscode.l10n.t('Titles');
    case 'objects':
      return vscode.l10n.t('Objects');
    case 'world-building':
      return vscode.l10n.t('World-building');
    default:
      return vscode.l10n.t('Anything else');
  }
}
