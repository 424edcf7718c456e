// The real app served in-process on a loopback port, for the single-process benchmarks
// (directory-reads, export, scim-groups, scim-latency; bench/suite.ts runs the service as a child
// process instead), and the machine facts they record next to their results.
import 'reflect-metadata';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import { MikroORM, Options } from '@mikro-orm/postgresql';
import pino from 'pino';
import { ormConfig } from '../src/db/orm-config.js';
import { App, createApp } from '../src/http/app.js';

export interface ServedApp {
  orm: MikroORM;
  app: App;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  close(): Promise<void>;
}

/** Migrates the (scratch) database at `url`, builds the app on it and serves it on a free loopback port. */
export async function serveApp(url: string, ormOverrides: Partial<Options> = {}): Promise<ServedApp> {
  const orm = await MikroORM.init(ormConfig(url, { logger: () => undefined, ...ormOverrides }));
  await orm.migrator.up();
  const app = await createApp({ config: { publicUrl: 'http://127.0.0.1' }, orm, logger: pino({ level: 'silent' }) });
  const server = createServer(app.express).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return {
    orm,
    app,
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.close();
      await app.close();
      await orm.close(true);
    },
  };
}

/** A workspace with SCIM enabled and a SCIM token: its SCIM root URL and the headers to call it with. */
export async function scimWorkspace({ app, origin }: ServedApp) {
  const { workspace } = await app.services.workspaces.create('bench');
  await app.services.workspaces.setScimEnabled(workspace.id, true);
  const { secret } = await app.services.credentials.issue(workspace.id, 'scim', 'bench');
  return { workspace, root: `${origin}/scim/v2`, headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/scim+json' } };
}

export const machineFacts = () => ({
  date: new Date().toISOString(),
  cores: os.cpus().length,
  cpu: os.cpus()[0]?.model,
  memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
  node: process.version,
});
