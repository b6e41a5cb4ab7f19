// Deployment environment variables, as `npx convex env set` gives a real
// deployment: a JSON file per functions dir under the data dir, read by the
// running backend (it watches the file) and written by `backend env …`.
// On first start it also generates the RS256 key pair @convex-dev/auth needs.
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  unwatchFile,
  watchFile,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { exportJWK, exportPKCS8, generateKeyPair } from "jose";

const NAME = /^[a-zA-Z][a-zA-Z0-9_]{0,39}$/;

export class EnvStore {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, "env.json");
  }

  read(): Record<string, string> {
    if (!existsSync(this.file)) return {};
    try {
      return JSON.parse(readFileSync(this.file, "utf8")) as Record<string, string>;
    } catch {
      return {};
    }
  }

  set(name: string, value: string): void {
    if (!NAME.test(name)) {
      throw new Error(
        `Invalid environment variable name "${name}": use letters, digits and _ (max 40), starting with a letter.`,
      );
    }
    this.write({ ...this.read(), [name]: value });
  }

  remove(name: string): boolean {
    const vars = this.read();
    if (!(name in vars)) return false;
    delete vars[name];
    this.write(vars);
    return true;
  }

  watch(onChange: (vars: Record<string, string>) => void): () => void {
    const listener = () => onChange(this.read());
    watchFile(this.file, { interval: 200 }, listener);
    return () => unwatchFile(this.file, listener);
  }

  /** Generates JWT_PRIVATE_KEY and JWKS (as @convex-dev/auth expects) unless both exist. */
  async ensureAuthKeys(): Promise<boolean> {
    const vars = this.read();
    if (vars.JWT_PRIVATE_KEY && vars.JWKS) return false;
    const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
    const pem = await exportPKCS8(privateKey);
    const jwk = await exportJWK(publicKey);
    this.write({
      ...vars,
      JWT_PRIVATE_KEY: pem.trimEnd().replace(/\n/g, " "),
      JWKS: JSON.stringify({ keys: [{ use: "sig", ...jwk }] }),
    });
    return true;
  }

  private write(vars: Record<string, string>): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(vars, null, 2) + "\n", { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}

/** Applies the store's variables to this process's environment, which functions read. */
export function applyEnv(vars: Record<string, string>, previous: Set<string>): Set<string> {
  for (const name of previous) if (!(name in vars)) delete process.env[name];
  for (const [name, value] of Object.entries(vars)) process.env[name] = value;
  return new Set(Object.keys(vars));
}
