import * as vscode from 'vscode';
import type { YamlModule } from '../../core/styleFiles';
import { mergeStyles, type Style, type StyleProblem } from '../../core/styles';
import { folderOfDocument } from '../workspaceFiles';
import { FolderStyles } from './folderStyles';
import { localise, reasonText } from './styleTexts';

interface Merged {
  styles: Style[];
  problems: StyleProblem[];
}

/**
 * The styles the writer can choose: built-in, from `inkwell.customStyles`, and from each workspace
 * folder's `.inkwell/styles/`. Built-in labels are shown in the writer's language. A command asks
 * `styleFor`, which checks the folder's style files first; the synchronous reads (status bar,
 * pickers) show what was last read.
 */
export class StyleCatalog implements vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  /** Fires when styles were added, changed or removed, or `inkwell.style` changed. */
  readonly onDidChange: vscode.Event<void> = this.changeEmitter.event;
  private readonly files = new FolderStyles();
  /** Loaded with the first style file found: most folders have none, and activation stays light. */
  private yaml: YamlModule | undefined;
  private readonly merged = new Map<string, Merged>();
  private readonly reported = new Set<string>();
  private readonly unknownReported = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      this.changeEmitter,
      this.files,
      this.files.onDidChange(() => {
        this.invalidate();
        void this.withYaml();
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('inkwell.customStyles')) this.invalidate();
        else if (event.affectsConfiguration('inkwell.style')) this.changeEmitter.fire();
      }),
    );
    // The folders' style files are read just after activation, so the status bar and pickers show them.
    const readSoon = setTimeout(() => (vscode.workspace.workspaceFolders ?? []).forEach((folder) => void this.files.check(folder)), 0);
    this.disposables.push(new vscode.Disposable(() => clearTimeout(readSoon)));
  }

  /** The style a command uses: `id`, or the current one when `id` is undefined; the folder's files checked first. */
  async styleFor(id: string | undefined, scope?: vscode.Uri): Promise<Style | undefined> {
    await this.checked(scope);
    return id === undefined ? this.current(scope) : this.get(id, scope);
  }

  /** Brings the style files of the document's folder up to date. */
  async checked(scope?: vscode.Uri): Promise<void> {
    const folder = folderOfDocument(scope);
    if (!folder) return;
    await this.files.check(folder);
    await this.withYaml();
  }

  /** Built-in, settings and workspace styles for the document `scope` (or the first folder), as last read. */
  all(scope?: vscode.Uri): Style[] {
    return this.resolve(scope).styles;
  }

  get(id: string, scope?: vscode.Uri): Style | undefined {
    return this.all(scope).find((style) => style.id === id);
  }

  /** The style `inkwell.style` names; 'match' (with a logged warning) when it names none. */
  current(scope?: vscode.Uri): Style {
    const id = vscode.workspace.getConfiguration('inkwell', scope).get<string>('style', 'match');
    const style = this.get(id, scope);
    if (style) return style;
    if (!this.unknownReported.has(id)) {
      this.unknownReported.add(id);
      this.log.warn(`The style "${id}" in inkwell.style is not a known style; using "match" instead.`);
    }
    return this.get('match', scope)!;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }

  /** The `yaml` package, once any folder has style files. */
  private async withYaml(): Promise<void> {
    if (this.yaml) return;
    const any = (vscode.workspace.workspaceFolders ?? []).some((folder) => this.files.known(folder).length > 0);
    if (!any) return;
    this.yaml = await import('yaml');
    this.invalidate();
  }

  private resolve(scope?: vscode.Uri): Merged {
    const folder = folderOfDocument(scope);
    const key = folder?.uri.toString() ?? '';
    let merged = this.merged.get(key);
    if (!merged) {
      const settings = vscode.workspace.getConfiguration('inkwell', folder?.uri ?? scope).get<unknown[]>('customStyles', []);
      const files = this.files.known(folder);
      const result = mergeStyles(Array.isArray(settings) ? settings : [], this.yaml && { files, yaml: this.yaml });
      merged = { styles: result.styles.map(localise), problems: result.problems };
      this.merged.set(key, merged);
      this.report(merged.problems);
    }
    return merged;
  }

  /** Each problem once: in the log, and in one warning that can open the log. */
  private report(problems: StyleProblem[]): void {
    const fresh = problems.filter((problem) => !this.reported.has(`${problem.source}\u0000${problem.message}`));
    if (fresh.length === 0) return;
    for (const problem of fresh) {
      this.reported.add(`${problem.source}\u0000${problem.message}`);
      this.log.warn(`Style skipped: ${problem.source} ${problem.message}`);
    }
    const [first] = fresh;
    const message =
      fresh.length === 1
        ? vscode.l10n.t('Inkwell skipped the style in {0}: {1}', first.source, reasonText(first.reason))
        : vscode.l10n.t('Inkwell skipped {0} styles. The first, in {1}: {2}', fresh.length, first.source, reasonText(first.reason));
    const showLog = vscode.l10n.t('Show Log');
    void vscode.window.showWarningMessage(message, showLog).then((choice) => {
      if (choice === showLog) this.log.show();
    });
  }

  private invalidate(): void {
    this.merged.clear();
    // Problems are reported when styles are next resolved; resolving now reports them even if no
    // command asks for a style soon after a file is saved.
    for (const folder of vscode.workspace.workspaceFolders ?? [undefined]) this.resolve(folder?.uri);
    this.changeEmitter.fire();
  }
}
