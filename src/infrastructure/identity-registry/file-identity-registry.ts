import { stat } from 'node:fs/promises';
import {
  IdentityRegistry,
  IdentityRegistryUnavailableError,
  type IdentityCheck,
} from '../../application/ports/identity-registry';
import type { Iin } from '../../domain/shared/iin';
import { loadRegistryPersons } from './load-registry-persons';
import { identityCheckOf, type RegistryPerson } from './registry-person';

export interface FileIdentityRegistryOptions {
  /** How often a check may look at the file's modification time (0: at every check). */
  readonly recheckIntervalMs?: number;
}

interface Loaded {
  readonly version: string;
  readonly persons: ReadonlyMap<string, RegistryPerson>;
}

/**
 * `NUMLINK_IDENTITY_REGISTRY_FILE`, the embedded default: the persons list held in memory, indexed by
 * IIN, and read again when the file changes (an operator may edit it while the service runs). If the
 * edited file is broken, checks answer "unavailable" until it is fixed rather than use a stale list.
 */
export class FileIdentityRegistry extends IdentityRegistry {
  private checkedAt = 0;
  private refreshing: Promise<void> | undefined;

  private constructor(
    readonly path: string,
    private readonly recheckIntervalMs: number,
    private loaded: Loaded | undefined,
  ) {
    super();
  }

  /** Reads the file now, so that a missing or broken file stops the start (`IdentityRegistryFileError`). */
  static async open(path: string, options: FileIdentityRegistryOptions = {}): Promise<FileIdentityRegistry> {
    const version = await fileVersion(path).catch(() => 'unreadable');
    const persons = await loadRegistryPersons(path);
    const registry = new FileIdentityRegistry(path, options.recheckIntervalMs ?? 1_000, { version, persons });
    registry.checkedAt = performance.now();
    return registry;
  }

  override async check(iin: Iin): Promise<IdentityCheck> {
    if (performance.now() - this.checkedAt >= this.recheckIntervalMs || !this.loaded) {
      this.refreshing ??= this.refresh().finally(() => {
        this.refreshing = undefined;
      });
      await this.refreshing;
    }
    if (!this.loaded)
      throw new IdentityRegistryUnavailableError(`identity registry file ${this.path} is unusable`);
    return identityCheckOf(this.loaded.persons.get(iin));
  }

  private async refresh(): Promise<void> {
    try {
      const version = await fileVersion(this.path);
      this.checkedAt = performance.now();
      if (version === this.loaded?.version) return;
      // Read the version before the content: a write in between is caught at the next check.
      this.loaded = { version, persons: await loadRegistryPersons(this.path) };
    } catch (error) {
      this.loaded = undefined;
      throw new IdentityRegistryUnavailableError(
        error instanceof Error ? error.message : `identity registry file ${this.path} is unusable`,
        { cause: error },
      );
    }
  }
}

/** Modification time and size: what changes when the file is edited or replaced. */
async function fileVersion(path: string): Promise<string> {
  const { mtimeMs, size, ino } = await stat(path);
  return `${mtimeMs}:${size}:${ino}`;
}
