import { InputError } from '../errors.js';
import { readIacText, readTerraformConfig, type IacFile } from '../iac/index.js';
import { readTextFile } from './io.js';

/** The line and column in an HCL parser message (`main.tf:3,14-15: …`), when it gives them. */
function hclPosition(message: string): { line?: number; col?: number } {
  const m = /:(\d+),(\d+)(?:-\d+(?:,\d+)?)?:/.exec(message);
  return m ? { line: Number(m[1]), col: Number(m[2]) } : {};
}

/** Reads infrastructure files: .tf through the HCL parser, anything else as a CloudFormation template or plan JSON. */
export async function readIacFiles(files: readonly string[]): Promise<IacFile[]> {
  const out: IacFile[] = [];
  for (const file of files) {
    const text = await readTextFile(file, 'infrastructure file');
    if (file.endsWith('.tf')) {
      // The HCL parser decompresses and compiles its WebAssembly as it loads (over 100 ms): loaded for .tf files only.
      const { parse: parseHcl } = await import('@cdktn/hcl2json');
      let hcl: unknown;
      try {
        hcl = await parseHcl(file, text);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        throw new InputError({
          file,
          ...hclPosition(message),
          message: `not valid HCL: ${message
            .split('\n')[0]!
            .replace(/^.*?\d+,\d+(?:-\d+(?:,\d+)?)?:\s*/, '')
            .replace(/\]$/, '')
            .replace(/\.$/, '')}`,
          hint: 'check the Terraform syntax here (terraform validate shows it too)',
        });
      }
      out.push(readTerraformConfig(hcl, text, file));
    } else {
      out.push(readIacText(text, file));
    }
  }
  return out;
}
