/**
 * Errors raised for bad input. Every message names the problem and where it is
 * (file, line, gene, sample), so that a scientist can fix the input without a
 * stack trace. The command line prints `message` alone for these errors.
 */

/**
 * A problem with data or options supplied by the user.
 *
 * @example
 * throw new InputError("count is negative (-3)", "counts.tsv line 12, sample S2");
 * // message: "counts.tsv line 12, sample S2: count is negative (-3)"
 */
export class InputError extends Error {
  /** Where the problem is, e.g. `counts.tsv line 12`; empty when not tied to a place. */
  readonly where: string;
  /** The problem alone, without the place. */
  readonly problem: string;

  constructor(problem: string, where = "") {
    super(where ? `${where}: ${problem}` : problem);
    this.name = "InputError";
    this.where = where;
    this.problem = problem;
  }
}

/**
 * A required resource (data set, Jupyter, a file) is not available here.
 * The message says how to get it.
 *
 * @example
 * throw new MissingResourceError("data set not found; set P53LAB_DATA to a folder holding it");
 */
export class MissingResourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MissingResourceError";
  }
}

/**
 * True for errors whose message is meant for the user as it stands (no stack trace needed).
 *
 * @example
 * isUserFacingError(new InputError("bad")); // true
 * isUserFacingError(new TypeError("x")); // false
 */
export function isUserFacingError(e: unknown): e is InputError | MissingResourceError {
  return e instanceof InputError || e instanceof MissingResourceError;
}
