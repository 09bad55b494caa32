// `node --import` this to have the child report its modules (hooks.mjs).
import { register } from 'node:module'

register('./hooks.mjs', import.meta.url)
