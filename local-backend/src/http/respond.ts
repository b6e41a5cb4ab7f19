// Small helpers the backend's two HTTP servers share: plain and JSON
// answers, CORS for the HTTP API, and reading a
// request body that stops at a size cap instead of buffering past it.
import type { IncomingMessage, ServerResponse } from "node:http";

export class BodyTooLarge extends Error {
  constructor(limit: number) {
    super(`Request body is larger than ${limit} bytes`);
  }
}

export function send(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  res.end(text);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json");
  res.end(JSON.stringify(body));
}

export function cors(res: ServerResponse): void {
  res.setHeader("Access-Control-Allow-Origin", "*");
  res.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
  res.setHeader("Access-Control-Allow-Headers", "Content-Type, Authorization, Convex-Client, Digest");
  res.setHeader("Access-Control-Max-Age", "86400");
}

/** Whether the declared Content-Length already passes `limit`. */
export function declaresMoreThan(req: IncomingMessage, limit: number): boolean {
  const declared = Number(req.headers["content-length"] ?? 0);
  return Number.isFinite(declared) && declared > limit;
}

/** Reads the whole body, or rejects with BodyTooLarge as soon as it passes `limit` (and stops reading). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (declaresMoreThan(req, limit)) {
      req.destroy();
      reject(new BodyTooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        req.destroy();
        reject(new BodyTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/**
 * The body as a stream that is read only as fast as its consumer reads it,
 * and fails past `limit`: an HTTP action that refuses a large body after
 * looking at its headers never makes the server hold it.
 */
export function bodyStream(req: IncomingMessage, limit: number): ReadableStream<Uint8Array> {
  let size = 0;
  const chunks = req[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next: IteratorResult<Buffer> = await chunks.next();
        if (next.done === true) return controller.close();
        const value = next.value;
        size += value.length;
        if (size > limit) {
          req.destroy();
          controller.error(new BodyTooLarge(limit));
          return;
        }
        controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      },
      cancel() {
        req.destroy();
      },
    },
    { highWaterMark: 0 },
  );
}
