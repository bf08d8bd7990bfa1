import { HttpError } from './http/errors.ts';

/**
 * Runs a command-line entry point: its exit code on success; on failure the message alone (both
 * languages where the error carries them), never a stack trace, and exit code 1.
 * @example runCli(async (argv) => { …; return 0; });
 */
export function runCli(main: (argv: string[]) => Promise<number | void>): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code ?? 0),
    (err: unknown) => {
      if (err instanceof HttpError) console.error(`${err.vi} / ${err.en}`);
      else console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
