import * as vscode from 'vscode';
import {
  answer,
  validateFromWebview,
  type InitialState,
  type NotificationMessage,
  type PushMessage,
  type RequestHandlers,
  type RequestMessage,
  type ToWebview,
} from '../../core/brainstormProtocol';

export const VIEW_ID = 'inkwell.brainstormView';

/** Every request but `ready`, which the view answers itself: the controller's business. */
export type ControllerHandlers = Omit<RequestHandlers, 'ready'>;

/**
 * The webview half of the Brainstorm view: the page's HTML under a strict Content-Security-Policy,
 * the ready handshake (nothing is pushed before the page has said it listens and been answered),
 * validation of every message the page sends, and a reply to each of its requests.
 */
export class BrainstormView implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private whenLoaded = promiseWithResolvers();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly handlers: RequestHandlers;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    initialState: () => InitialState,
    handlers: ControllerHandlers,
    private readonly onNotification: (message: NotificationMessage) => void,
  ) {
    this.handlers = { ...handlers, ready: async () => ({ ok: true, value: initialState() }) };
  }

  get visible(): boolean {
    return this.view?.visible === true;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.unload();
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
        if (!view.visible) this.unload();
      }),
      view.onDidDispose(() => {
        if (this.view === view) {
          this.view = undefined;
          this.unload();
        }
      }),
    );
  }

  /** Pushes to the page if it is listening; a hidden page gets everything again when it is shown. */
  post(message: PushMessage): void {
    if (this.ready) this.send(message);
  }

  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
  }

  /** Resolves true once the page has loaded and been answered its `ready`, false after the timeout. */
  whenReady(timeoutMs = 10_000): Promise<boolean> {
    if (this.ready) return Promise.resolve(true);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    return Promise.race([this.whenLoaded.promise.then(() => true), timedOut]).finally(() => clearTimeout(timer));
  }

  private unload(): void {
    if (!this.ready) return;
    this.ready = false;
    this.whenLoaded = promiseWithResolvers();
  }

  private send(message: ToWebview): void {
    void this.view?.webview.postMessage(message);
  }

  private received(raw: unknown): void {
    const checked = validateFromWebview(raw);
    if (!checked.ok) {
      this.log.warn(`Brainstorm view: ignored a message: ${checked.error}`);
      return;
    }
    const message = checked.message;
    if ('requestId' in message) void this.reply(message);
    else this.onNotification(message);
  }

  private async reply(message: RequestMessage): Promise<void> {
    const reply = await answer(this.handlers, message);
    if (!reply.answer.ok) this.log.warn(`Brainstorm view: ${message.type} failed: ${reply.answer.error}`);
    this.send(reply);
    if (message.type === 'ready' && !this.ready) {
      this.ready = true;
      this.whenLoaded.resolve();
    }
  }

  private html(webview: vscode.Webview): string {
    const nonce = nonceText();
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
<main id="inkwell-brainstorm" aria-busy="true" data-no-answer="${escapeAttribute(vscode.l10n.t('Inkwell did not answer. Close the view and open it again.'))}"></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

function promiseWithResolvers(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((settle) => (resolve = settle));
  return { promise, resolve };
}

/** A fresh nonce for the page's one script, from the platform's CSPRNG (Node and the browser alike). */
function nonceText(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes));
}

function escapeAttribute(text: string): string {
  return text.replace(/[&"<>]/g, (character) => `&#${character.charCodeAt(0)};`);
}
