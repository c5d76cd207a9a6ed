// A run owns its output folder. The folder is checked before anything is simulated; every file is
// written into a temporary sibling folder, hashed as it goes, and the whole folder is swapped in
// with renames once a manifest.json names the run and each file. An interrupted or failing run
// leaves the previous outputs as they were and no temporaries. Every I/O failure becomes an
// OutputFolderError (bad input: exit 2) naming the path, never a stack trace.
import { createHash } from 'node:crypto';
import {
  closeSync, copyFileSync, linkSync, lstatSync, mkdirSync, type Stats, openSync, readdirSync, readFileSync, readSync, realpathSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync, writeSync,
} from 'node:fs';
import { basename, dirname, join, parse, resolve, sep } from 'node:path';
import * as m from './messages.js';
// writerThread.ts loads node:worker_threads only when it starts its thread (a summary-only run starts none).
import { ThreadWriteError, writeOnThread, type ThreadedSink, type WrittenFile } from './writerThread.js';

/** A problem with an output folder or the files in it: the user's to fix, not a bug. */
export class OutputFolderError extends Error {}

export interface FileEntry {
  name: string;
  bytes: number;
  sha256: string;
}

/** What manifest.json says about the run; no timestamps, so the same run gives the same bytes. */
export interface RunIdentity {
  batchsim: string;
  scenario: { name: string; sha256: string | null };
  seed: number | null;
  /** The scenario's validation warnings (summary.json keeps only figures). */
  warnings: { path: string; message: string }[];
}

export interface Manifest extends RunIdentity {
  /** Every other file of the folder, sorted by name. */
  files: FileEntry[];
}

export const MANIFEST = 'manifest.json';

/** An open file in the staging folder: bytes are counted and hashed as they are written. */
export interface Sink {
  write(chunk: Buffer, length?: number): void;
}

/**
 * Output folders opened and not yet committed or abandoned, so a signal handler can remove their
 * temporaries and the parent folders their open() made, and say what each keeps.
 */
const live = new Set<OutputFolder>();

export class OutputFolder {
  private readonly abs: string;
  private staging: string | null = null;
  private readonly entries = new Map<string, FileEntry>();

  private constructor(
    /** The folder as the user named it (for messages). */
    readonly dir: string,
    /** Where it is: a link to a folder stands for its target. */
    abs: string,
    /** Whether the folder holds a previous run's outputs (kept if this one fails). */
    readonly hadPrevious: boolean,
    private readonly createdParents: string[],
  ) {
    this.abs = abs;
  }

  /**
   * Check that `dir` can become this run's output folder: a new path, an empty folder or an
   * earlier batchsim output folder, whose parent exists (it is created if need be) and takes new
   * entries, and that holds none of `inputs` (the scenario file and what it names: the swap would
   * delete them). Nothing is left on disk but the parent folders.
   */
  static open(dir: string, options: { inputs?: readonly string[] } = {}): OutputFolder {
    if (dir === '') throw new OutputFolderError(m.emptyOutPath());
    const abs = folderLinkedTo(resolve(dir));
    // Swapping the folder a shell stands in would leave it in a deleted folder.
    if (isWithin(process.cwd(), abs)) throw new OutputFolderError(m.outHoldsCwd(dir));
    // The swap renames the folder's own name (a link's target, not the link, which stays).
    const real = join(realOrResolved(dirname(abs)), basename(abs));
    const input = (options.inputs ?? []).find((i) => isWithin(realOrResolved(i), real));
    if (input !== undefined) throw new OutputFolderError(m.outHoldsInput(dir, input));
    recoverFromKilledRuns(abs);
    let hadPrevious = false;
    const exists = statOrNull(abs, (e) => m.cannotCreate(dir, e));
    if (exists) {
      if (!exists.isDirectory()) throw new OutputFolderError(m.outNotFolder(dir));
      const names = attempt(() => readdirSync(abs), (e) => m.cannotRead(dir, e));
      hadPrevious = names.includes(MANIFEST) || names.includes('summary.json');
      if (names.length > 0 && !hadPrevious) throw new OutputFolderError(m.outNotOurs(dir));
    }
    const created = makeParents(dirname(abs), dir);
    const folder = new OutputFolder(dir, abs, hadPrevious, created);
    try {
      // The real test of "can we write here": make (and remove) the staging folder.
      rmdirSync(folder.stage());
      folder.staging = null;
    } catch (e) {
      folder.abandon();
      throw e;
    }
    return folder;
  }

  /** The staging folder, created on first use. */
  stage(): string {
    if (this.staging === null) {
      const path = join(dirname(this.abs), `.${basename(this.abs)}.batchsim-tmp-${process.pid}`);
      rmSync(path, { recursive: true, force: true });
      attempt(() => mkdirSync(path), (e) => (this.hadPrevious ? m.cannotReplace(this.dir, e) : m.cannotCreate(this.dir, e)));
      this.staging = path;
      live.add(this);
    }
    return this.staging;
  }

