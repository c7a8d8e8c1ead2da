// The provenance report: the workspace's manuscripts (and open untitled documents with a record),
// each with its figures, as the contract's result object and as a Markdown document for the writer.
import * as vscode from 'vscode';
import { countByAction, fileFigures, percent, type FileFigures } from '../../core/provenanceFigures';
import { listWorkspaceFiles, readWorkspaceText } from '../workspaceFiles';
import { actionLabel, whenLabel } from './marks';
import type { ProvenanceRecorder } from './recorder';
import { RECORD_DIR, placeOf } from './store';

/** The files a report covers: manuscripts by their extension, wherever they are in the folder. */
const MANUSCRIPT_SUFFIXES = ['.md', '.markdown', '.txt', '.fountain'];
const SKIPPED = /(^|\/)(\.inkwell|\.git|node_modules)\//;
const MANUSCRIPT_MAX_BYTES = 20 * 1024 * 1024;

function pathOf(uri: vscode.Uri): string {
  return placeOf(uri)?.path ?? (uri.scheme === 'untitled' ? uri.path : uri.fsPath);
}

async function manuscripts(): Promise<vscode.Uri[]> {
  const found = new Map<string, vscode.Uri>();
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    for (const suffix of MANUSCRIPT_SUFFIXES) {
      for (const uri of await listWorkspaceFiles(folder, '', suffix)) {
        const path = placeOf(uri)?.path;
        if (path && !SKIPPED.test(path)) found.set(uri.toString(), uri);
      }
    }
    // A file with a record is reported even when its extension is not a manuscript's.
    for (const record of await listWorkspaceFiles(folder, RECORD_DIR, '.json')) {
      const relative = record.path.slice(vscode.Uri.joinPath(folder.uri, RECORD_DIR).path.length + 1).replace(/\.json$/, '');
      const uri = vscode.Uri.joinPath(folder.uri, relative);
      if (!found.has(uri.toString()) && (await readWorkspaceText(uri, { maxBytes: MANUSCRIPT_MAX_BYTES })).ok) found.set(uri.toString(), uri);
    }
  }
  return [...found.values()];
}

/** The figures of every manuscript: open documents as they stand in the editor, the others as they are on disk. */
export async function gatherFigures(recorder: ProvenanceRecorder): Promise<FileFigures[]> {
  const open = new Map(vscode.workspace.textDocuments.map((document) => [document.uri.toString(), document]));
  const figures: FileFigures[] = [];
  for (const uri of await manuscripts()) {
    const document = open.get(uri.toString());
    let text: string;
    let record;
    if (document) {
      text = document.getText();
      record = await recorder.of(document);
    } else {
      const read = await readWorkspaceText(uri, { maxBytes: MANUSCRIPT_MAX_BYTES });
      if (!read.ok) continue;
      text = read.text;
      record = await recorder.ofClosedFile(uri, text);
    }
    figures.push(
      fileFigures({ path: pathOf(uri), text, spans: record?.spans ?? [], suggestions: record?.suggestions ?? new Map(), lost: record?.lost.length ?? 0, problem: record?.problem }),
    );
  }
  for (const document of open.values()) {
    if (document.uri.scheme !== 'untitled') continue;
    const record = recorder.current(document);
    if (!record || record.suggestions.size === 0) continue;
    figures.push(fileFigures({ path: pathOf(document.uri), text: document.getText(), spans: record.spans, suggestions: record.suggestions, lost: 0 }));
  }
  return figures.sort((a, b) => a.path.localeCompare(b.path));
}

function table(rows: string[][]): string {
  const [head, ...body] = rows;
  return [head, head.map(() => '---'), ...body].map((row) => `| ${row.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`).join('\n');
}

function figureRows(label: string, file: Pick<FileFigures, 'totalChars' | 'aiChars' | 'keptChars' | 'totalWords' | 'aiWords'>): string[] {
  const writer = file.totalChars - file.aiChars;
  return [
    label,
    `${file.totalChars}`,
    `${writer} (${percent(writer, file.totalChars)})`,
    `${file.keptChars} (${percent(file.keptChars, file.totalChars)})`,
    `${file.aiChars - file.keptChars} (${percent(file.aiChars - file.keptChars, file.totalChars)})`,
    `${file.totalWords}`,
    `${file.aiWords}`,
  ];
}

