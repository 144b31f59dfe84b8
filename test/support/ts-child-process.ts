import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

// Loads .ts files by transpiling them (as ts-jest does for the tests), so a test can run a script of
// the project in a real second process without building dist/.
const REGISTER = `
const ts = require('typescript');
const fs = require('node:fs');
require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
    },
  });
  module._compile(outputText, filename);
};
require(process.argv[1]);
`;

/** Runs `script` (a .ts file) with `args` in a process of its own; its output is piped. */
export function spawnTs(script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, ['-e', REGISTER, '--', path.resolve(script), ...args], {
    cwd: path.join(__dirname, '../..'),
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}
