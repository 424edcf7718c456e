// Org chart export benchmark: `npm run bench:export -- [--people 100000] [--runs 3]`.
// Seeds an org in bulk on a scratch database, serves the real app on loopback and downloads the CSV
// and JSON exports over HTTP with a streaming client that keeps nothing, sampling the process's
// RSS meanwhile (server and client share this process, so the peak bounds the server's). The
// domain floor is the same batches read and serialised without HTTP. `npm run bench:export` runs it
// with a 96 MB V8 heap, far smaller than a large export, to show the export never holds it all.
import 'reflect-metadata';
import { mkdir, writeFile } from 'node:fs/promises';
import v8 from 'node:v8';
import type { ExportFormat } from '../src/domain/directory/export.service.js';
import { withScratchDatabase } from '../scripts/scratch-database.js';
import { machineFacts, serveApp } from './in-process-app.js';
import { seedOrg, SPAN } from './seed-org.js';
import { numArg } from './suite-lib.js';

const MB = 2 ** 20;
// The upper middle for an even count, unlike suite-lib's median (kept so results stay comparable).
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Samples RSS and heap every 10 ms until stopped; returns the peaks in MB. */
function sampler() {
  let rss = process.memoryUsage().rss;
  let heap = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  }, 10);
  return () => {
    clearInterval(timer);
    return { peakRssMB: +(rss / MB).toFixed(1), peakHeapMB: +(heap / MB).toFixed(1) };
  };
}

async function main(): Promise<void> {
  const people = numArg('people', 100_000);
  const runs = numArg('runs', 3);
  const results: Record<string, unknown>[] = [];
  let postgres = '';
  await withScratchDatabase(async (url) => {
    const served = await serveApp(url);
    const { orm, app, origin: base } = served;
    postgres = (await orm.em.fork().execute<{ server_version: string }[]>('SHOW server_version'))[0].server_version;
    const { workspace, adminToken } = await app.services.workspaces.create('bench');
    const t0 = performance.now();
    await seedOrg(orm.em.fork(), workspace.id, people);
    const seedMs = performance.now() - t0;

    const download = async (format: ExportFormat) => {
      const started = performance.now();
      const res = await fetch(`${base}/admin/export/people.${format}`, { headers: { Authorization: `Bearer ${adminToken}` } });
      if (res.status !== 200 || !res.body) throw new Error(`export ${format}: HTTP ${res.status}`);
      const firstByteMs = performance.now() - started;
      let bytes = 0;
      let lines = 0;
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        bytes += chunk.byteLength;
        for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines += 1;
      }
      return { seconds: (performance.now() - started) / 1000, firstByteMs, bytes, lines };
    };
    const domainOnly = async (format: ExportFormat) => {
      const started = performance.now();
      let bytes = 0;
      for await (const chunk of app.services.directoryExport.chunks(workspace.id, format)) bytes += Buffer.byteLength(chunk);
      return { seconds: (performance.now() - started) / 1000, bytes };
    };

    await download('csv'); // warm-up (plans, JIT)
    for (const format of ['csv', 'json'] as const) {
      global.gc?.();
      const rssBeforeMB = +(process.memoryUsage().rss / MB).toFixed(1);
      const stop = sampler();
      const timings = [];
      for (let i = 0; i < runs; i++) timings.push(await download(format));
      const peaks = stop();
      const floor = [];
      for (let i = 0; i < runs; i++) floor.push(await domainOnly(format));
      const last = timings[timings.length - 1];
      const s = median(timings.map((x) => x.seconds));
      results.push({
        people,
        format,
        rows: format === 'csv' ? last.lines - 1 : last.lines - 2,
        seconds: +s.toFixed(2),
        firstByteMs: +median(timings.map((x) => x.firstByteMs)).toFixed(1),
        MB: +(last.bytes / MB).toFixed(1),
        MBps: +(last.bytes / MB / s).toFixed(1),
        domainFloorSeconds: +median(floor.map((x) => x.seconds)).toFixed(2),
        rssBeforeMB,
        ...peaks,
      });
    }
    results.push({ people, format: 'seed (bulk SQL)', seconds: +(seedMs / 1000).toFixed(2) });
    await served.close();
  });
  console.table(results);
  const facts = {
    ...machineFacts(),
    postgres,
    heapLimitMB: Math.round(v8.getHeapStatistics().heap_size_limit / MB),
    span: SPAN,
    runs,
    batchSize: 2000,
    note: 'service, PostgreSQL and the streaming client on one machine; RSS is of the process running service and client',
  };
  await mkdir('bench/results', { recursive: true });
  await writeFile(`bench/results/export-${people}.json`, JSON.stringify({ facts, results }, null, 2) + '\n');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
