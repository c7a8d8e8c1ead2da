// ESLint (flat config) with the project's layering as rules:
// - src/core is the VS Code-free core. It runs in the desktop extension host, in the web extension
//   host's worker and (the protocol) in the webview, so it imports neither `vscode`, nor the editor
//   layer or the page, nor any Node built-in: what needs the disk, the network or the process is
//   passed in from src/extension.
// - src/webview is the panel's page: its own files, and the core (protocol and pure modules) only.
// - src/extension may not import the page (another bundle), and loads `openai` and `yaml` only on
//   first use (`await import(…)`), so that activation never parses them.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_')).flatMap((name) => [name, `node:${name}`]);

const coreMessage =
  'src/core runs in Node, the web extension host and the webview: no `vscode`, no editor layer, no Node built-ins. Pass what needs them in from src/extension.';

const noVscode = { name: 'vscode', message: coreMessage };
const noNodeBuiltins = nodeBuiltins.map((name) => ({ name, message: coreMessage }));

export default tseslint.config(
  {
    ignores: ['dist/**', 'out/**', '.cache/**', 'node_modules/**', 'test/fixtures/**', 'test-results/**', '*.vsix'],
  },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommended],
    rules: {
      // `_`-prefixed names are deliberately unused (a destructured field left out, an ignored parameter).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['bench/extensions/**/*.js', 'test/extensions/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
  },
  {
    // Playwright tests hand functions to the page (`page.evaluate`), which run with the DOM.
    files: ['test/browser/**/*.mjs', 'bench/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [noVscode, ...noNodeBuiltins],
          patterns: [{ regex: '(^|/)(extension|webview|vendor|test)(/|$)', message: coreMessage }],
        },
      ],
    },
  },
  {
    files: ['src/webview/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\./|\\.\\./core/)',
              message:
                'The webview is a browser page: it imports only its own modules and src/core (the protocol and pure modules), and talks to the extension through the protocol.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/extension/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'openai', allowTypeImports: true, message: "Load it on first use (`await import('openai')`): activation must not parse it." },
            { name: 'yaml', allowTypeImports: true, message: "Load it on first use (`await import('yaml')`): activation must not parse it." },
          ],
          patterns: [{ regex: '(^|/)(webview|test)(/|$)', message: 'The extension does not import the page or the tests.' }],
        },
      ],
    },
  },
);
