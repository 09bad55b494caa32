/**
 * What kopru says of Softtr without loading its operations or its emulator: a command that only
 * names the API (a sync's messages) holds nothing more.
 */
export const softtrAbout = {
  title: 'Softtr',
  /** what the emulator accepts unless told otherwise, and the environment variables that say so */
  credentials: {
    username: { default: 'kopru', env: 'KOPRU_SOFTTR_USERNAME' },
    password: { default: 'kopru-softtr', env: 'KOPRU_SOFTTR_PASSWORD' },
  },
} as const
