/**
 * What kopru says of Mail Komplet without loading its operations or its emulator: a command that only
 * names the API (a sync's messages) holds nothing more.
 */
export const mailkompletAbout = {
  title: 'Mail Komplet',
  /** what the emulator accepts unless told otherwise, and the environment variables that say so */
  credentials: {
    apiKey: { default: 'kopru-mailkomplet-key', env: 'KOPRU_MAILKOMPLET_API_KEY' },
    baseCrypt: {
      default: 'kopruBaseCrypt0000000000000000000',
      env: 'KOPRU_MAILKOMPLET_BASE_CRYPT',
    },
  },
} as const
