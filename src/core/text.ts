/** Text kept beyond the call that read it, and text compared the way people write it. */

/**
 * The first `maxChars` of `text`, in memory of its own. V8 makes a slice a view into the string it
 * was cut from, so a kept start would keep the whole text alive: a request log of 2,000 starts of
 * megabyte import bodies held 2,000 bodies. Appending makes a pair of strings, and slicing a pair
 * writes it out flat first, so the start becomes a view into that short copy instead.
 */
export function startOf(text: string, maxChars: number): string {
  return text.length > maxChars ? (text.slice(0, maxChars) + ' ').slice(0, -1) : text
}

/**
 * Text as compared without case, the Turkish way, with dotted and dotless i as one letter: Turkish
 * rules lower `I` to `ı` and `İ` to `i`, and people type `İstanbul`, `Istanbul` and `ISTANBUL` alike.
 * Surrounding spaces are dropped.
 */
export function foldTurkish(text: string): string {
  return text.trim().toLocaleLowerCase('tr').replace(/ı/g, 'i')
}

/**
 * An e-mail address in the one form kopru keys people by (customers, the consent ledger, a tool's
 * contacts): trimmed and lower-cased. `toLowerCase` alone lowers a Turkish keyboard's `İ` to `i`
 * and a combining dot, making `AYSE.İNCE@…` another person than `ayse.ince@…`; non-ASCII text is
 * folded the Turkish way instead (and a dot an earlier lowering left is dropped). ASCII addresses
 * lower exactly as `toLowerCase` does, so keys already stored stay what they were.
 */
export function foldEmail(address: string): string {
  const text = address.trim()
  if (!/[\u0080-\uffff]/.test(text)) return text.toLowerCase()
  return foldTurkish(text).replace(/i\u0307/g, 'i')
}
