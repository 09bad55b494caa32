/**
 * What kopru says of Narwoo without loading its operations or its emulator: a command that only
 * names the API (a sync's messages) holds nothing more.
 */
export const narwooAbout = {
  title: 'Narwoo',
  /** what the emulator accepts unless told otherwise, and the environment variables that say so */
  credentials: {
    userEmail: { default: 'satici@kopru.dev', env: 'KOPRU_NARWOO_USER_EMAIL' },
    userPassword: { default: 'kopru-narwoo', env: 'KOPRU_NARWOO_USER_PASSWORD' },
  },
} as const
