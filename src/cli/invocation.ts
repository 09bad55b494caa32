/**
 * How the user runs kopru, so that every command kopru suggests can be pasted as it is printed: in
 * a clone through npm (`npm run kopru -- init`, `npm start`), through npx in a project that
 * installed it (`npx kopru init`), or as an installed command (`kopru init`).
 */

/** `kopru <args>` as the user would type it here, e.g. `npm run kopru -- sync -c shop.yaml`. */
export function kopruCommand(args: string, env: NodeJS.ProcessEnv = process.env): string {
  // npm names the script it runs in npm_lifecycle_event; npx (npm exec) says "npx"
  switch (env.npm_lifecycle_event) {
    case 'kopru':
    case 'start':
      return `npm run kopru -- ${args}`
    case 'npx':
      return `npx kopru ${args}`
    default:
      return `kopru ${args}`
  }
}

/** ` -c <file>` when the configuration is not the default `kopru.yaml`, for suggested commands. */
export function configFlag(file: string): string {
  return file === 'kopru.yaml' ? '' : ` -c ${quoteArg(file)}`
}

/** An argument as a POSIX shell reads it back: quoted only when it needs to be. */
export function quoteArg(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`
}
