/** Every operation's handler, by id: the compiler names a missing one. */
import { audienceHandlers, type MkHandlers } from './handlers-audience.ts'
import { mailingHandlers } from './handlers-mailing.ts'
import { sendingHandlers } from './handlers-sending.ts'

export const mailkompletHandlers: MkHandlers = {
  ...audienceHandlers,
  ...mailingHandlers,
  ...sendingHandlers,
}