  /** Where a staged file is, for readers that need the files written so far (the charts). */
  stagedPath(name: string): string {
    return join(this.stage(), name);
  }

  /** Write a whole file. */
  writeFile(name: string, data: string | Buffer): void {
    this.open(name, (sink) => sink.write(typeof data === 'string' ? Buffer.from(data) : data));
  }

  /** Write a file through a sink, synchronously (big files go through stream()). */
  open<T>(name: string, fill: (sink: Sink) => T): T {
    const path = this.stagedPath(name);
    const shown = join(this.dir, name);
    const fd = attempt(() => openSync(path, 'w'), (e) => m.cannotWrite(shown, e));
    const hash = createHash('sha256');
    let bytes = 0;
    const sink: Sink = {
      write(chunk, length = chunk.length) {
        let done = 0;
        while (done < length) done += attempt(() => writeSync(fd, chunk, done, length - done), (e) => m.cannotWrite(shown, e));
        hash.update(length === chunk.length ? chunk : chunk.subarray(0, length));
        bytes += length;
      },
    };
    const finish = (): void => {
      attempt(() => closeSync(fd), (e) => m.cannotWrite(shown, e));
      this.entries.set(name, { name, bytes, sha256: hash.digest('hex') });
    };
    let result: T;
    try {
      result = fill(sink);
    } catch (e) {
      closeSync(fd);
      throw e;
    }
    finish();
    return result;
  }

  /**
   * Write a big file through the writer thread (writerThread.ts): `fill` formats into the buffers
   * the sink lends and awaits sink.ready() after each one it hands over; the thread hashes and
   * writes them.
   */
  stream(name: string, fill: (sink: ThreadedSink) => Promise<unknown>): Promise<void> {
    return this.byThread(name, (fd) => writeOnThread(fd, fill).then((r) => r.written));
  }

  /**
   * Open `name` and have another thread write it: `write` gets the descriptor (at once: the file is
   * opened and `write` called before this returns) and resolves with what was written once the
   * thread is done with it; then it is closed and named in the manifest.
   */
  async byThread(name: string, write: (fd: number) => Promise<WrittenFile>): Promise<void> {
    const path = this.stagedPath(name);
    const shown = join(this.dir, name);
    const fd = attempt(() => openSync(path, 'w'), (e) => m.cannotWrite(shown, e));
    let written;
    try {
      written = await write(fd);
    } catch (e) {
      closeSync(fd);
      if (e instanceof ThreadWriteError) throw new OutputFolderError(m.cannotWrite(shown, e));
      throw e;
    }
    attempt(() => closeSync(fd), (e) => m.cannotWrite(shown, e));
    this.entries.set(name, { name, ...written });
  }

  /** Carry a file of the current folder over unchanged (a hard link where possible). */
  keep(name: string, entry?: FileEntry): void {
    const from = join(this.abs, name);
    const to = this.stagedPath(name);
    try {
      linkSync(from, to);
    } catch {
      attempt(() => copyFileSync(from, to), (e) => m.cannotWrite(join(this.dir, name), e));
    }
    this.entries.set(name, entry ?? { name, bytes: statSync(to).size, sha256: fileSha256(to) });
  }

