import { extname } from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * The worker's entry: its compiled .js in production; in tests (TypeScript sources under ts-jest) the
 * .ts itself, compiled on load with TypeScript's transpiler.
 */
const WORKER_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
if (workerData.entry.endsWith('.ts')) {
  const ts = require('typescript');
  const fs = require('node:fs');
  require.extensions['.ts'] = (module, filename) => {
    const output = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: filename,
    });
    module._compile(output.outputText, filename);
  };
}
require(workerData.entry);
`;

/**
 * A worker thread running the module at `entryWithoutExtension` (a sibling of the caller, .js or .ts
 * as the caller itself is), with `data` as its workerData. It does not keep the process alive.
 */
export function startWorker(entryWithoutExtension: string, data: Record<string, unknown>): Worker {
  const entry = `${entryWithoutExtension}${extname(__filename)}`;
  const worker = new Worker(WORKER_BOOTSTRAP, { eval: true, workerData: { ...data, entry } });
  worker.unref();
  return worker;
}
