/**
 * The one result of every check in the package: the value it accepts, or the problem in words
 * that say how to fix it.
 */
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

export const accepted = <T>(value: T): Checked<T> => ({ ok: true, value });

export const refused = <T = never>(problem: string): Checked<T> => ({ ok: false, problem });
