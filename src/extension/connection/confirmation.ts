import * as vscode from 'vscode';
import { confirmationFor, hostOf, isPlainHttpToAnotherMachine, originOf } from '../../core/hosts';

const STATE_KEY = 'inkwell.hostAnswers';

/**
 * Asks the writer once per origin that is not on this machine whether their text may be sent there,
 * and remembers the answer (in the global state, so it holds across workspaces). An http address on
 * another machine is asked about as such: the text, and a key stored for it, would travel unencrypted.
 */
export class HostConfirmation {
  constructor(private readonly state: vscode.Memento) {}

  private answers(): Record<string, boolean> {
    return this.state.get<Record<string, boolean>>(STATE_KEY, {});
  }

  /** True when text may go to `url`: it is local, was allowed, or the writer allows it now. */
  async allows(url: string, askAgain = false): Promise<boolean> {
    const state = confirmationFor(url, askAgain ? {} : this.answers());
    if (state === 'local' || state === 'allowed') return true;
    if (state === 'declined') return false;
    const origin = originOf(url) ?? url;
    const host = hostOf(url) ?? url;
    const send = vscode.l10n.t('Send');
    const dontSend = vscode.l10n.t("Don't Send");
    const [question, detail] = isPlainHttpToAnotherMachine(url)
      ? [
          vscode.l10n.t('Send your text to {0} without encryption?', origin),
          vscode.l10n.t(
            'The address starts with http://, so your manuscript, your story notes and any API key stored for it travel unencrypted and can be read on the way. You are asked once for each address that is not on this computer.',
          ),
        ]
      : [
          vscode.l10n.t('Send your text to {0}?', host),
          vscode.l10n.t(
            'Inkwell sends parts of your manuscript and your story notes to {0} to write with them. You are asked once for each server that is not on this computer.',
            host,
          ),
        ];
    const answer = await vscode.window.showWarningMessage(question, { modal: true, detail }, send, dontSend);
    // Closing the dialog is no answer: it is asked again next time.
    if (answer === undefined) return false;
    await this.state.update(STATE_KEY, { ...this.answers(), [origin]: answer === send });
    return answer === send;
  }
}
