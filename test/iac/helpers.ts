import { readFileSync } from 'node:fs';
import { parse as parseHcl } from '@cdktn/hcl2json';
import { readTerraformConfig, type DeclaredResource, type IacFile } from '../../src/iac/index.js';

export const FIXTURES = new URL('../fixtures/iac/', import.meta.url);

/** The text of a fixture under test/fixtures/iac/. */
export const fixture = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');

/** The resource of a file with that id; throws, naming the ids there are, when there is none. */
export function byId(f: IacFile, id: string): DeclaredResource {
  const r = f.resources.find((x) => x.id === id);
  if (!r) throw new Error(`no resource ${id} in ${f.resources.map((x) => x.id).join(', ')}`);
  return r;
}

/** The 1-based number of the first line at or after `from` that contains `needle`. */
export function lineWith(text: string, needle: string, from = 1): number {
  return text.split('\n').findIndex((l, i) => i + 1 >= from && l.includes(needle)) + 1;
}

/** A .tf fixture parsed by the HCL library and read, as `--iac` reads it. */
export async function readTfFixture(name: string, file = name): Promise<{ text: string; iac: IacFile }> {
  const text = fixture(name);
  return { text, iac: readTerraformConfig(await parseHcl(file, text), text, file) };
}
