// Runs inside the VS Code extension host: loads every bundled suite next to this file into mocha
// and writes each test's outcome where the launcher reads it (the host's console is not reliable
// on every backend, a file on disk is).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

interface TestRecord {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

export async function run(): Promise<void> {
  const resultsFile = process.env.INKWELL_TEST_RESULTS;
  const records: TestRecord[] = [];
  const write = (done: boolean) => {
    if (!resultsFile) return;
    const body = { vscodeVersion: vscode.version, appHost: vscode.env.appHost, uiKind: vscode.env.uiKind, done, tests: records };
    fs.writeFileSync(resultsFile, JSON.stringify(body, null, 2));
  };
  write(false);

  const mocha = new Mocha({ ui: 'tdd', timeout: 60_000, color: false, reporter: 'spec' });
  if (process.env.INKWELL_GREP) mocha.grep(new RegExp(process.env.INKWELL_GREP));
  const files = fs
    .readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .sort();
  for (const file of files) mocha.addFile(path.join(__dirname, file));

  await new Promise<void>((resolve, reject) => {
    const runner = mocha.run((failures) => {
      write(true);
      if (failures > 0) reject(new Error(`${failures} tests failed.`));
      else resolve();
    });
    runner.on('pass', (test) => {
      records.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration });
      write(false);
    });
    runner.on('fail', (test, error: Error) => {
      records.push({ title: test.fullTitle(), state: 'failed', durationMs: test.duration, error: error.stack ?? String(error) });
      write(false);
    });
    runner.on('pending', (test) => {
      records.push({ title: test.fullTitle(), state: 'pending' });
      write(false);
    });
  });
}
