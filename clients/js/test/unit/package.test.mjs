// The package as it is published: `npm pack` holds the module, its types and the README and
// nothing else; an application that installs the tarball imports the client by the package's
// name, in JavaScript and in TypeScript; and the types declare exactly what the module exports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const tsc = join(root, 'node_modules/typescript/bin/tsc');

test('the types declare exactly the values the module exports', async () => {
  const declarations = join(root, 'types/progress-relay.d.ts');
  const program = ts.createProgram([declarations], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(declarations));
  const declared = checker
    .getExportsOfModule(module)
    .filter((symbol) => symbol.flags & ts.SymbolFlags.Value)
    .map((symbol) => symbol.name);

  const exported = Object.keys(await import('../../src/progress-relay.js'));

  assert.deepEqual(declared.sort(), exported.sort());
});

test('npm pack gives a package that a JavaScript and a TypeScript application import', async (t) => {
  const work = await mkdtemp(join(tmpdir(), 'progress-relay-client-'));
  t.after(() => rm(work, { recursive: true, force: true }));

  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], {
    cwd: root,
  });
  const [packed] = JSON.parse(stdout);
  assert.deepEqual(packed.files.map((file) => file.path).sort(), [
    'README.md',
    'package.json',
    'src/progress-relay.js',
    'types/frames.d.ts',
    'types/progress-relay.d.ts',
  ]);

  const app = join(work, 'app');
  await mkdir(join(app, 'node_modules/@progress-relay'), { recursive: true });
  await run('tar', [
    '-xzf',
    join(work, packed.filename),
    '-C',
    join(app, 'node_modules/@progress-relay'),
  ]);
  await rename(
    join(app, 'node_modules/@progress-relay/package'),
    join(app, 'node_modules/@progress-relay/client'),
  );
  await writeFile(join(app, 'package.json'), JSON.stringify({ type: 'module', private: true }));

  await writeFile(
    join(app, 'app.js'),
    "import { ProgressRelayClient, SUBPROTOCOL } from '@progress-relay/client';\n" +
      "const client = new ProgressRelayClient({ url: 'ws://127.0.0.1:1/ws/uploads' });\n" +
      'console.log(SUBPROTOCOL, client.state, client.url);\n',
  );
  const js = await run('node', ['app.js'], { cwd: app });
  assert.equal(js.stdout.trim(), 'progress-relay.v3 closed ws://127.0.0.1:1/ws/uploads');

  await writeFile(
    join(app, 'app.ts'),
    "import { ProgressRelayClient, type EventInfo } from '@progress-relay/client';\n" +
      "import type { GapFrame } from '@progress-relay/client/frames';\n" +
      "const reason: GapFrame['reason'] = 'epoch_changed';\n" +
      "new ProgressRelayClient().subscribe('up-1', (frame, info: EventInfo) => console.log(frame.action, info.latest, reason));\n",
  );
  const compile = [
    '--noEmit',
    '--strict',
    '--module',
    'nodenext',
    '--moduleResolution',
    'nodenext',
  ];
  await run('node', [tsc, ...compile, '--lib', 'es2022,dom', 'app.ts'], { cwd: app });

  await writeFile(
    join(app, 'wrong.ts'),
    "import { ProgressRelayClient } from '@progress-relay/client';\nnew ProgressRelayClient().subscribe(7, () => {});\n",
  );
  await assert.rejects(
    run('node', [tsc, ...compile, '--lib', 'es2022,dom', 'wrong.ts'], { cwd: app }),
    (error) => /TS2345/.test(error.stdout),
  );
});
