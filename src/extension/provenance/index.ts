// Provenance: which words of a manuscript the model wrote. Recording lives in the recorder (built by
// `activate()` and given to the features that accept suggestions); this registers the marks, the
// report and the commands.
import * as vscode from 'vscode';
import { percent, provenanceResult, type ProvenanceResult } from '../../core/provenanceFigures';
import { scriptedArgs } from '../commandArgs';
import type { Services } from '../services';
import { ProvenanceMarks } from './marks';
import { ProvenanceRecorder } from './recorder';
import { gatherFigures, reportMarkdown } from './report';

export { ProvenanceRecorder };

/** The share of the active document the model wrote, for the status bar's tooltip; undefined when it has no record. */
export function modelShare(recorder: ProvenanceRecorder, document: vscode.TextDocument | undefined): string | undefined {
  const record = document && recorder.current(document);
  if (!document || !record || record.suggestions.size === 0) return undefined;
  const ai = record.spans.reduce((sum, span) => sum + span.text.length, 0);
  return vscode.l10n.t('{0} model-written', percent(ai, document.getText().length));
}

export function registerProvenance(services: Services): vscode.Disposable[] {
  const { provenance: recorder } = services;
  const marks = new ProvenanceMarks(services.context.globalState, recorder);

  const report = async (arg?: unknown): Promise<ProvenanceResult | undefined> => {
    const scripted = scriptedArgs(arg);
    const figures = await gatherFigures(recorder);
    if (scripted) return provenanceResult(figures);
    const recording = ProvenanceRecorder.recording(vscode.workspace.workspaceFolders?.[0]?.uri);
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: reportMarkdown(figures, recording) });
    await vscode.window.showTextDocument(document, { preview: false });
    return undefined;
  };

  const exportReport = async () => {
    const target = await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Export the provenance report'),
      defaultUri: vscode.workspace.workspaceFolders?.[0] && vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, 'provenance-report.md'),
      filters: { [vscode.l10n.t('Markdown')]: ['md'], JSON: ['json'] },
    });
    if (!target) return;
    const figures = await gatherFigures(recorder);
    const recording = ProvenanceRecorder.recording(vscode.workspace.workspaceFolders?.[0]?.uri);
    const content = target.path.endsWith('.json')
      ? JSON.stringify({ ...provenanceResult(figures), recording, details: figures }, null, 2) + '\n'
      : reportMarkdown(figures, recording);
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(content));
    void vscode.window.showInformationMessage(vscode.l10n.t('The provenance report was written to {0}.', vscode.workspace.asRelativePath(target)));
  };

  return [
    marks,
    vscode.commands.registerCommand('inkwell.toggleProvenance', async () => {
      const shown = await marks.toggle();
      vscode.window.setStatusBarMessage(shown ? vscode.l10n.t('Model-written text is marked.') : vscode.l10n.t('Model-written text is not marked.'), 3000);
      return shown;
    }),
    vscode.commands.registerCommand('inkwell.provenanceReport', report),
    vscode.commands.registerCommand('inkwell.exportProvenanceReport', exportReport),
  ];
}
