/** Turns an event's data of schema version `n` into version `n + 1`. */
export type Upcaster = (data: unknown) => unknown;

export interface EventSchema {
  /** The version new events of this type are written with. */
  readonly currentVersion: number;
  /** `upcasters[n]` lifts version n to n + 1. */
  readonly upcasters?: Readonly<Record<number, Upcaster>>;
}

/**
 * The schema version of every event type, and how older versions are read. Stores write the current
 * version and upcast on read, so no reader ever sees an old shape.
 */
export class EventSchemas {
  private readonly schemas: ReadonlyMap<string, EventSchema>;

  constructor(schemas: Readonly<Record<string, EventSchema>> = {}) {
    this.schemas = new Map(Object.entries(schemas));
  }

  /** Builds the registry from the deciders' `{type: version}` maps (no upcasters yet). */
  static fromVersions(...maps: ReadonlyArray<Readonly<Record<string, number>>>): EventSchemas {
    const schemas: Record<string, EventSchema> = {};
    for (const map of maps)
      for (const [type, version] of Object.entries(map)) schemas[type] = { currentVersion: version };
    return new EventSchemas(schemas);
  }

  currentVersion(type: string): number {
    return this.schemas.get(type)?.currentVersion ?? 1;
  }

  upcast(type: string, version: number, data: unknown): { schemaVersion: number; data: unknown } {
    const schema = this.schemas.get(type);
    if (!schema) return { schemaVersion: version, data };
    let current = data;
    let at = version;
    while (at < schema.currentVersion) {
      const step = schema.upcasters?.[at];
      if (!step) throw new Error(`no upcaster for ${type} from schema version ${at}`);
      current = step(current);
      at += 1;
    }
    return { schemaVersion: at, data: current };
  }
}
