import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../errors.js';

/** Reads a text file the user named; every failure is one located `InputError`. */
export async function readTextFile(file: string, what = 'file'): Promise<string> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new InputError({ file, message: `no such ${what}`, hint: 'check the path; paths are relative to the current directory' });
    }
    throw new InputError({ file, message: `cannot read the ${what} (${code ?? 'error'})`, hint: 'check the permissions' });
  }
  if (stat.isDirectory()) {
    throw new InputError({ file, message: `is a directory, not a ${what}`, hint: `name the ${what} itself${what === 'workload file' ? `, e.g. ${path.join(file, 'workload.yaml')}` : ''}` });
  }
  try {
    const buf = await fs.readFile(file);
    if (buf.includes(0)) throw new InputError({ file, message: `is not a text ${what}`, hint: 'give a YAML or JSON file' });
    return buf.toString('utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError({ file, message: `cannot read the ${what} (${code ?? 'error'})`, hint: 'check the permissions' });
  }
}

/**
 * Writes a file atomically: to a temporary file beside it, then a rename, so that a reader never sees half a file
 * and a failure leaves the old file (or none) in place.
 */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await fs.writeFile(tmp, content, { encoding: 'utf8', flag: 'wx' });
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError({
      file,
      message: `cannot write the output (${code ?? String(e)})`,
      hint: code === 'ENOENT' ? 'the folder does not exist; create it first' : 'check the path and permissions',
    });
  }
}

/** Whether a path exists. */
export async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
