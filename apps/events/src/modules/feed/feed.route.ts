import type { DataSource } from 'typeorm';
import type { Logger } from '@opora/logger';
import type { RouteHandler } from '@opora/subgraph-server';

import { FeedService } from './feed.service';

/** Where feeds are served on the events service (docs/decisions.md §63). */
export const FEED_PATH = '/calendar.ics';

const instantParam = (value: string | null) => {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
};

/**
 * GET /calendar.ics?key=<secret>[&from=&to=]: the iCalendar text of a private feed, without a
 * token (calendar applications cannot send one): 404 for an unknown key, 410 for a revoked one.
 */
export function feedRoute(deps: { dataSource: DataSource; logger: Logger }): Record<string, RouteHandler> {
  const feeds = new FeedService(deps.dataSource);
  return {
    [FEED_PATH]: async (req, res) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      const url = new URL(req.url ?? '/', 'http://localhost');
      const key = url.searchParams.get('key') ?? '';
      try {
        const answer = await feeds.answer(key, {
          from: instantParam(url.searchParams.get('from')),
          to: instantParam(url.searchParams.get('to')),
        });
        if (answer.status !== 200) {
          res.writeHead(answer.status, { 'content-type': 'text/plain; charset=utf-8' }).end(answer.body);
          return;
        }
        res
          .writeHead(200, {
            'content-type': 'text/calendar; charset=utf-8',
            'cache-control': 'private, max-age=300',
            'content-disposition': 'inline; filename="calendar.ics"',
          })
          .end(req.method === 'HEAD' ? undefined : answer.body);
      } catch (error) {
        deps.logger.error({ err: error }, 'calendar feed failed');
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Внутренняя ошибка');
      }
    },
  };
}
