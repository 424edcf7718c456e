import { rm } from 'node:fs/promises';

export default async function globalTeardown(): Promise<void> {
  const pg = (globalThis as Record<string, unknown>).__ORGRAPH_PG__ as { stop(): Promise<void>; dir: string } | undefined;
  if (pg) {
    await pg.stop();
    await rm(pg.dir, { recursive: true, force: true });
  }
}
