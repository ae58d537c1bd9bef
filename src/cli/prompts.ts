import confirm from '@inquirer/confirm';
import input from '@inquirer/input';
import select from '@inquirer/select';
import { makeStyle } from './output.js';

/**
 * The only module that imports @inquirer's prompts: thin wrappers that give the wizard three kinds of question (text,
 * a choice, yes/no) with short help. Each prompt is its own package: @inquirer/prompts would also bring its editor
 * prompt and a character-set converter (half a megabyte) into the CommonJS bundle a plan loads. The prompt functions are injectable so that tests drive the real prompts
 * through @inquirer/testing.
 */

export interface TextQuestion {
  message: string;
  /** Short help shown after the question. */
  help?: string | undefined;
  /** What Enter on an empty line answers. */
  default?: string | undefined;
  /** `true` when the answer is acceptable, else what is wrong: the prompt shows it and stays open. */
  validate?: ((answer: string) => true | string) | undefined;
}

export interface Choice<T extends string> {
  value: T;
  name?: string | undefined;
  description?: string | undefined;
}

export interface ChoiceQuestion<T extends string> {
  message: string;
  help?: string | undefined;
  choices: readonly Choice<T>[];
  default?: T | undefined;
}

export interface ConfirmQuestion {
  message: string;
  help?: string | undefined;
  default?: boolean | undefined;
}

/** What the wizard asks through. */
export interface Prompter {
  text(q: TextQuestion): Promise<string>;
  choose<T extends string>(q: ChoiceQuestion<T>): Promise<T>;
  confirm(q: ConfirmQuestion): Promise<boolean>;
}

export interface InputConfig {
  message: string;
  default?: string | undefined;
  validate?: ((value: string) => boolean | string | Promise<string | boolean>) | undefined;
}

export interface SelectConfig {
  message: string;
  choices: readonly { value: string; name?: string | undefined; description?: string | undefined }[];
  default?: unknown;
  pageSize?: number | undefined;
}

export interface ConfirmConfig {
  message: string;
  default?: boolean | undefined;
}

/** The raw prompt functions (@inquirer/{input,select,confirm}' input, select and confirm, or test doubles with their signatures). */
export interface PromptFunctions {
  input: (config: InputConfig) => Promise<string>;
  select: (config: SelectConfig) => Promise<string>;
  confirm: (config: ConfirmConfig) => Promise<boolean>;
}

const INQUIRER: PromptFunctions = { input, select, confirm };

/** Wraps prompt functions (by default @inquirer/{input,select,confirm}') as a `Prompter`; help is shown dimmed after the question. */
export function createPrompter(fns: PromptFunctions = INQUIRER, dim: (text: string) => string = makeStyle(false).dim): Prompter {
  const withHelp = (message: string, help: string | undefined) => (help ? `${message} ${dim(`(${help})`)}` : message);
  return {
    text: (q) => fns.input({ message: withHelp(q.message, q.help), default: q.default, validate: q.validate }),
    choose: async <T extends string>(q: ChoiceQuestion<T>) => {
      const value = await fns.select({
        message: withHelp(q.message, q.help),
        choices: q.choices.map((c) => ({ value: c.value, name: c.name ?? c.value, description: c.description })),
        default: q.default,
        pageSize: 10,
      });
      const picked = q.choices.find((c) => c.value === value);
      if (!picked) throw new Error(`the prompt answered "${value}", which is not one of the choices`);
      return picked.value;
    },
    confirm: (q) => fns.confirm({ message: withHelp(q.message, q.help), default: q.default }),
  };
}

/** Whether an error is the user closing a prompt (Ctrl-C: inquirer's ExitPromptError, or an aborted prompt). */
export function isPromptCancel(e: unknown): boolean {
  return e instanceof Error && (e.name === 'ExitPromptError' || e.name === 'AbortPromptError');
}
