import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Iin } from '../../domain/shared/iin';
import type { RegistryPerson } from './registry-person';

/** A fictional person of the development identity registry. */
export interface DevelopmentPerson extends RegistryPerson {
  readonly iin: Iin;
  readonly name: string;
}

// Valid individuals' IINs (birth date, century-and-sex digit, serial, check digit); the tests check each with parseIin.
export const DEVELOPMENT_CITIZEN: DevelopmentPerson = {
  iin: '850315401211' as Iin,
  name: 'Aigerim Sarsenova',
  status: 'active',
  documentsValid: true,
};

export const DEVELOPMENT_SECOND_CITIZEN: DevelopmentPerson = {
  iin: '920720301282' as Iin,
  name: 'Daniyar Akhmetov',
  status: 'active',
  documentsValid: true,
};

export const DEVELOPMENT_THIRD_CITIZEN: DevelopmentPerson = {
  iin: '010522601423' as Iin,
  name: 'Aliya Zhaksylykova',
  status: 'active',
  documentsValid: true,
};

/** R3: the registry knows this person but not as active (`person_not_active`). */
export const DEVELOPMENT_DECEASED_PERSON: DevelopmentPerson = {
  iin: '781103301359' as Iin,
  name: 'Bolat Omarov',
  status: 'deceased',
  documentsValid: true,
};

/** R3: an active person whose identity documents are not valid (`documents_invalid`). */
export const DEVELOPMENT_PERSON_WITH_INVALID_DOCUMENTS: DevelopmentPerson = {
  iin: '661228301493' as Iin,
  name: 'Yerlan Tulegenov',
  status: 'active',
  documentsValid: false,
};

export const DEVELOPMENT_PERSONS: readonly DevelopmentPerson[] = [
  DEVELOPMENT_CITIZEN,
  DEVELOPMENT_SECOND_CITIZEN,
  DEVELOPMENT_THIRD_CITIZEN,
  DEVELOPMENT_DECEASED_PERSON,
  DEVELOPMENT_PERSON_WITH_INVALID_DOCUMENTS,
];

export const DEVELOPMENT_IDENTITY_FILE_NAME = 'identity-registry.json';

/**
 * Writes `<dataDir>/identity-registry.json` with the sample persons unless it exists already (an
 * operator's edits are kept). Answers the file's path.
 */
export async function ensureDevelopmentIdentityFile(dataDir: string): Promise<string> {
  const path = join(dataDir, DEVELOPMENT_IDENTITY_FILE_NAME);
  await mkdir(dataDir, { recursive: true });
  const persons = DEVELOPMENT_PERSONS.map(({ iin, name, status, documentsValid }) => ({
    iin,
    name,
    status,
    documentsValid,
  }));
  try {
    await writeFile(path, `${JSON.stringify({ persons }, null, 2)}\n`, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return path;
}
