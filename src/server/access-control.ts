/**
 * Who may talk to the dashboard. On a loopback bind only requests addressed to a loopback name are
 * served (a page on another site cannot reach it through DNS rebinding). On any other bind every
 * request — pages, API, SSE — must carry the token: an `Authorization: Bearer` header, a `?token=`
 * query (which also sets an HttpOnly cookie, so the browser's later requests carry it), or that cookie.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

export const tokenCookie = 'ratchet_token';

/** A fresh random token (32 bytes, base64url). */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** `localhost`, 127.0.0.0/8 and ::1. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (bare.toLowerCase() === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || bare === '0:0:0:0:0:0:0:1';
  return false;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Constant-time comparison of a supplied token with the expected one. */
export function tokenMatches(supplied: string | undefined, expected: string): boolean {
  return supplied !== undefined && timingSafeEqual(digest(supplied), digest(expected));
}

/** The host name of a `Host` header (`name:port`, `[v6]:port`). */
function hostName(header: string): string {
  if (header.startsWith('[')) return header.slice(0, header.indexOf(']') + 1);
  const colon = header.lastIndexOf(':');
  return colon === -1 ? header : header.slice(0, colon);
}

export interface AccessOptions {
  /** Required on every request when set. */
  readonly token?: string;
  /** Serve only requests whose `Host` is a loopback name (for loopback binds). */
  readonly loopbackOnly: boolean;
}

export function accessControl(options: AccessOptions): MiddlewareHandler {
  const { token } = options;
  return async (c, next) => {
    if (options.loopbackOnly && !isLoopbackHost(hostName(c.req.header('host') ?? ''))) {
      return c.json({ error: 'this dashboard only answers requests to localhost' }, 403);
    }
    if (token === undefined) return next();
    const authorization = c.req.header('authorization');
    const bearer = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
    const query = c.req.query('token');
    if (tokenMatches(bearer, token) || tokenMatches(getCookie(c, tokenCookie), token)) return next();
    if (tokenMatches(query, token)) {
      setCookie(c, tokenCookie, token, { httpOnly: true, sameSite: 'Strict', path: '/' });
      if (c.req.method === 'GET' && !c.req.path.startsWith('/api/')) {
        // a page: drop the token from the address bar (and from history) once the cookie holds it
        const url = new URL(c.req.url);
        url.searchParams.delete('token');
        return c.redirect(`${url.pathname}${url.search}`, 302);
      }
      return next();
    }
    return c.json(
      {
        error: 'this dashboard needs its access token',
        hint: 'open the address `ratchet ui` printed (it ends in ?token=…)',
      },
      401,
    );
  };
}

/** Headers on every response: a strict CSP (no inline script, no eval), no sniffing, no framing. */
export function securityHeaders(): MiddlewareHandler {
  const policy = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return async (c, next) => {
    await next();
    c.header('Content-Security-Policy', policy);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    c.header('Cross-Origin-Resource-Policy', 'same-origin');
  };
}
