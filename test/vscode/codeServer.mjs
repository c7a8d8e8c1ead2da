// Starts VS Code's server build on a free loopback port in a process group of its own, so that
// stopping it also stops its extension host and file watchers.
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(origin, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode} before it answered`);
    try {
      const response = await fetch(`${origin}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`code-server did not answer on ${origin}/healthz within ${timeoutMs / 1000} s`);
}

/**
 * @param {{ codeServer: { node: string, entry: string }, runDir: string, env?: Record<string,string>, testDriver?: boolean, log?: (line: string) => void }} options
 */
export async function startCodeServer({ codeServer, runDir, env = {}, testDriver = true, log = () => {} }) {
  const port = await freePort();
  const dirs = Object.fromEntries(
    ['user-data', 'extensions', 'xdg-config', 'xdg-data', 'tmp'].map((name) => [name, path.join(runDir, name)]),
  );
  await Promise.all(Object.values(dirs).map((dir) => mkdir(dir, { recursive: true })));
  const args = [
    codeServer.entry,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir', dirs['user-data'],
    '--extensions-dir', dirs.extensions,
    ...(testDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
  ];
  const child = spawn(codeServer.node, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      XDG_CONFIG_HOME: dirs['xdg-config'],
      XDG_DATA_HOME: dirs['xdg-data'],
      TMPDIR: dirs.tmp,
      ...env,
    },
  });
  child.stdout.setEncoding('utf8').on('data', (text) => log(text));
  child.stderr.setEncoding('utf8').on('data', (text) => log(text));
  const origin = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 3000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitForHealth(origin, child, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, origin, userDataDir: dirs['user-data'], extensionsDir: dirs.extensions, stop };
}

/** The URL that opens `folder` with development extensions loaded and, optionally, a test suite run. */
export function workbenchUrl({ origin, port, folder, extensionPaths = [], testsPath }) {
  const remote = (absolute) => `vscode-remote://127.0.0.1:${port}${absolute}`;
  const payload = extensionPaths.map((p) => ['extensionDevelopmentPath', remote(p)]);
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  const query = new URLSearchParams({ folder });
  if (payload.length) query.set('payload', JSON.stringify(payload));
  return `${origin}/?${query}`;
}