/** The report as Markdown, in the writer's language. */
export function reportMarkdown(files: readonly FileFigures[], recording: boolean): string {
  const total = {
    totalChars: files.reduce((sum, file) => sum + file.totalChars, 0),
    aiChars: files.reduce((sum, file) => sum + file.aiChars, 0),
    keptChars: files.reduce((sum, file) => sum + file.keptChars, 0),
    totalWords: files.reduce((sum, file) => sum + file.totalWords, 0),
    aiWords: files.reduce((sum, file) => sum + file.aiWords, 0),
  };
  const accepted = files.flatMap((file) => file.accepted);
  const times = accepted.map((info) => info.time).sort();
  const models = [...new Set(accepted.map((info) => `${info.model || '?'} (${info.host || '?'})`))].sort();
  const counts = countByAction(files);
  const lines: string[] = [];
  lines.push(`# ${vscode.l10n.t('What the model wrote: provenance report')}`, '');
  lines.push(vscode.l10n.t('Made by Inkwell on {0}. Characters are counted as the editor counts them (UTF-16 code units).', whenLabel(new Date().toISOString())), '');
  if (!recording) {
    lines.push(
      `> ${vscode.l10n.t('Recording is turned off (inkwell.provenance.record): suggestions accepted while it is off are counted here as your own writing.')}`,
      '',
    );
  }
  lines.push(
    table([
      [
        vscode.l10n.t('Manuscript'),
        vscode.l10n.t('Characters'),
        vscode.l10n.t('Written by you'),
        vscode.l10n.t('By the model, kept as written'),
        vscode.l10n.t('By the model, since edited'),
        vscode.l10n.t('Words'),
        vscode.l10n.t('Words by the model'),
      ],
      ...files.map((file) => figureRows(file.path, file)),
      figureRows(vscode.l10n.t('All manuscripts'), total),
    ]),
    '',
  );
  lines.push(`## ${vscode.l10n.t('Accepted suggestions')}`, '');
  lines.push(
    `- ${actionLabel('continue')}: ${counts.continue}`,
    `- ${actionLabel('rewrite')}: ${counts.rewrite}`,
    `- ${actionLabel('brainstorm')}: ${counts.brainstorm}`,
    `- ${vscode.l10n.t('Models and hosts: {0}', models.join(', ') || '—')}`,
    `- ${vscode.l10n.t('First and last: {0} – {1}', times[0] ? whenLabel(times[0]) : '—', times.at(-1) ? whenLabel(times.at(-1)!) : '—')}`,
    '',
  );
  const ideas = files.flatMap((file) => file.present.filter((each) => each.info.action === 'brainstorm').map((each) => ({ file: file.path, each })));
  lines.push(`## ${vscode.l10n.t('Brainstorm ideas inserted (ideas, not prose)')}`, '');
  if (ideas.length === 0) lines.push(vscode.l10n.t('None.'), '');
  for (const { file, each } of ideas) lines.push(`- ${file}: “${each.text}” — ${each.info.model || '?'}, ${whenLabel(each.info.time)}`);
  if (ideas.length > 0) lines.push('');
  const troubled = files.filter((file) => file.lost > 0 || file.problem);
  if (troubled.length > 0) {
    lines.push(`## ${vscode.l10n.t('Not accounted for')}`, '');
    for (const file of troubled) {
      if (file.problem) lines.push(`- ${vscode.l10n.t('{0}: its record could not be read ({1}).', file.path, file.problem)}`);
      if (file.lost > 0) {
        lines.push(`- ${vscode.l10n.t('{0}: {1} model-written passage(s) could not be found after an edit outside VS Code; they are not counted above.', file.path, file.lost)}`);
      }
    }
    lines.push('');
  }
  const share = percent(total.aiChars, total.totalChars);
  lines.push(`## ${vscode.l10n.t('Beside the questions publishers ask')}`, '');
  lines.push(vscode.l10n.t('These figures are facts about where the words came from. Which answer they call for is your judgment, not Inkwell’s: read each platform’s current wording before you answer.'), '');
  lines.push(
    `- **Amazon KDP** — ${vscode.l10n.t('in summary: content (text, images or translations) that an AI tool created is "AI-generated" and must be disclosed, even if you edited it substantially afterwards; content you created and only edited, refined or error-checked with AI tools, or brainstormed with them, is "AI-assisted" and need not be disclosed. The form asks for text: none, some sections or the entire work, with minimal or with extensive editing. (KDP Content Guidelines, "Artificial intelligence (AI) content", as reported by The Bookseller; read on 1 December 2026.)')}`,
    `  ${vscode.l10n.t('Here: {0} of the text was written by the model ({1} kept as written, {2} since edited); brainstorm ideas are listed apart.', share, percent(total.keptChars, total.totalChars), percent(total.aiChars - total.keptChars, total.totalChars))}`,
    `- **Authors Guild, "Human Authored"** — ${vscode.l10n.t('in summary: all but a de minimis portion of the text must be written by a person, not generated by AI (for example spelling and grammar tools); using AI for research, brainstorming or outlining does not disqualify a book. (authorsguild.org/human-authored/faq; read on 1 December 2026.)')}`,
    `  ${vscode.l10n.t('Here: {0} characters of model-written text in {1}.', total.aiChars, total.totalChars)}`,
    `- **Royal Road** — ${vscode.l10n.t('in summary: a story that uses a language model must carry the matching warning tag, "AI-Assisted" or "AI-Generated", and leaving it off breaks the rules. (Royal Road AI text policy, royalroad.com/blog/57; read on 1 December 2026.)')}`,
    `  ${vscode.l10n.t('Here: {0} accepted suggestions; {1} of the text is the model’s.', accepted.length, share)}`,
    '',
  );
  return lines.join('\n');
}
