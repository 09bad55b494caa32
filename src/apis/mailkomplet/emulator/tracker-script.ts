/**
 * The tracking script a shop page includes (the vendor's `tracker.mail-komplet.cz/tracker.js?
 * instance=<id>`), served by the emulator at `/tracker.js`, and the route it reports to. The
 * script keeps a visitor id in localStorage and posts each call as text/plain JSON (a simple
 * request: no CORS preflight); each function returns a promise of whether the report was taken.
 */
import { readLimited } from '../../../emulator/inputs.ts'
import { ErrorReply, type SideRoute } from '../../../emulator/types.ts'
import { trackerReport, track } from './carts.ts'
import type { Sim } from './delivery.ts'
import type { MailKompletStore } from './store.ts'
import type { MailKompletSwitches } from './switches.ts'

export const TRACKER_PATH = '/tracker.js'
export const TRACKER_EVENTS_PATH = '/tracker/events'
const MAX_REPORT_BYTES = 256 * 1024

const script = `/* kopru's Mail Komplet tracker emulation: MkTracker with the seed's six functions */
(function () {
  var current = document.currentScript;
  var src = new URL(current ? current.src : location.href);
  var instance = src.searchParams.get('instance') || '';
  var endpoint = src.origin + '${TRACKER_EVENTS_PATH}';
  var key = 'mkTrackerVisitor';
  var visitorId = null;
  try { visitorId = localStorage.getItem(key); } catch (e) {}
  if (!visitorId) {
    visitorId = 'v' + Date.now().toString(36) + Math.random().toString(36).slice(2, 12);
    try { localStorage.setItem(key, visitorId); } catch (e) {}
  }
  function report(action, fields) {
    fields.action = action;
    fields.instance = instance;
    fields.visitorId = visitorId;
    return fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify(fields),
      keepalive: true,
    }).then(function (r) { return r.ok; }, function () { return false; });
  }
  window.MkTracker = {
    updateBasketContent: function (items) { return report('updateBasketContent', { items: items }); },
    addBasketItem: function (item) { return report('addBasketItem', { item: item }); },
    removeBasketItem: function (item) { return report('removeBasketItem', { item: item }); },
    sessionCompleted: function (orderId, email) { return report('sessionCompleted', { orderId: orderId, email: email || null }); },
    identifyVisitor: function (email) { return report('identifyVisitor', { email: email }); },
    pushEvent: function (eventName, customData) { return report('pushEvent', { eventName: eventName, customData: customData || null }); },
    visitorId: visitorId,
  };
})();
`

const cors = { 'access-control-allow-origin': '*' }

function answer(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...cors, 'content-type': 'application/json; charset=utf-8' },
  })
}

export const trackerRoutes: readonly SideRoute<MailKompletStore, MailKompletSwitches>[] = [
  {
    method: 'GET',
    path: TRACKER_PATH,
    handle: () =>
      new Response(script, {
        headers: {
          ...cors,
          'content-type': 'text/javascript; charset=utf-8',
          'cache-control': 'no-cache',
        },
      }),
  },
  {
    method: 'POST',
    path: TRACKER_EVENTS_PATH,
    handle: async (ctx) => {
      const text = await readLimited(ctx.request, MAX_REPORT_BYTES)
      if (text === undefined) return answer({ message: 'report too large' }, 413)
      let value: unknown
      try {
        value = JSON.parse(text)
      } catch {
        return answer({ message: 'not JSON' }, 400)
      }
      const parsed = trackerReport.safeParse(value)
      if (!parsed.success)
        return answer(
          {
            message: 'invalid report',
            errors: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
          },
          400,
        )
      const sim: Sim = {
        store: ctx.state,
        switches: ctx.switches,
        now: ctx.now,
        emit: (event, payload) => ctx.emit(event, payload),
      }
      try {
        const cart = track(sim, parsed.data)
        return answer({ ok: true, cartId: cart.cartId })
      } catch (error) {
        if (error instanceof ErrorReply)
          return answer({ message: (error as { detail?: string }).detail ?? 'refused' }, 400)
        throw error
      }
    },
  },
]
