import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { EXIT, InputError } from '../../errors.js';
import { planWorkload, type Plan } from '../../plan/index.js';
import { locateInText } from '../../workload/locate.js';
import { parseWorkload } from '../../workload/parse.js';
import { workloadToYaml } from '../../workload/to-yaml.js';
import type { Pricing } from '../../pricing/schema.js';
import { exists, readTextFile, writeFileAtomic } from '../io.js';
import { findPricing } from '../pricing.js';
import { createPrompter, isPromptCancel, type Prompter } from '../prompts.js';
import { draftFileFor, draftToYaml, readDraft } from './init-draft.js';
import { review } from './init-review.js';
import { noPricesWarning, summarize } from './init-summary.js';
import { Wizard, type Pending, type Raw } from './init-wizard.js';

export { noPricesWarning, summarize };

/** Exit code when the user cancels the wizard (Ctrl-C): 128 + SIGINT, as shells report it. */
export const EXIT_CANCELLED = EXIT.CANCELLED;

/** What `runInit` talks to; tests replace the prompter and the terminal check. */
export interface InitDeps {
  prompter: Prompter;
  /** Whether standard input is a terminal (the wizard needs one). */
  isTTY: boolean;
  out: (text: string) => void;
  err: (text: string) => void;
  readFile: (file: string) => Promise<string>;
  writeFile: (file: string, content: string) => Promise<void>;
  exists: (file: string) => Promise<boolean>;
  /** The prices for a Region, as `plan` loads them; undefined (with the reason) when there are none. */
  loadPrices: (region: string, file: string) => Promise<{ pricing: Pricing; label: string } | { reason: string }>;
}

export interface InitOptions {
  /** An existing workload file whose values pre-fill every answer, or a draft to resume. */
  from?: string | undefined;
  /** Overwrite FILE without asking. */
  force?: boolean | undefined;
}

/** The real terminal, file system and @inquirer's prompts. */
export function defaultInitDeps(): InitDeps {
  return {
    prompter: createPrompter(),
    isTTY: process.stdin.isTTY === true,
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    readFile: (f) => readTextFile(f, 'workload file'),
    writeFile: writeFileAtomic,
    exists,
    loadPrices: async (region) => (await findPricing({ region })) ?? { reason: `no prices for ${region}` },
  };
}

export const NO_TTY_MESSAGE =
  'kinesis-plan: init asks questions and needs a terminal, but standard input is not one.\n' +
  'Write the workload file yourself instead: "The workload file" in the README describes every field, examples/ has\n' +
  'complete files, and `kinesis-plan schema` prints the JSON Schema for editor completion and validation.\n';

export const CANCELLED_MESSAGE = 'kinesis-plan: init cancelled; nothing written.\n';

/**
 * `kinesis-plan init [FILE] [--from FILE]`: asks what matters for a workload, lists every setting for review, shows
 * its plan, and writes it as commented YAML. Returns the exit code: 0 written, 2 no terminal or bad `--from` file,
 * 130 cancelled (nothing written but, if asked for, a draft that `--from` resumes).
 */
