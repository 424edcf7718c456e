// Org chart export for admins: GET /admin/export/people.csv and /admin/export/people.json with
// `Authorization: Bearer <admin token>`. Streams the domain's chunks to the response one batch at a
// time, waiting for 'drain' when the client reads slower than we produce, and stops reading from
// the database as soon as the client goes away.
import { Router } from 'express';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import type { ExportFormat } from '../domain/directory/export.service.js';
import type { Services } from '../domain/services.js';
import { loggableError } from './logger.js';

const CONTENT_TYPE: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8; header=present',
  json: 'application/json; charset=utf-8',
};

/** Resolves once the response can take more, or has closed (then writing is pointless). */
const writable = (res: Response): Promise<void> =>
  new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });

export function exportRouter({ services }: { services: Services }): Router {
  const router = Router();

  const handle = (format: ExportFormat) => async (req: Request, res: Response) => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    if (!m) {
      res.set('WWW-Authenticate', 'Bearer');
      return void res.status(401).json({ error: 'unauthenticated', message: 'Send an admin token as "Authorization: Bearer <token>"' });
    }
    const auth = await services.auth.authenticate(m[1]);
    if (!auth.principal) {
      res.set('WWW-Authenticate', 'Bearer error="invalid_token"');
      return void res.status(401).json({ error: 'unauthenticated', message: auth.failure });
    }
    if (auth.principal.kind !== 'admin') return void res.status(403).json({ error: 'forbidden', message: 'The export needs an admin token' });
    const { workspaceId, workspaceSlug } = auth.principal;
    const log = (res.locals.log as Logger).child({ workspace: workspaceSlug });
    res.locals.log = log;

    const day = new Date().toISOString().slice(0, 10);
    res.status(200);
    res.set({
      'Content-Type': CONTENT_TYPE[format],
      'Content-Disposition': `attachment; filename="people-${workspaceSlug}-${day}.${format}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.method === 'HEAD') return void res.end();

    try {
      for await (const chunk of services.directoryExport.chunks(workspaceId, format)) {
        if (res.destroyed) break; // the client left: stop reading batches (the generator is closed by `break`)
        if (!res.write(chunk)) await writable(res);
      }
    } catch (err) {
      if (!res.headersSent) {
        // Nothing sent yet: the app's error handler answers 500 (as JSON, not as a download).
        res.removeHeader('Content-Disposition');
        res.removeHeader('Content-Type');
        throw err;
      }
      // Headers (and maybe rows) are out: cut the connection so the client sees a failed download
      // instead of a file that looks complete.
      log.error({ err: loggableError(err) }, 'export failed while streaming');
      res.destroy();
      return;
    }
    if (res.destroyed) return void log.info({ format }, 'export abandoned by the client');
    res.end();
  };

  router.get('/people.csv', handle('csv'));
  router.get('/people.json', handle('json'));
  return router;
}
