import * as vscode from 'vscode';
import type { ContinuationSession } from './session';

/** The actions above a pending continuation (and a Stop while it streams), on its first line. */
export class ContinuationLenses implements vscode.CodeLensProvider, vscode.Disposable {
  /** Asks for the writer's direction and writes a version that follows it (not contributed: the lens is its entry point). */
  static readonly guideCommand = 'inkwell.continueWithDirection';
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changeEmitter.event;

  constructor(private readonly sessionFor: (document: vscode.TextDocument) => ContinuationSession | undefined) {}

  /** What the lenses of `session` depend on: equal states show equal lenses. */
  static stateOf(session: ContinuationSession): string {
    const { start, end } = session.range;
    return JSON.stringify([
      session.isOver,
      session.streaming,
      session.document.positionAt(start).line,
      end === start,
      session.versions.length,
      session.index,
      session.shown?.partial,
    ]);
  }

  refresh(): void {
    this.changeEmitter.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const session = this.sessionFor(document);
    if (!session) return [];
    const line = document.positionAt(session.range.start).line;
    const at = new vscode.Range(line, 0, line, 0);
    const lens = (title: string, command: string, tooltip?: string) => new vscode.CodeLens(at, { title, command, tooltip });

    if (session.streaming) {
      return [
        // The status bar item spins; a second animation here would only cost the editor frames.
        lens(`$(pencil) ${vscode.l10n.t('Inkwell is writing…')}`, ''),
        lens(`$(debug-stop) ${vscode.l10n.t('Stop (Escape)')}`, 'inkwell.cancel', vscode.l10n.t('Stop writing and keep what arrived')),
      ];
    }
    if (session.range.end === session.range.start) return [];
    const lenses = [
      lens(`$(check) ${vscode.l10n.t('Accept (Tab)')}`, 'inkwell.acceptSuggestion', vscode.l10n.t('Keep the continuation')),
      lens(`$(close) ${vscode.l10n.t('Reject (Escape)')}`, 'inkwell.rejectSuggestion', vscode.l10n.t('Remove the continuation')),
    ];
    if (session.versions.length > 1) {
      lenses.push(lens('$(arrow-left)', 'inkwell.previousAlternative', vscode.l10n.t('Previous version')));
      lenses.push(lens(vscode.l10n.t('Version {0} of {1}', session.index + 1, session.versions.length), ''));
    }
    lenses.push(
      lens(`$(arrow-right) ${vscode.l10n.t('Other version')}`, 'inkwell.nextAlternative', vscode.l10n.t('Show or write another version')),
      lens(`$(comment) ${vscode.l10n.t('Guide…')}`, ContinuationLenses.guideCommand, vscode.l10n.t('Write a version where what you describe happens next')),
    );
    if (session.shown?.partial) {
      lenses.push(lens(`$(warning) ${vscode.l10n.t('Partial')}`, '', vscode.l10n.t('The generation stopped before the model finished')));
    }
    return lenses;
  }

  dispose(): void {
    this.changeEmitter.dispose();
  }
}
