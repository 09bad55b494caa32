// kopru's dashboard, the part that needs a script: starting runs, following one live (server-sent
// events), retrying and dismissing dead letters, chaos switches and the overview's charts. It talks
// to the same /api/ the pages are rendered from; the token, when there is one, rides in a cookie.
;(() => {
  const body = document.body
  const data = JSON.parse(document.getElementById('page-data').textContent || 'null')
  const numbers = new Intl.NumberFormat('en')
  const num = (n) => (n === undefined || n === null ? '–' : numbers.format(Math.round(n)))
  const withTenant = (path) => {
    const chosen = new URL(location.href).searchParams.get('tenant')
    return chosen
      ? `${path}${path.includes('?') ? '&' : '?'}tenant=${encodeURIComponent(chosen)}`
      : path
  }
  const api = async (method, path, payload) => {
    const response = await fetch(withTenant(`/api${path}`), {
      method,
      headers: payload === undefined ? {} : { 'content-type': 'application/json' },
      body: payload === undefined ? undefined : JSON.stringify(payload),
    })
    const answer = await response.json().catch(() => ({ error: `answer ${response.status}` }))
    if (!response.ok)
      throw Object.assign(new Error(answer.error || `answer ${response.status}`), { answer })
    return answer
  }
  const duration = (ms) => {
    if (ms === undefined || ms === null) return '–'
    if (ms < 1000) return `${Math.round(ms)} ms`
    if (ms < 60000) return `${(ms / 1000).toFixed(1)} s`
    return `${Math.floor(ms / 60000)} min ${Math.round((ms % 60000) / 1000)} s`
  }
  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag)
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v)
    for (const child of children) node.append(child)
    return node
  }

  // filters that apply as soon as they change
  for (const select of document.querySelectorAll('[data-autosubmit]'))
    select.addEventListener('change', () => select.form.requestSubmit())

  // Run / Dry run / Run it for real
  for (const button of document.querySelectorAll('[data-start]'))
    button.addEventListener('click', async () => {
      if (button.dataset.confirm && !confirm(button.dataset.confirm)) return
      button.disabled = true
      try {
        const { launch } = await api('POST', '/runs', {
          pipeline: button.dataset.start,
          dryRun: button.hasAttribute('data-dry'),
        })
        location.href = withTenant(`/launches/${launch.id}`)
      } catch (error) {
        button.disabled = false
        alert(error.message)
      }
    })

  // a run followed live
  if (body.dataset.page === 'launch') {
    const events = new EventSource(withTenant(`/api/launches/${data.launch}/events`))
    const render = (launch) => {
      const field = (name) => document.querySelector(`[data-field="${name}"]`)
      field('state').replaceChildren(el('span', { class: `badge ${launch.state}` }, launch.state))
      field('duration').textContent = duration(
        launch.durationMs ?? Date.now() - Date.parse(launch.startedAt),
      )
      if (launch.runId !== undefined && launch.runId !== null)
        field('run').replaceChildren(
          el('a', { href: withTenant(`/runs/${launch.runId}`) }, `#${launch.runId}`),
        )
      const error = field('error')
      error.hidden = !launch.error
      error.textContent = launch.error || ''
      field('next').hidden = launch.state === 'running'
      const rows = Object.entries(launch.streams).map(([stream, p]) => {
        const c = p.counts
        const eta =
          p.etaSeconds !== undefined && p.etaSeconds !== null
            ? duration(p.etaSeconds * 1000)
            : p.done
              ? 'done'
              : '–'
        return el(
          'tr',
          { 'data-stream': stream },
          el('th', { scope: 'row' }, stream),
          ...['read', 'created', 'updated', 'skipped', 'failed'].map((k) =>
            el('td', { 'data-count': k }, num(c[k])),
          ),
          el('td', {}, `${num(p.rate)}/s`),
          el('td', {}, eta),
        )
      })
      const head = el(
        'thead',
        {},
        el(
          'tr',
          {},
          ...['Stream', 'Read', 'Created', 'Updated', 'Skipped', 'Failed', 'Rate', 'ETA'].map((h) =>
            el('th', { scope: 'col' }, h),
          ),
        ),
      )
      field('streams').replaceChildren(
        el(
          'div',
          { class: 'scroll' },
          el('table', { class: 'counts' }, head, el('tbody', {}, ...rows)),
        ),
      )
      const apis = Object.entries(launch.requests)
      if (apis.length)
        field('requests').replaceChildren(
          el(
            'div',
            { class: 'scroll' },
            el(
              'table',
              { class: 'requests' },
              el(
                'thead',
                {},
                el(
                  'tr',
                  {},
                  ...['Vendor', 'Requests', '429s', 'Retries', '4xx/5xx'].map((h) =>
                    el('th', { scope: 'col' }, h),
                  ),
                ),
              ),
              el(
                'tbody',
                {},
                ...apis.map(([name, t]) =>
                  el(
                    'tr',
                    { 'data-api': name },
                    el('th', { scope: 'row' }, name),
                    el('td', {}, num(t.requests)),
                    el('td', {}, num(t.throttled)),
                    el('td', {}, num(t.retries)),
                    el('td', {}, num(t.failed)),
                  ),
                ),
              ),
            ),
          ),
        )
      if (launch.log.length)
        field('log').replaceChildren(
          el(
            'ol',
            { class: 'log' },
            ...launch.log.map((l) =>
              el(
                'li',
                { class: l.level },
                el('time', { datetime: l.at }, l.at.slice(11, 19)),
                ` ${l.message}`,
              ),
            ),
          ),
        )
      body.dataset.state = launch.state
    }
    events.addEventListener('update', (e) => render(JSON.parse(e.data)))
    events.addEventListener('done', (e) => {
      render(JSON.parse(e.data))
      events.close()
    })
  }

  // dead letters: select, then retry or dismiss after a confirmation
  if (body.dataset.page === 'dead-letters') {
    const boxes = () => [...document.querySelectorAll('tr[data-letter] input[type=checkbox]')]
    const chosen = () =>
      boxes()
        .filter((b) => b.checked)
        .map((b) => Number(b.value))
    const shown = document.querySelector('[data-selected]')
    const outcome = document.querySelector('[data-outcome]')
    const update = () => {
      if (shown)
        shown.textContent = chosen().length ? `${chosen().length} selected` : 'none selected'
    }
    document.querySelector('[data-select-all]')?.addEventListener('change', (e) => {
      for (const box of boxes()) box.checked = e.target.checked
      update()
    })
    for (const box of boxes()) box.addEventListener('change', update)
    for (const button of document.querySelectorAll('[data-letters]'))
      button.addEventListener('click', async () => {
        const ids = chosen()
        const verb = button.dataset.letters
        if (!ids.length)
          return void (outcome.textContent = `Select the dead letters to ${verb} first.`)
        if (
          !confirm(
            `${verb === 'retry' ? 'Send' : 'Dismiss'} ${ids.length} dead letter${ids.length > 1 ? 's' : ''}${verb === 'retry' ? ' again' : ''}?`,
          )
        )
          return
        button.disabled = true
        try {
          const result = await api('POST', `/dead-letters/${verb}`, { ids })
          outcome.textContent =
            verb === 'retry'
              ? [
                  `${num(result.delivered)} delivered`,
                  `${num(result.failed - (result.byHand?.length ?? 0))} still refused`,
                  ...(result.byHand?.length
                    ? [`${num(result.byHand.length)} to check by hand`]
                    : []),
                  ...(result.running?.length
                    ? [`${num(result.running.length)} wait for a running sync`]
                    : []),
                ].join(', ')
              : `${num(result.dismissed.length)} dismissed`
          setTimeout(() => location.reload(), 600)
        } catch (error) {
          outcome.textContent = error.message
          button.disabled = false
        }
      })
  }

  // chaos switches on the emulators page
  for (const form of document.querySelectorAll('form[data-chaos]'))
    form.addEventListener('submit', async (e) => {
      e.preventDefault()
      const value = (name) => Number(form.elements[name].value) || 0
      const status = form.querySelector('[role=status]')
      try {
        await api('PUT', `/emulators/${form.dataset.chaos}/chaos`, {
          errors: { 429: value('429'), 500: value('500') },
          latencyMs: [0, value('latency')],
        })
        status.textContent = 'applied'
      } catch (error) {
        status.textContent = error.message
      }
    })

  // records written per run, per pipeline
  if (body.dataset.page === 'overview' && window.uPlot)
    for (const target of document.querySelectorAll('[data-chart]')) {
      const history = data.history[target.dataset.chart] || []
      if (history.length < 2) {
        target.textContent = history.length ? 'One run so far.' : 'No runs yet.'
        continue
      }
      // one point per run, by its number: runs come at any pace, and their number is what a user
      // follows to the run's page
      const xs = history.map((h) => h.id)
      const ys = history.map((h) => h.written)
      const width = Math.max(260, Math.min(target.clientWidth || 600, 900))
      new window.uPlot(
        {
          width,
          height: 140,
          legend: { show: false },
          scales: { x: { time: false } },
          series: [
            {},
            {
              label: 'written',
              stroke: '#0b5cad',
              fill: 'rgba(11,92,173,.12)',
              points: { show: true },
            },
          ],
          axes: [
            { values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? `#${t}` : '')) },
            { values: (_u, ticks) => ticks.map(num) },
          ],
        },
        [xs, ys],
        target,
      )
    }
})()
