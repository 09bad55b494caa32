/**
 * Code made from text, for the checks and readers written out once per schema or list (one read per
 * key by its name finds a shape cache; a read by a changing key does not).
 */

/**
 * The value `body` returns, run with `bindings` as its variables; undefined where code may not be
 * made from text (`--disallow-code-generation-from-strings` refuses it with an EvalError), for the
 * caller to run its looped form. Any other error is a bug in the text, and is thrown.
 */
export function fromCode<T>(
  body: string,
  bindings: Readonly<Record<string, unknown>> = {},
): T | undefined {
  try {
    return new Function(...Object.keys(bindings), body)(...Object.values(bindings)) as T
  } catch (error) {
    if (error instanceof EvalError) return undefined
    throw error
  }
}