  /** Write manifest.json and swap the staging folder in for the output folder. Returns the final paths. */
  commit(identity: RunIdentity): string[] {
    const files = [...this.entries.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    this.writeFile(MANIFEST, manifestJson({ ...identity, files }));
    const staging = this.stage();
    const old = join(dirname(this.abs), `.${basename(this.abs)}.batchsim-old-${process.pid}`);
    const replaced = statOrNull(this.abs, (e) => m.cannotReplace(this.dir, e)) !== null;
    try {
      if (replaced) attempt(() => renameSync(this.abs, old), (e) => m.cannotReplace(this.dir, e));
      try {
        attempt(() => renameSync(staging, this.abs), (e) => m.cannotReplace(this.dir, e));
      } catch (e) {
        if (replaced) renameSync(old, this.abs);
        throw e;
      }
    } catch (e) {
      this.abandon();
      throw e;
    }
    this.staging = null;
    live.delete(this);
    if (replaced) rmSync(old, { recursive: true, force: true });
    return [...files.map((f) => f.name), MANIFEST].sort().map((n) => join(this.dir, n));
  }

  /** Remove the temporaries (and the parent folders this run created); the output folder is untouched. */
  abandon(): void {
    if (this.staging !== null) rmSync(this.staging, { recursive: true, force: true });
    this.staging = null;
    live.delete(this);
    for (const p of [...this.createdParents].reverse()) {
      try {
        rmdirSync(p);
      } catch {
        break;
      }
    }
  }
}

export interface WholeFile {
  /** As the user named it (for messages). */
  path: string;
  data: string | Buffer;
}

/**
 * Write whole files that are not a run's folder (an imported scenario and the files beside it,
 * check's results): each to a temporary name beside it, renamed into place once every one is
 * written. Every target is checked first (not a folder, a device or a path through a file), so a
 * bad path changes nothing; any failure removes the temporaries and the folders made for them.
 * With `folder`, the files go into that folder (check --out DIR), named as such in messages.
 * Problems are OutputFolderErrors naming the path. Returns the paths as given.
 */
export function writeFilesAtomically(files: readonly WholeFile[], options: { folder?: string } = {}): string[] {
  if (options.folder !== undefined) checkFolderTarget(options.folder);
  for (const f of files) checkFileTarget(f.path);
  const created: string[] = [];
  const temps: string[] = [];
  try {
    for (const f of files) created.push(...makeParents(dirname(resolve(f.path)), options.folder ?? f.path));
    for (const f of files) {
      const abs = resolve(f.path);
      const temp = join(dirname(abs), `.${basename(abs)}.tmp-${process.pid}`);
      temps.push(temp);
      attempt(() => writeFileSync(temp, f.data), (e) => m.cannotWrite(f.path, e));
    }
    // The checks above leave a rename little to fail on; one that does removes the temporaries still left.
    files.forEach((f, i) => attempt(() => renameSync(temps[i], resolve(f.path)), (e) => m.cannotWrite(f.path, e)));
  } catch (e) {
    for (const t of temps) rmSync(t, { force: true });
    for (const c of created.reverse()) {
      try {
        rmdirSync(c);
      } catch {
        break;
      }
    }
    throw e;
  }
  return files.map((f) => f.path);
}

/** A file path that a whole file can be renamed onto: a regular file or nothing, in a folder. */
function checkFileTarget(path: string): void {
  if (path === '') throw new OutputFolderError(m.emptyFilePath());
  if (path.endsWith('/') || path.endsWith(sep)) throw new OutputFolderError(m.fileNameIsFolder(path));
  const st = statOrNull(resolve(path), (e) => m.cannotWrite(path, e));
  if (st === null) return;
  if (st.isDirectory()) throw new OutputFolderError(m.cannotWrite(path, { code: 'EISDIR' }));
  // Renaming onto /dev/null or a pipe would replace it, not write to it.
  if (!st.isFile()) throw new OutputFolderError(m.notRegularFile(path));
}

function checkFolderTarget(dir: string): void {
  if (dir === '') throw new OutputFolderError(m.emptyOutPath());
  const st = statOrNull(resolve(dir), (e) => m.cannotCreate(dir, e));
  if (st !== null && !st.isDirectory()) throw new OutputFolderError(m.outNotFolder(dir));
}

/** Whether `path` is `folder` or inside it (both absolute). */
export function isWithin(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

/** The path with symbolic links resolved where it exists, else as given, absolute. */
export function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * A run killed outright (SIGKILL, a power cut) leaves its staging folder, or, killed between the
 * two renames of a swap, the previous outputs under their aside name: put those back and remove
 * the rest, for runs whose process is gone.
 */
function recoverFromKilledRuns(abs: string): void {
  const parent = dirname(abs);
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return; // a missing or unreadable parent is reported by open itself
  }
  const prefix = `.${basename(abs)}.batchsim-`;
  for (const name of names) {
    const found = name.startsWith(prefix) ? /^(tmp|old)-(\d+)$/.exec(name.slice(prefix.length)) : null;
    if (!found || isAlive(Number(found[2]))) continue;
    const path = join(parent, name);
    try {
      if (found[1] === 'old' && statOrNull(abs, (e) => m.cannotCreate(abs, e)) === null) renameSync(path, abs);
      else rmSync(path, { recursive: true, force: true });
    } catch {
      // Left for a later run: this one does not depend on it.
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: unknown }).code === 'EPERM';
  }
}

/** Remove every temporary on disk (for a signal handler). Returns the folders whose run was abandoned. */
export function abandonOutputs(): { dir: string; hadPrevious: boolean }[] {
  const out = [...live].map((f) => ({ dir: f.dir, hadPrevious: f.hadPrevious }));
  for (const f of [...live]) f.abandon();
  return out;
}

export function manifestJson(manifest: Manifest): string {
  return JSON.stringify(manifest, null, 2) + '\n';
}

/** The manifest of an output folder, or null if it has none. */
export function readManifest(dir: string): Manifest | null {
  const path = join(dir, MANIFEST);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ENOENT') return null;
    throw new OutputFolderError(m.cannotRead(path, e));
  }
  const manifest = parseJson(path, text) as Partial<Manifest> | null;
  if (typeof manifest !== 'object' || manifest === null || !Array.isArray(manifest.files)) throw new OutputFolderError(m.notManifest(path));
  manifest.files.forEach((f: unknown, k) => {
    const entry = f as Partial<Manifest['files'][number]> | null;
    const fine = typeof entry === 'object' && entry !== null && isPlainName(entry.name) && Number.isInteger(entry.bytes) && typeof entry.sha256 === 'string';
    if (!fine) throw new OutputFolderError(m.badManifestEntry(path, k));
  });
  return manifest as Manifest;
}

