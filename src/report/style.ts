import type { ChalkInstance } from 'chalk';

/** What renderers need to know about the terminal: colours (a Chalk instance; level 0 = none) and width. */
export interface RenderOptions {
  style: ChalkInstance;
  width: number;
}
