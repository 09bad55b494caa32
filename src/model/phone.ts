/** Turkish phone numbers in the one form kopru keeps them: E.164 digits without the plus. */

/**
 * `0532 123 45 67`, `+90 (532) 123-4567`, `5321234567` → `905321234567`; undefined when the text
 * is not a Turkish mobile number (GSM numbers start with 5 after the country code).
 */
export function normaliseTurkishGsm(text: string | undefined | null): string | undefined {
  if (!text) return undefined
  const digits = text.replace(/\D/g, '')
  const national = digits.replace(/^(0090|90|0)/, '')
  return /^5\d{9}$/.test(national) ? `90${national}` : undefined
}
