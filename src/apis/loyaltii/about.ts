/**
 * What kopru says of Loyaltii without loading its operations or its emulator: a command that only
 * names the API (a sync's messages) holds nothing more.
 */
export const loyaltiiAbout = {
  title: 'Loyaltii',
  /** what the emulator accepts unless told otherwise, and the environment variables that say so */
  credentials: { apiKey: { default: 'kopru-loyaltii-key', env: 'KOPRU_LOYALTII_API_KEY' } },
} as const
