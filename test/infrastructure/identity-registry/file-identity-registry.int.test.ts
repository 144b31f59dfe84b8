import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IdentityRegistryUnavailableError } from '../../../src/application/ports/identity-registry';
import { parseIin, type Iin } from '../../../src/domain/shared/iin';
import {
  DEVELOPMENT_CITIZEN,
  DEVELOPMENT_DECEASED_PERSON,
  DEVELOPMENT_PERSON_WITH_INVALID_DOCUMENTS,
  DEVELOPMENT_PERSONS,
  ensureDevelopmentIdentityFile,
} from '../../../src/infrastructure/identity-registry/development-persons';
import { FileIdentityRegistry } from '../../../src/infrastructure/identity-registry/file-identity-registry';
import { IdentityRegistryFileError } from '../../../src/infrastructure/identity-registry/identity-registry-file-error';
import { scratchDirectory } from '../../support/scratch';

const citizen = '850315401211' as Iin;
const other = '920720301282' as Iin;

let dir: string;
let path: string;
beforeEach(async () => {
  dir = scratchDirectory('numlink-identity-');
  path = join(dir, 'identity-registry.json');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const writePersons = (persons: unknown[]) => writeFile(path, JSON.stringify({ persons }));

describe('the identity registry file (R3, the embedded default)', () => {
  it('verifies an active person with valid documents', async () => {
    await writePersons([{ iin: citizen, status: 'active', documentsValid: true }]);

    const registry = await FileIdentityRegistry.open(path);

    await expect(registry.check(citizen)).resolves.toEqual({ status: 'verified' });
  });

  it('does not verify an IIN the file does not hold', async () => {
    await writePersons([{ iin: citizen, status: 'active', documentsValid: true }]);

    const registry = await FileIdentityRegistry.open(path);

    await expect(registry.check(other)).resolves.toEqual({ status: 'not_verified', reason: 'unknown_iin' });
  });

  it('does not verify a deceased person or one with invalid documents', async () => {
    await writePersons([
      { iin: citizen, status: 'deceased', documentsValid: true },
      { iin: other, status: 'active', documentsValid: false },
    ]);

    const registry = await FileIdentityRegistry.open(path);

    await expect(registry.check(citizen)).resolves.toEqual({
      status: 'not_verified',
      reason: 'person_not_active',
    });
    await expect(registry.check(other)).resolves.toEqual({
      status: 'not_verified',
      reason: 'documents_invalid',
    });
  });

  it.each<[string, string, RegExp]>([
    ['not JSON', '{"persons": [', /is not valid JSON/],
    ['without a persons array', '{"people": []}', /has no "persons" array/],
    [
      'with an entry missing documentsValid',
      `{"persons": [{"iin": "${citizen}", "status": "active"}]}`,
      /persons\[0\] is not/,
    ],
    [
      'with an invalid IIN',
      '{"persons": [{"iin": "850315401212", "status": "active", "documentsValid": true}]}',
      /persons\[0\]\.iin is not a valid/,
    ],
    [
      'with the same IIN twice',
      JSON.stringify({
        persons: [1, 2].map(() => ({ iin: citizen, status: 'active', documentsValid: true })),
      }),
      /persons\[1\] repeats/,
    ],
  ])('refuses to open a file %s, with a clear error naming the file', async (_what, content, problem) => {
    await writeFile(path, content);

    const opening = FileIdentityRegistry.open(path);

    await expect(opening).rejects.toBeInstanceOf(IdentityRegistryFileError);
    await expect(opening).rejects.toThrow(problem);
    await expect(opening).rejects.toThrow(path);
  });

  it('refuses to open a file that does not exist', async () => {
    await expect(FileIdentityRegistry.open(join(dir, 'absent.json'))).rejects.toThrow(
      /cannot be read \(ENOENT\)/,
    );
  });

  it('never quotes an IIN of the file in its errors', async () => {
    await writeFile(
      path,
      `{"persons": [{"iin": "${citizen}", "status": "active", "documentsValid": true},]}`,
    );

    const error: unknown = await FileIdentityRegistry.open(path).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(IdentityRegistryFileError);
    expect((error as Error).message).not.toContain(citizen);
  });

  it('reads the file again when it changes', async () => {
    await writePersons([{ iin: citizen, status: 'active', documentsValid: true }]);
    const registry = await FileIdentityRegistry.open(path, { recheckIntervalMs: 0 });
    await expect(registry.check(other)).resolves.toEqual({ status: 'not_verified', reason: 'unknown_iin' });

    await writePersons([
      { iin: citizen, status: 'deceased', documentsValid: true },
      { iin: other, status: 'active', documentsValid: true },
    ]);

    await expect(registry.check(other)).resolves.toEqual({ status: 'verified' });
    await expect(registry.check(citizen)).resolves.toEqual({
      status: 'not_verified',
      reason: 'person_not_active',
    });
  });

  it('is unavailable while the edited file is broken, and recovers when it is fixed', async () => {
    await writePersons([{ iin: citizen, status: 'active', documentsValid: true }]);
    const registry = await FileIdentityRegistry.open(path, { recheckIntervalMs: 0 });

    await writeFile(path, '{"persons": [');
    await expect(registry.check(citizen)).rejects.toBeInstanceOf(IdentityRegistryUnavailableError);

    await writePersons([{ iin: citizen, status: 'active', documentsValid: true }]);
    await expect(registry.check(citizen)).resolves.toEqual({ status: 'verified' });
  });

  it('does not look at the file again within the recheck interval', async () => {
    await writePersons([{ iin: citizen, status: 'active', documentsValid: true }]);
    const registry = await FileIdentityRegistry.open(path, { recheckIntervalMs: 60_000 });

    await writePersons([]);

    await expect(registry.check(citizen)).resolves.toEqual({ status: 'verified' });
  });
});

describe('the development persons', () => {
  it.each(DEVELOPMENT_PERSONS.map((person) => [person.name, person.iin]))(
    '%s has a valid individual IIN (%s)',
    (_name, iin) => {
      expect(parseIin(iin)).toEqual({ ok: true, value: iin });
    },
  );

  it('are five distinct persons, one deceased and one with invalid documents', () => {
    expect(new Set(DEVELOPMENT_PERSONS.map((person) => person.iin)).size).toBe(5);
    expect(DEVELOPMENT_PERSONS.filter((person) => person.status !== 'active')).toEqual([
      DEVELOPMENT_DECEASED_PERSON,
    ]);
    expect(DEVELOPMENT_PERSONS.filter((person) => !person.documentsValid)).toEqual([
      DEVELOPMENT_PERSON_WITH_INVALID_DOCUMENTS,
    ]);
  });

  it('are written once to <dataDir>/identity-registry.json, which the file registry reads', async () => {
    const dataDir = join(dir, 'var');

    const written = await ensureDevelopmentIdentityFile(dataDir);
    const registry = await FileIdentityRegistry.open(written);

    expect(written).toBe(join(dataDir, 'identity-registry.json'));
    await expect(registry.check(DEVELOPMENT_CITIZEN.iin)).resolves.toEqual({ status: 'verified' });
    await expect(registry.check(DEVELOPMENT_DECEASED_PERSON.iin)).resolves.toEqual({
      status: 'not_verified',
      reason: 'person_not_active',
    });
    await expect(registry.check(DEVELOPMENT_PERSON_WITH_INVALID_DOCUMENTS.iin)).resolves.toEqual({
      status: 'not_verified',
      reason: 'documents_invalid',
    });
  });

  it('leave an existing file as the operator edited it', async () => {
    const dataDir = join(dir, 'var');
    const written = await ensureDevelopmentIdentityFile(dataDir);
    await writeFile(written, '{"persons": []}');

    await ensureDevelopmentIdentityFile(dataDir);

    expect(await readFile(written, 'utf8')).toBe('{"persons": []}');
  });
});
