import { readFile } from 'node:fs/promises';
import { parseIin } from '../../domain/shared/iin';
import { IdentityRegistryFileError } from './identity-registry-file-error';
import { parseRegistryPerson, type RegistryPerson } from './registry-person';

/**
 * Reads `{"persons": [{"iin", "status", "documentsValid"}]}` and indexes it by IIN. Every problem is an
 * `IdentityRegistryFileError` naming the entry by its index (the parser's own messages quote the text,
 * which holds IINs, so they are not passed on).
 */
export async function loadRegistryPersons(path: string): Promise<Map<string, RegistryPerson>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new IdentityRegistryFileError(
      path,
      `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new IdentityRegistryFileError(path, 'is not valid JSON');
  }
  const persons =
    typeof document === 'object' && document !== null
      ? (document as { persons?: unknown }).persons
      : undefined;
  if (!Array.isArray(persons)) throw new IdentityRegistryFileError(path, 'has no "persons" array');

  const byIin = new Map<string, RegistryPerson>();
  persons.forEach((entry: unknown, index) => {
    const person = parseRegistryPerson(entry);
    if (!person) {
      throw new IdentityRegistryFileError(
        path,
        `persons[${index}] is not {"iin": string, "status": string, "documentsValid": boolean}`,
      );
    }
    if (!parseIin(person.iin).ok) {
      throw new IdentityRegistryFileError(path, `persons[${index}].iin is not a valid individual's IIN`);
    }
    if (byIin.has(person.iin)) {
      throw new IdentityRegistryFileError(path, `persons[${index}] repeats the IIN of an earlier entry`);
    }
    byIin.set(person.iin, person);
  });
  return byIin;
}
