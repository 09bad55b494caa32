/**
 * What kopru says of Setrow without loading its operations or its emulator: a command that only
 * names the API (a sync's messages) holds nothing more.
 */
export const setrowAbout = {
  title: 'Setrow',
  /** what the emulator accepts unless told otherwise, and the environment variables that say so */
  credentials: { apiKey: { default: 'kopru-setrow-key', env: 'KOPRU_SETROW_API_KEY' } },
} as const