/**
 * The folder a path names: a symbolic link to a folder (`latest -> runs/42`) stands for that
 * folder, which is then replaced and the link kept; anything else (a dangling link too) as it is.
 */
function folderLinkedTo(abs: string): string {
  try {
    return lstatSync(abs).isSymbolicLink() && statSync(abs).isDirectory() ? realpathSync(abs) : abs;
  } catch {
    return abs;
  }
}

/** A file name of the folder itself: not empty, no path separator, not . or .. (a manifest names no file elsewhere). */
function isPlainName(name: unknown): name is string {
  return typeof name === 'string' && name !== '' && name !== '.' && name !== '..' && !name.includes('/') && !name.includes('\\') && !name.includes('\0');
}

/**
 * Throw, naming them, if the files of `dir` are not the ones its manifest lists. `regenerated`:
 * listed files the caller is about to write afresh (`batchsim report`'s charts and report.html),
 * which may then be missing or changed. `unread`: listed files the caller does not need (`batchsim
 * report`'s record files, once charts.json holds what it draws), which may be missing: a user may
 * delete a large run's CSVs to save room. One that is there is checked like any other, since the
 * caller keeps it under its manifest entry. Returns the `unread` files that are missing.
 */
export function verifyManifest(dir: string, manifest: Manifest, regenerated: (name: string) => boolean = () => false, unread: (name: string) => boolean = () => false): string[] {
  const problems: string[] = [];
  const gone: string[] = [];
  const listed = new Set(manifest.files.map((f) => f.name));
  for (const f of manifest.files) {
    if (regenerated(f.name)) continue;
    const path = join(dir, f.name);
    const st = statOrNull(path, (e) => m.cannotRead(path, e));
    if (st === null) {
      if (unread(f.name)) gone.push(f.name);
      else problems.push(m.fileMissing(f.name));
    } else if (st.size !== f.bytes || fileSha256(path) !== f.sha256) problems.push(m.fileChanged(f.name));
  }
  const names = attempt(() => readdirSync(dir), (e) => m.cannotRead(dir, e));
  // Hidden ones too: the folder is rebuilt whole, so a file left out here would be lost.
  for (const n of names.sort()) if (n !== MANIFEST && !listed.has(n)) problems.push(m.fileForeign(n));
  if (problems.length > 0) throw new OutputFolderError(m.manifestMismatch(dir, problems));
  return gone;
}

/** JSON.parse with the file named in the error. */
export function parseJson(path: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new OutputFolderError(m.notJson(path, e instanceof Error ? e.message : String(e)));
  }
}

function fileSha256(path: string): string {
  const hash = createHash('sha256');
  const fd = attempt(() => openSync(path, 'r'), (e) => m.cannotRead(path, e));
  try {
    const buf = Buffer.allocUnsafe(1 << 22);
    for (let n; (n = attempt(() => readSync(fd, buf, 0, buf.length, null), (e) => m.cannotRead(path, e))) > 0; ) hash.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** Run an I/O step; any failure becomes an OutputFolderError with `message(e)`. */
function attempt<T>(step: () => T, message: (e: unknown) => string): T {
  try {
    return step();
  } catch (e) {
    if (e instanceof OutputFolderError) throw e;
    throw new OutputFolderError(message(e));
  }
}

function statOrNull(path: string, message: (e: unknown) => string): Stats | null {
  try {
    return statSync(path);
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ENOENT') return null;
    throw new OutputFolderError(message(e));
  }
}

/**
 * Create `abs` and its missing parents one level at a time, each step tried once (a recursive
 * mkdir can retry for ever where the kernel refuses entries, as under /proc). Returns the folders created.
 */
function makeParents(abs: string, shown: string): string[] {
  const missing: string[] = [];
  for (let p = abs; ; p = dirname(p)) {
    const st = statOrNull(p, (e) => m.cannotCreate(shown, e));
    if (st !== null) {
      if (!st.isDirectory()) throw new OutputFolderError(m.cannotCreate(shown, { code: 'ENOTDIR' }));
      break;
    }
    if (p === parse(p).root) break;
    missing.unshift(p);
  }
  const created: string[] = [];
  for (const p of missing) {
    try {
      mkdirSync(p);
    } catch (e) {
      for (const c of created.reverse()) rmdirSync(c);
      throw new OutputFolderError(m.cannotCreate(shown, e));
    }
    created.push(p);
  }
  return created;
}
