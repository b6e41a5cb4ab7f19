// Who may reach the backend's local endpoints. Bound to a loopback address,
// the API and /_local/metrics answer only requests whose Host header names a
// loopback host, so a web page cannot reach them through DNS rebinding. Bound
// to any other address, the backend is reachable by others on purpose:
// /_local/metrics then needs the admin key kept in the data dir.
import { randomBytes, timingSafeEqual } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import path from "node:path";
import type { IncomingMessage } from "node:http";

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

export function isLoopback(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (LOOPBACK_NAMES.has(name) || name.endsWith(".localhost")) return true;
  return isIP(name) === 4 && name.startsWith("127.");
}

/** The hostname a request's Host header names, without its port. */
function requestedHost(req: IncomingMessage): string | null {
  const header = req.headers.host;
  if (header === undefined) return null;
  return URL.canParse(`http://${header}`) ? new URL(`http://${header}`).hostname : null;
}

export class LocalAccess {
  readonly loopbackOnly: boolean;
  private adminKey: Buffer | null = null;

  constructor(
    boundHost: string,
    readonly adminKeyFile: string,
  ) {
    this.loopbackOnly = isLoopback(boundHost);
  }

  static keyFile(dataDir: string): string {
    return path.join(dataDir, "admin_key");
  }

  /** A bound-to-loopback backend answers only requests that name a loopback host. */
  hostAllowed(req: IncomingMessage): boolean {
    if (!this.loopbackOnly) return true;
    const host = requestedHost(req);
    return host !== null && isLoopback(host);
  }

  /** May this request read /_local/metrics? */
  localEndpointAllowed(req: IncomingMessage): boolean {
    if (this.loopbackOnly) return this.hostAllowed(req);
    const match = /^Convex (.+)$/.exec(req.headers.authorization ?? "");
    if (match === null) return false;
    const given = Buffer.from(match[1]);
    const key = this.key();
    return given.length === key.length && timingSafeEqual(given, key);
  }

  /** The admin key, created (random, readable only by its owner) on first use. */
  key(): Buffer {
    if (this.adminKey !== null) return this.adminKey;
    if (!existsSync(this.adminKeyFile)) {
      mkdirSync(path.dirname(this.adminKeyFile), { recursive: true });
      writeFileSync(this.adminKeyFile, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600 });
    }
    this.adminKey = Buffer.from(readFileSync(this.adminKeyFile, "utf8").trim());
    return this.adminKey;
  }
}