export async function runInit(file: string | undefined, opts: InitOptions = {}, deps: Partial<InitDeps> = {}): Promise<number> {
  const d: InitDeps = { ...defaultInitDeps(), ...deps };
  if (!d.isTTY) {
    d.err(NO_TTY_MESSAGE);
    return EXIT.BAD_INPUT;
  }
  let start: Raw = {};
  let answered: string[] = [];
  let resume: Pending | undefined;
  let given = file ?? opts.from;
  if (opts.from !== undefined) {
    const text = await d.readFile(opts.from);
    const draft = readDraft(parseYaml(text));
    if (draft) {
      start = draft.workload;
      answered = draft.answered;
      resume = draft.pending;
      given = file ?? draft.file;
    } else {
      parseWorkload(text, opts.from); // a bad --from file is an InputError (exit 2) before any question
      start = parseYaml(text) as Raw;
    }
  }
  const hasPrices = async (region: string, target: string) => !('reason' in (await d.loadPrices(region, target)));
  let wizard: Wizard | undefined;
  let target: { file: string; confirmed: boolean } | undefined;
  try {
    target = await chooseTarget(d, given, opts.force === true);
    const file = target.file;
    wizard = new Wizard({ p: d.prompter, out: d.out, hasPrices: (region) => hasPrices(region, file) }, start, answered, resume);
    await wizard.simplePath(target.file);
    await review(wizard);
    const yamlText = workloadToYaml(wizard.w, {
      header: [
        'Kinesis workload, written by `kinesis-plan init`. Every field is described in the README ("The workload file").',
        `Plan it with: kinesis-plan plan ${target.file}`,
      ],
    });
    let workload;
    try {
      workload = parseWorkload(yamlText, target.file);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      d.err(`kinesis-plan: the answers do not make a valid workload: ${e.message}\nNothing written.\n`);
      return EXIT.BAD_INPUT;
    }
    const prices = await d.loadPrices(workload.region, target.file);
    let plan: Plan;
    try {
      plan =
        'pricing' in prices
          ? planWorkload(workload, { pricing: prices.pricing, pricingLabel: prices.label })
          : planWorkload(workload, { missingPricingRegion: workload.region });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      d.err(`kinesis-plan: the answers do not make a workload that can be planned: ${locateInText(e, yamlText, target.file).message}\nNothing written.\n`);
      return EXIT.BAD_INPUT;
    }
    d.out(summarize(plan, { unpricedReason: 'reason' in prices ? prices.reason : undefined, budgetUsd: workload.budget?.monthlyUsd }));
    if (!target.confirmed && (await d.exists(target.file))) {
      const overwrite = await d.prompter.confirm({ message: `${target.file} exists now. Overwrite it?`, default: false });
      if (!overwrite) {
        d.err(`kinesis-plan: kept ${target.file}; nothing written.\n`);
        return EXIT_CANCELLED;
      }
    }
    await d.writeFile(target.file, yamlText);
    d.out(`Wrote ${target.file}. Next: kinesis-plan plan ${target.file}\n`);
    return EXIT.OK;
  } catch (e) {
    if (!isPromptCancel(e)) throw e;
    if (wizard === undefined || target === undefined || (wizard.answered.size === 0 && wizard.pending === undefined)) {
      d.err(CANCELLED_MESSAGE);
      return EXIT_CANCELLED;
    }
    return offerDraft(d, wizard, target.file);
  }
}

/**
 * After Ctrl-C with answers given: offers to save them as a draft, written atomically. Exit 130 either way; a second
 * Ctrl-C at the offer writes nothing.
 */
async function offerDraft(d: InitDeps, wizard: Wizard, file: string): Promise<number> {
  const suggested = draftFileFor(file);
  let draftFile: string;
  try {
    draftFile = (
      await d.prompter.text({
        message: `Save your answers as a draft?`,
        help: `Enter saves to ${suggested}; type another file, or "no" to discard them`,
        default: suggested,
      })
    ).trim();
  } catch (e) {
    if (!isPromptCancel(e)) throw e;
    d.err(CANCELLED_MESSAGE);
    return EXIT_CANCELLED;
  }
  if (draftFile === '' || draftFile.toLowerCase() === 'no') {
    d.err(CANCELLED_MESSAGE);
    return EXIT_CANCELLED;
  }
  await d.writeFile(draftFile, draftToYaml({ file, answered: [...wizard.answered], pending: wizard.pending ?? wizard.resume, workload: wizard.w }, draftFile));
  d.err(`kinesis-plan: init cancelled; answers saved to ${draftFile}. Resume with: kinesis-plan init ${file} --from ${draftFile}\n`);
  return EXIT_CANCELLED;
}

/** The file to write: FILE, or asked for; an existing file is overwritten only when confirmed (or with --force). */
async function chooseTarget(d: InitDeps, given: string | undefined, force: boolean): Promise<{ file: string; confirmed: boolean }> {
  let file = given ?? (await askFileName(d.prompter, 'workload.yaml'));
  for (;;) {
    if (force) return { file, confirmed: true };
    if (!(await d.exists(file))) return { file, confirmed: false };
    const overwrite = await d.prompter.confirm({ message: `${file} exists. Overwrite it at the end?`, default: false });
    if (overwrite) return { file, confirmed: true };
    file = await askFileName(d.prompter, freeName(file));
  }
}

function askFileName(p: Prompter, suggestion: string): Promise<string> {
  return p.text({
    message: 'File to write',
    help: 'a YAML file; nothing is written until the end',
    default: suggestion,
    validate: (a) => (a.trim() === '' ? 'give a file name' : true),
  });
}

function freeName(file: string): string {
  const ext = path.extname(file) || '.yaml';
  const stem = file.slice(0, file.length - path.extname(file).length).replace(/-\d+$/, '');
  const n = /-(\d+)$/.exec(file.slice(0, file.length - path.extname(file).length))?.[1];
  return `${stem}-${n === undefined ? 2 : Number(n) + 1}${ext}`;
}

