import { describe, expect, it } from 'vitest';
import { RatchetError } from '../core/errors.ts';
import { parseRedisTarget, reconnectDelayMs } from './redis-target.ts';

describe('parseRedisTarget', () => {
  it('reads host, port, database and credentials, and never displays the password', () => {
    const target = parseRedisTarget('redis://worker:s3cr%40t@queue.example:6380/4');
    expect(target.options).toMatchObject({
      host: 'queue.example',
      port: 6380,
      db: 4,
      username: 'worker',
      password: 's3cr@t',
      maxRetriesPerRequest: null,
    });
    expect(target.options.tls).toBeUndefined();
    expect(target.display).toBe('redis://worker:***@queue.example:6380/4');
    expect(target.display).not.toContain('s3cr');
  });

  it('turns on TLS for rediss:// and defaults the port to 6379', () => {
    const target = parseRedisTarget('rediss://:pw@10.0.0.5');
    expect(target.options).toMatchObject({ host: '10.0.0.5', port: 6379, db: 0, password: 'pw' });
    expect(target.options.tls).toEqual({ servername: '10.0.0.5' });
    expect(target.display).toBe('rediss://:***@10.0.0.5');
  });

  it('refuses other schemes and bad databases with bad-input naming the flag', () => {
    for (const url of ['http://127.0.0.1:6379', 'not a url', 'redis://127.0.0.1/x']) {
      let caught: unknown;
      try {
        parseRedisTarget(url, '--executor');
      } catch (error) {
        caught = error;
      }
      expect(RatchetError.is(caught) && caught.code).toBe('bad-input');
      expect(RatchetError.is(caught) && caught.field).toBe('--executor');
    }
  });

  it('backs off between reconnects up to 5 s', () => {
    expect([1, 2, 3, 6, 20].map(reconnectDelayMs)).toEqual([200, 400, 800, 5000, 5000]);
  });
});
