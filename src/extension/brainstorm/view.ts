import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { validateFromWebview, type FromWebview, type InitialState, type ToWebview } from '../../core/brainstormProtocol';

export const VIEW_ID = 'inkwell.brainstormView';

/**
 * The webview half of the Brainstorm view: the page's HTML under a strict Content-Security-Policy,
 * the ready handshake (nothing is posted before the page says it listens) and validation of every
 * message the page sends. What the messages mean is the controller's business.
 */
export class BrainstormView implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly initialState: () => InitialState,
    private readonly onMessage: (message: Exclude<FromWebview, { type: 'ready' }>) => void,
  ) {}

  get visible(): boolean {
    return this.view?.visible === true;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    const webview = view.webview;
    webview.options = {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
    webview.html = this.html(webview);
    this.subscriptions.push(
      webview.onDidReceiveMessage((raw: unknown) => this.received(raw)),
      // Hidden, the page is thrown away; shown again, it loads afresh and says `ready` again.
      view.onDidChangeVisibility(() => {
        if (!view.visible) this.ready = false;
      }),
      view.onDidDispose(() => {
        if (this.view === view) {
          this.view = undefined;
          this.ready = false;
        }
      }),
    );
  }

  /** Posts to the page if it is listening; a hidden page gets everything again in `init` when shown. */
  post(message: ToWebview): void {
    if (!this.view || !this.ready) return;
    void this.view.webview.postMessage(message);
  }

  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
  }

  /** Resolves once the page has loaded and been sent its state, or after the timeout. */
  async whenReady(timeoutMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ready && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    return this.ready;
  }

  private received(raw: unknown): void {
    const checked = validateFromWebview(raw);
    if (!checked.ok) {
      this.log.warn(`Brainstorm view: ignored a message: ${checked.error}`);
      return;
    }
    if (checked.message.type === 'ready') {
      this.ready = true;
      this.post({ type: 'init', ...this.initialState() });
      return;
    }
    this.onMessage(checked.message);
  }

  private html(webview: vscode.Webview): string {
    const nonce = randomBytes(18).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'brainstorm.css'));
    const csp = [
      "default-src 'none'",
      `style-src ${webview.cspSource}`,
      `font-src ${webview.cspSource}`,
      `img-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    const language = vscode.env.language.replace(/[^A-Za-z0-9-]/g, '');
    return `<!DOCTYPE html>
<html lang="${language}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
</head>
<body>
<main id="inkwell-brainstorm" aria-busy="true"></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
