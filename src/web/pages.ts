/**
 * The dashboard's pages, rendered on the server from the same views the API answers (`data.ts`);
 * `assets/dashboard.js` adds what needs a script: starting runs, live progress, retrying and
 * dismissing, chaos switches, the chart.
 */
import { Hono, type Context } from 'hono'
import type { DeadLetterStatus, RunRecord } from '../model/state.ts'
import { ApiError, spaceOf, type DashboardOptions } from './api.ts'
import {
  consentView,
  deadLettersPage,
  emulatorView,
  overview,
  runsPage,
  runView,
  webhooksView,
  written,
  type Space,
} from './data.ts'
import {
  ago,
  badge,
  countsTable,
  duration,
  html,
  json,
  num,
  page,
  raw,
  requestsTable,
  table,
  withTenant,
  type Frame,
  type Fragment,
} from './html.ts'
import type { LaunchView, PlanRow } from './launches.ts'
import { NO_WEBHOOKS } from '../sync/serve.ts'

export function dashboardPages(options: DashboardOptions): Hono {
  const app = new Hono()
  const frame = (c: Context, space: Space, f: Omit<Frame, 'tenant' | 'tenants' | 'emulators'>) =>
    c.html(
      page({
        ...f,
        tenant: space.tenant,
        tenants: options.spaces.map((s) => s.tenant),
        emulators: options.emulators !== undefined,
      }),
    )
  const link = (space: Space, path: string) =>
    withTenant(path, { tenant: space.tenant, tenants: options.spaces.map((s) => s.tenant) })

  app.onError((error, c) => {
    if (!(error instanceof ApiError)) throw error
    return c.html(
      page({
        title: error.status === 404 ? 'Not found' : 'Cannot show this',
        nav: 'overview',
        page: 'error',
        tenant: '',
        tenants: [],
        emulators: options.emulators !== undefined,
        body: html`<p role="alert">${error.message}</p>
          <p><a href="/">Back to the overview</a></p>`,
      }),
      error.status,
    )
  })

  app.get('/', async (c) => {
    const space = spaceOf(options, c)
    const view = await overview(space)
    const body = html` <p class="summary">
        <a href="${link(space, '/dead-letters')}">${num(view.openDeadLetters)} open dead letters</a>
        · ${num(view.pipelines.length)}
        pipelines${space.everySeconds ? html` · every ${duration(space.everySeconds * 1000)}` : ''}
      </p>
      ${view.pipelines.length ? '' : html`<p>No pipeline is enabled in kopru.yaml.</p>`}
      ${view.pipelines.map(
        (p) =>
          html`<section class="pipeline" aria-labelledby="p-${p.name}" data-pipeline="${p.name}">
            <h2 id="p-${p.name}">${p.name}</h2>
            ${p.description ? html`<p class="muted">${p.description}</p>` : ''}
            <dl class="facts">
              <div>
                <dt>Last run</dt>
                <dd>
                  ${p.lastRun ? html`<a href="${link(space, `/runs/${p.lastRun.id}`)}">#${p.lastRun.id}</a> ${badge(p.lastRun.status)}${p.lastRun.dryRun ? ' (dry)' : ''} ${ago(p.lastRun.startedAt)}` : 'never'}
                </dd>
              </div>
              <div>
                <dt>Duration</dt>
                <dd>
                  ${p.lastRun?.finishedAt ? duration(Date.parse(p.lastRun.finishedAt) - Date.parse(p.lastRun.startedAt)) : '–'}
                </dd>
              </div>
              <div>
                <dt>Next run</dt>
                <dd>${p.nextRunAt ? ago(p.nextRunAt) : 'not scheduled'}</dd>
              </div>
              <div>
                <dt>Open dead letters</dt>
                <dd>
                  <a href="${link(space, `/dead-letters?pipeline=${encodeURIComponent(p.name)}`)}"
                    >${num(p.openDeadLetters)}</a
                  >
                </dd>
              </div>
            </dl>
            ${p.running ? html`<p class="running">Running now: <a href="${link(space, `/launches/${p.running.id}`)}">follow it</a></p>` : ''}
            <div class="actions">
              <button type="button" data-start="${p.name}">Run ${p.name}</button>
              <button type="button" class="secondary" data-start="${p.name}" data-dry>
                Dry run
              </button>
            </div>
            ${p.lastRun ? countsTable(p.lastRun.counts) : ''}
            <figure class="chart">
              <div
                class="plot"
                data-chart="${p.name}"
                role="img"
                aria-label="Records written per run, last ${p.history.length} runs"
              ></div>
              <figcaption>Records written per run (last ${p.history.length})</figcaption>
            </figure>
          </section>`,
      )}`
    return frame(c, space, {
      title: 'Overview',
      nav: 'overview',
      page: 'overview',
      body,
      data: { history: Object.fromEntries(view.pipelines.map((p) => [p.name, p.history])) },
    })
  })

  app.get('/runs', async (c) => {
    const space = spaceOf(options, c)
    const pipeline = c.req.query('pipeline') || undefined
    const before = c.req.query('before') ? Number(c.req.query('before')) : undefined
    if (before !== undefined && !Number.isSafeInteger(before))
      throw new ApiError(400, 'before: a run id')
    const { runs, older } = await runsPage(space, { pipeline, before })
    const names = space.pipelines().map((p) => p.name)
    const body = html` <form method="get" class="filters">
        <label
          >Pipeline
          <select name="pipeline" data-autosubmit>
            <option value="">all</option>
            ${names.map((n) => html`<option${raw(n === pipeline ? ' selected' : '')}>${n}</option>`)}
          </select></label
        >${space.tenant !== options.spaces[0]?.tenant ? html`<input type="hidden" name="tenant" value="${space.tenant}" />` : ''}
      </form>
      ${runs.length ? runsTable(space, runs) : html`<p>No runs yet.</p>`}
      ${older !== undefined ? html`<p><a rel="next" href="${link(space, `/runs?${pipeline ? `pipeline=${encodeURIComponent(pipeline)}&` : ''}before=${older}`)}">Older runs →</a></p>` : ''}`
    return frame(c, space, { title: 'Runs', nav: 'runs', page: 'runs', body })
  })

  const runsTable = (space: Space, runs: RunRecord[]) =>
    table(
      ['Run', 'Pipeline', 'Status', 'Started', 'Duration', 'Written', 'Failed'],
      runs.map(
        (r) =>
          html`<tr>
            <td><a href="${link(space, `/runs/${r.id}`)}">#${r.id}</a></td>
            <td>${r.pipeline}${r.dryRun ? ' (dry)' : ''}</td>
            <td>${badge(r.status)}</td>
            <td>${ago(r.startedAt)}</td>
            <td>
              ${r.finishedAt ? duration(Date.parse(r.finishedAt) - Date.parse(r.startedAt)) : '–'}
            </td>
            <td>${num(written(r.counts))}</td>
            <td>${num(Object.values(r.counts).reduce((n, s) => n + s.failed, 0))}</td>
          </tr>`,
      ),
    )

  app.get('/runs/:id', async (c) => {
    const space = spaceOf(options, c)
    const id = Number(c.req.param('id'))
    const run = Number.isSafeInteger(id) ? await runView(space, id) : undefined
    if (!run) throw new ApiError(404, `no run ${c.req.param('id')}`)
    const launch = space.launches.byRun(id)
    if (launch?.state === 'running') return c.redirect(link(space, `/launches/${launch.id}`))
    const body = html` <dl class="facts">
        <div>
          <dt>Pipeline</dt>
          <dd>${run.pipeline}${run.dryRun ? ' (dry run)' : ''}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>${badge(run.status)}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>${ago(run.startedAt)}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>
            ${run.finishedAt ? duration(Date.parse(run.finishedAt) - Date.parse(run.startedAt)) : '–'}
          </dd>
        </div>
      </dl>
      ${run.error ? html`<p role="alert" class="error">${run.error}</p>` : ''}
      ${run.countsFrom === 'commits' ? html`<p class="muted">This run did not finish: the counts are what its committed batches wrote.</p>` : ''}
      <h2>Streams</h2>
      ${countsTable(run.counts)}
      <h2>Requests per vendor</h2>
      ${requestsTable(run.requests ?? launch?.requests)}
      ${
        launch
          ? html`<h2>Log</h2>
              ${logList(launch)}`
          : html`<p class="muted">Log lines are kept for runs started from this dashboard.</p>`
      }
      <div class="actions">
        <button type="button" data-start="${run.pipeline}">Run ${run.pipeline} again</button>
        <button type="button" class="secondary" data-start="${run.pipeline}" data-dry>
          Dry run
        </button>
      </div>`
    return frame(c, space, { title: `Run #${run.id}`, nav: 'runs', page: 'run', body })
  })

  app.get('/launches/:id', (c) => {
    const space = spaceOf(options, c)
    const launch = launchOf(space, c.req.param('id'))
    return frame(c, space, {
      title: `${launch.dryRun ? 'Dry run' : 'Run'} of ${launch.pipeline}`,
      nav: 'runs',
      page: 'launch',
      body: launchBody(space, launch),
      data: { launch: launch.id },
    })
  })

  app.get('/launches/:id/diff', async (c) => {
    const space = spaceOf(options, c)
    const launch = launchOf(space, c.req.param('id'))
    const offset = Math.max(0, Number(c.req.query('offset') ?? 0) || 0)
    const stream = c.req.query('stream') || undefined
    const plan = (await space.launches.plan(launch.id, {
      ...(stream ? { stream } : {}),
      offset,
      limit: 50,
    }))!
    const streams = Object.keys(launch.planned)
    const next = offset + plan.rows.length < plan.kept ? offset + plan.rows.length : undefined
    const body = html` <p class="summary">
        ${launch.state === 'running' ? 'Still planning… ' : ''}${num(plan.total)} records would be
        written${stream ? html` by ${stream}` : ''}:
        ${streams.map((s) => html`<span class="chip">${s}: ${num(launch.planned[s]!.create)} new, ${num(launch.planned[s]!.update)} changed${launch.planned[s]!.remove ? `, ${num(launch.planned[s]!.remove)} removed` : ''}</span> `)}
      </p>
      <form method="get" class="filters">
        <label
          >Stream
          <select name="stream" data-autosubmit>
            <option value="">all</option>
            ${streams.map((s) => html`<option${raw(s === stream ? ' selected' : '')}>${s}</option>`)}
          </select></label
        >
      </form>
      <div class="actions">
        <button
          type="button"
          data-start="${launch.pipeline}"
          data-confirm="Run ${launch.pipeline} for real? It writes to the vendors."
        >
          Run it for real
        </button>
      </div>
      ${
        launch.planDropped
          ? html`<p role="alert">
              This dry run's records were let go to keep newer ones: run it again to see them.
            </p>`
          : plan.rows.length
            ? plan.rows.map(diffRow)
            : plan.total
              ? ''
              : html`<p>Nothing would be written: everything is as it was delivered.</p>`
      }
      ${plan.kept < plan.total ? html`<p class="muted">The first ${num(plan.kept)} records are kept for this view.</p>` : ''}
      ${next !== undefined ? html`<p><a rel="next" href="${link(space, `/launches/${launch.id}/diff?${stream ? `stream=${encodeURIComponent(stream)}&` : ''}offset=${next}`)}">Next records →</a></p>` : ''}`
    return frame(c, space, {
      title: `What ${launch.pipeline} would write`,
      nav: 'runs',
      page: 'diff',
      body,
    })
  })

  app.get('/dead-letters', async (c) => {
    const space = spaceOf(options, c)
    const status = (c.req.query('status') || 'open') as DeadLetterStatus
    if (!['open', 'resolved', 'dismissed'].includes(status))
      throw new ApiError(400, 'status: open, resolved or dismissed')
    const filter = {
      status,
      pipeline: c.req.query('pipeline') || undefined,
      vendor: c.req.query('vendor') || undefined,
      code: c.req.query('code') || undefined,
      after: c.req.query('after') ? Number(c.req.query('after')) || undefined : undefined,
    }
    const view = await deadLettersPage(space, filter)
    const select = (
      name: string,
      label: string,
      counts: Record<string, number>,
      current?: string,
      describe?: (k: string) => string,
    ) =>
      html`<label
        >${label}
        <select name="${name}" data-autosubmit>
          <option value="">all</option>
          ${Object.entries(counts).map(([k, n]) => html`<option value="${k}" ${raw(k === current ? ' selected' : '')}>${k}${describe?.(k) ? ` ${describe(k)}` : ''} (${num(n)})</option>`)}
        </select></label
      >`
    const query = new URLSearchParams(
      Object.entries(filter).filter(([k, v]) => v !== undefined && k !== 'after') as [
        string,
        string,
      ][],
    )
    const body = html` <form method="get" class="filters">
        <label
          >Status
          <select name="status" data-autosubmit>
            ${['open', 'resolved', 'dismissed'].map((s) => html`<option${raw(s === status ? ' selected' : '')}>${s}</option>`)}
          </select></label
        >
        ${select('pipeline', 'Pipeline', view.facets.pipeline, filter.pipeline)}
        ${select('vendor', 'Vendor', view.facets.vendor, filter.vendor)}
        ${select('code', 'Vendor code', view.facets.code, filter.code, (k) => (view.codes[k] ? `“${view.codes[k]}”` : ''))}
        ${space.tenant !== options.spaces[0]?.tenant ? html`<input type="hidden" name="tenant" value="${space.tenant}" />` : ''}
        <noscript><button>Filter</button></noscript>
      </form>
      <p class="summary">
        ${filter.pipeline || filter.vendor || filter.code ? html`${num(view.matching)} match, of ` : ''}${num(view.total)}
        ${status} dead letters in all
      </p>
      ${
        view.letters.length
          ? html`${
              status === 'open'
                ? html`<div class="actions" role="group" aria-label="With the selected">
                    <button type="button" data-letters="retry">Retry selected</button>
                    <button type="button" class="secondary" data-letters="dismiss">
                      Dismiss selected
                    </button>
                    <span class="muted" data-selected>none selected</span>
                  </div>`
                : ''
            }
            ${table(
              [
                status === 'open' &&
                  html`<input
                    type="checkbox"
                    data-select-all
                    aria-label="Select all on this page"
                  />`,
                '#',
                'Pipeline / stream',
                'Record',
                'Vendor',
                'Code',
                'Message',
                'Tries',
                'Last',
              ],
              view.letters.map(
                (d) =>
                  html`<tr data-letter="${d.id}">
                    ${status === 'open' ? html`<td><input type="checkbox" value="${d.id}" aria-label="Select dead letter ${d.id}" /></td>` : ''}
                    <td>${d.id}</td>
                    <td>${d.pipeline} / ${d.stream}</td>
                    <td>
                      <details>
                        <summary>${d.key}</summary>
                        ${json(d.record)}
                      </details>
                    </td>
                    <td>${d.vendor ?? '–'}</td>
                    <td>
                      ${d.code ? html`<code>${d.code}</code>` : '–'}${d.explanation ? html`<br /><span class="muted">${d.explanation}</span>` : ''}
                    </td>
                    <td>${d.reason}</td>
                    <td>${num(d.attempts)}</td>
                    <td>${ago(d.lastAt)}</td>
                  </tr>`,
              ),
              'letters',
            )}
            ${view.next !== undefined ? html`<p><a rel="next" href="${link(space, `/dead-letters?${query.toString()}${query.size ? '&' : ''}after=${view.next}`)}">Next page →</a></p>` : ''}`
          : html`<p>
              No ${status} dead
              letters${filter.pipeline || filter.vendor || filter.code ? ' match these filters' : ''}.
            </p>`
      }
      <p role="status" aria-live="polite" data-outcome></p>`
    return frame(c, space, {
      title: 'Dead letters',
      nav: 'dead-letters',
      page: 'dead-letters',
      body,
    })
  })

  app.get('/consent', async (c) => {
    const space = spaceOf(options, c)
    const address = c.req.query('address')?.trim()
    const view = address ? await consentView(space, address) : undefined
    const body = html` <form method="get" class="lookup" role="search">
        <label for="address">E-mail address or GSM number</label>
        <input
          id="address"
          name="address"
          type="search"
          value="${address ?? ''}"
          placeholder="ayse@example.com or 0532 123 45 67"
          required
        />
        ${space.tenant !== options.spaces[0]?.tenant ? html`<input type="hidden" name="tenant" value="${space.tenant}" />` : ''}
        <button>Look up</button>
      </form>
      ${address && !view ? html`<p role="alert">“${address}” is neither an e-mail address nor a GSM number.</p>` : ''}
      ${view ? consentBody(view) : ''}`
    return frame(c, space, { title: 'Consent', nav: 'consent', page: 'consent', body })
  })

  app.get('/webhooks', (c) => {
    const space = spaceOf(options, c)
    const view = webhooksView(options)
    const body = !view
      ? html`<p>${NO_WEBHOOKS}.</p>`
      : html` <dl class="facts">
            ${Object.entries(view.counts).map(
              ([k, n]) =>
                html`<div>
                  <dt>${k}</dt>
                  <dd>${num(n)}</dd>
                </div>`,
            )}
          </dl>
          <h2>Events received</h2>
          ${
            view.events.length
              ? table(
                  ['Received', 'Person', 'Said', 'Ledger', 'Applied by'],
                  [...view.events].reverse().map(
                    (e) =>
                      html`<tr>
                        <td>${ago(e.receivedAt)}</td>
                        <td>
                          <a
                            href="${link(space, `/consent?address=${encodeURIComponent(e.event.person)}`)}"
                            >${e.event.person}</a
                          >
                        </td>
                        <td>${e.event.channel} ${e.event.status} (${e.event.reason})</td>
                        <td>${e.recorded ? 'recorded' : 'known already'}</td>
                        <td>
                          ${e.appliedByRun !== undefined ? html`<a href="${link(space, `/runs/${e.appliedByRun}`)}">run #${e.appliedByRun}</a> ${badge(e.appliedStatus ?? '')}` : e.recorded ? 'waiting' : '–'}
                        </td>
                      </tr>`,
                  ),
                )
              : html`<p class="muted">None since this server started.</p>`
          }
          <h2>Refused payloads</h2>
          ${
            view.rejected.length
              ? [...view.rejected].reverse().map(
                  (r) =>
                    html`<details>
                      <summary>${ago(new Date(r.receivedAt).toISOString())}: ${r.reason}</summary>
                      <pre>${r.body}</pre>
                    </details>`,
                )
              : html`<p class="muted">None.</p>`
          }`
    return frame(c, space, { title: 'Webhooks', nav: 'webhooks', page: 'webhooks', body })
  })

  app.get('/emulators', (c) => {
    const space = spaceOf(options, c)
    if (!options.emulators)
      throw new ApiError(404, 'no emulators here: kopru serve --emulate runs them')
    const views = options.emulators.map((e) => emulatorView(e.emulator, e.baseUrl))
    const body = html`${views.map(
      (e) =>
        html`<section class="emulator" aria-labelledby="e-${e.name}" data-emulator="${e.name}">
          <h2 id="e-${e.name}">${e.name}</h2>
          <p><code>${e.baseUrl}</code> · ${num(e.logged)} requests in its log</p>
          <dl class="facts">
            ${Object.entries(e.state).map(
              ([k, n]) =>
                html`<div>
                  <dt>${k}</dt>
                  <dd>${num(n)}</dd>
                </div>`,
            )}
          </dl>
          <form class="chaos" data-chaos="${e.name}">
            <fieldset>
              <legend>Chaos</legend>
              <label
                >429 share
                <input
                  name="429"
                  type="number"
                  min="0"
                  max="1"
                  step="0.05"
                  value="${(e.chaos as { errors: Record<string, number> }).errors['429'] ?? 0}"
              /></label>
              <label
                >500 share
                <input
                  name="500"
                  type="number"
                  min="0"
                  max="1"
                  step="0.05"
                  value="${(e.chaos as { errors: Record<string, number> }).errors['500'] ?? 0}"
              /></label>
              <label
                >Latency ms
                <input
                  name="latency"
                  type="number"
                  min="0"
                  step="10"
                  value="${(e.chaos as { latencyMs: number[] }).latencyMs[1]}"
              /></label>
              <button>Apply</button> <span role="status" aria-live="polite"></span>
            </fieldset>
          </form>
          <details>
            <summary>Recent requests</summary>
            ${table(
              ['When', 'Operation', 'Status', 'ms'],
              e.requests.map(
                (r) =>
                  html`<tr>
                    <td>${ago(r.at)}</td>
                    <td>${r.operationId ?? `${r.method} ${r.path}`}</td>
                    <td>${r.status}${r.chaos ? ` (${r.chaos})` : ''}</td>
                    <td>${num(r.durationMs)}</td>
                  </tr>`,
              ),
            )}
          </details>
        </section>`,
    )}`
    return frame(c, space, { title: 'Emulators', nav: 'emulators', page: 'emulators', body })
  })

  return app

  function launchBody(space: Space, launch: LaunchView): Fragment {
    const counts = Object.fromEntries(Object.entries(launch.streams).map(([s, p]) => [s, p.counts]))
    return html`<div data-live>
      <dl class="facts">
        <div>
          <dt>Status</dt>
          <dd data-field="state">${badge(launch.state)}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>${ago(launch.startedAt)}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd data-field="duration">${duration(launch.durationMs)}</dd>
        </div>
        <div>
          <dt>Run</dt>
          <dd data-field="run">
            ${launch.runId !== undefined ? html`<a href="${link(space, `/runs/${launch.runId}`)}">#${launch.runId}</a>` : launch.dryRun ? 'dry: nothing is recorded' : '–'}
          </dd>
        </div>
      </dl>
      <p role="alert" class="error" data-field="error" ${raw(launch.error ? '' : ' hidden')}>
        ${launch.error ?? ''}
      </p>
      <h2>Streams</h2>
      <div data-field="streams">
        ${countsTable(counts, {
          headers: ['Rate', 'ETA'],
          cells: (s) => [
            `${num(launch.streams[s]!.rate)}/s`,
            launch.streams[s]!.etaSeconds !== undefined
              ? duration(launch.streams[s]!.etaSeconds! * 1000)
              : launch.streams[s]!.done
                ? 'done'
                : '–',
          ],
        })}
      </div>
      <div class="actions" data-field="next" ${raw(launch.state === 'running' ? ' hidden' : '')}>
        ${launch.dryRun ? html`<a class="button" href="${link(space, `/launches/${launch.id}/diff`)}">See what it would write</a> <button type="button" data-start="${launch.pipeline}" data-confirm="Run ${launch.pipeline} for real? It writes to the vendors.">Run it for real</button>` : html`<button type="button" data-start="${launch.pipeline}">Run again</button>`}
      </div>
      <h2>Requests per vendor</h2>
      <div data-field="requests">${requestsTable(launch.requests)}</div>
      <h2>Log</h2>
      <div data-field="log">${logList(launch)}</div>
    </div>`
  }
}

function logList(launch: LaunchView): Fragment {
  if (!launch.log.length) return html`<p class="muted">Nothing logged.</p>`
  return html`<ol class="log">
    ${launch.log.map((l) => html`<li class="${l.level}"><time datetime="${l.at}">${l.at.slice(11, 19)}</time> ${l.message}</li>`)}
  </ol>`
}

function diffRow(row: PlanRow): Fragment {
  const show = (v: unknown) =>
    v === undefined
      ? html`<span class="muted">—</span>`
      : typeof v === 'string'
        ? v
        : JSON.stringify(v)
  return html`<section class="diff ${row.action}" data-key="${row.key}">
    <h3><span class="badge ${row.action}">${row.action}</span> ${row.stream}: ${row.key}</h3>
    ${table(
      ['Field', 'Delivered last', 'Would send'],
      row.changes.map(
        (ch) =>
          html`<tr>
            <th scope="row"><code>${ch.path}</code></th>
            <td class="before">${show(ch.before)}</td>
            <td class="after">${show(ch.after)}</td>
          </tr>`,
      ),
    )}
    ${row.unchanged ? html`<p class="muted">${num(row.unchanged)} fields unchanged</p>` : ''}
  </section>`
}

function consentBody(view: NonNullable<Awaited<ReturnType<typeof consentView>>>): Fragment {
  const channels = Object.entries(view.verdicts)
  return html`<h2>${view.person}</h2>
    ${
      channels.length
        ? html`<dl class="facts">
            ${channels.map(
              ([channel, v]) =>
                html`<div data-channel="${channel}">
                  <dt>${channel}</dt>
                  <dd>${badge(v!.status)}</dd>
                </div>`,
            )}
          </dl>`
        : html`<p>Nothing is known of ${view.person}: no tool has said anything.</p>`
    }
    ${
      view.entries.length
        ? table(
            ['#', 'Tool', 'Channel', 'Said', 'Why', 'Source', 'When', 'Recorded'],
            view.entries.map(
              (e) =>
                html`<tr>
                  <td>${e.seq}</td>
                  <td>${e.tool}</td>
                  <td>${e.channel}</td>
                  <td>${badge(e.status)}</td>
                  <td>${e.reason}</td>
                  <td>${e.source ?? '–'}</td>
                  <td>${ago(e.at)}</td>
                  <td>${ago(e.recordedAt)}</td>
                </tr>`,
            ),
            'ledger',
          )
        : ''
    }`
}

function launchOf(space: Space, text: string): LaunchView {
  const id = Number(text)
  const launch = Number.isSafeInteger(id) ? space.launches.get(id) : undefined
  if (!launch)
    throw new ApiError(404, `no launch ${text} (launches are kept while kopru serve runs)`)
  return launch
}
