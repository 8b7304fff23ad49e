import { execFileSync, type ExecFileSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/profiles/paths.js';

/**
 * The package as a user gets it: `npm pack`, installed from the tarball into an empty project,
 * then the README's Vitest example type-checked (tsc) and run (vitest) there. A missing export,
 * type or shipped file fails here. Needs a build (npm test builds first).
 */
const root = packageRoot();
const scratch = mkdtempSync(join(tmpdir(), 'phone-emu-pack-'));
// The installed node_modules is large: removing it takes a while on a loaded machine.
afterAll(() => rm(scratch, { recursive: true, force: true }), 120_000);

const quiet: ExecFileSyncOptions = { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 240_000 };

function sh(command: string, args: readonly string[], cwd: string): string {
  try {
    return execFileSync(command, args, { ...quiet, cwd }) as string;
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
}

/** The ```ts block of the README's "Use it from your tests". */
function readmeExample(): string {
  const section = readFileSync(join(root, 'README.md'), 'utf8').split('## Use it from your tests')[1]!.split('\n## ')[0]!;
  return /```ts\n([\s\S]*?)```/.exec(section)![1]!;
}

describe('the packed package', () => {
  it('installs from its tarball, and the README example type-checks and passes against it', () => {
    expect(existsSync(join(root, 'dist', 'src', 'index.d.ts')), 'run npm run build first').toBe(true);
    const packed = JSON.parse(sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], root)) as { filename: string; files: { path: string }[] }[];
    const paths = packed[0]!.files.map((file) => file.path);
    expect(paths).toEqual(expect.arrayContaining(['dist/bundle/main.js', 'dist/src/index.js', 'dist/src/index.d.ts', 'schema/scenario.schema.json', 'devices/polycom/vvx-601.yaml', 'tenants/contoso.yaml']));
    expect(paths.filter((path) => path.startsWith('test/') || path.startsWith('src/'))).toEqual([]);

    const project = join(scratch, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'uses-phone-emu', private: true, type: 'module' }));
    sh('npm', ['install', join(scratch, packed[0]!.filename), '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock'], project);
    // The test tools come from this checkout: the example needs them, the package must not.
    for (const tool of ['vitest', '@types/node']) {
      mkdirSync(join(project, 'node_modules', tool, '..'), { recursive: true });
      symlinkSync(join(root, 'node_modules', tool), join(project, 'node_modules', tool), 'dir');
    }
    writeFileSync(join(project, 'phone.test.ts'), readmeExample());
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, skipLibCheck: true, types: ['node'] }, files: ['phone.test.ts'] }),
    );
    sh(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], project);
    const run = sh(process.execPath, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', project, '--reporter', 'verbose'], project);
    expect(run).toMatch(/3 passed/);
  }, 240_000);
});
