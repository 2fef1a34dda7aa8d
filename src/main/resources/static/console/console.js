// The Telemetry Bridge console: reads and acts through the same actuator endpoints as the
// `clients` command (/actuator/clients, /actuator/backlog, /actuator/prometheus, /actuator/health),
// with the browser's own credentials. Plain DOM code, no framework, nothing loaded from elsewhere.
'use strict';

const api = new URL('../actuator/', location.href);
const $ = id => document.getElementById(id);
let search = { page: 0 };
let shownClient = null;

/** GET or send JSON; the answer's JSON, or null for 404. */
async function call(path, method = 'GET', body = undefined, accept = 'application/json') {
  const options = { method, headers: { Accept: accept } };
  if (body !== undefined) {
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  const response = await fetch(new URL(path, api), options);
  if (response.status === 404) {
    return null;
  }
  if (!response.ok) {
    throw new Error(`${method} ${path}: HTTP ${response.status}`
      + (response.status === 403 ? ' (refused: the admin role is needed)' : ''));
  }
  return response.headers.get('Content-Type')?.includes('json') ? response.json() : response.text();
}

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text ?? '–';
  if (className) {
    td.className = className;
  }
  return td;
}

function clientLink(td, clientId) {
  td.textContent = '';
  const link = document.createElement('a');
  link.href = '#' + encodeURIComponent(clientId);
  link.textContent = clientId;
  link.addEventListener('click', event => { event.preventDefault(); showClient(clientId); });
  td.appendChild(link);
}

function when(instant) {
  if (!instant) {
    return '–';
  }
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(instant)) / 1000));
  const ago = seconds < 120 ? `${seconds} s` : seconds < 7200 ? `${Math.round(seconds / 60)} min`
    : `${Math.round(seconds / 3600)} h`;
  return `${new Date(instant).toLocaleString()} (${ago} ago)`;
}

// --- overview -------------------------------------------------------------------------------------

/** Sums a Prometheus text exposition's samples by metric name (labels summed over). */
function samples(text) {
  const sums = {};
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (match) {
      sums[match[1]] = (sums[match[1]] ?? 0) + Number(match[3]);
      const direction = /direction="(\w+)"/.exec(match[2] ?? '');
      if (direction) { // also by direction: name_in, name_out
        const key = `${match[1]}_${direction[1]}`;
        sums[key] = (sums[key] ?? 0) + Number(match[3]);
      }
    }
  }
  return sums;
}

const FIGURES = [
  ['MQTT connections', m => m.bridge_mqtt_connections],
  ['Sessions connected', m => m.bridge_sessions_connected],
  ['Sessions away', m => m.bridge_sessions - m.bridge_sessions_connected],
  ['Backend', m => (m.bridge_backend_connected === 1 ? 'connected' : 'DOWN'), m => m.bridge_backend_connected !== 1],
  ['In flight', m => m.bridge_mqtt_inflight],
  ['Queued in the bridge', m => m.bridge_mqtt_queued],
  ['Held on the transmit path', m => m.bridge_transmit_waiting],
  ['Messages in', m => m.bridge_mqtt_messages_total_in ?? m.bridge_mqtt_publications_received_total],
  ['Messages out', m => m.bridge_mqtt_messages_total_out ?? m.bridge_mqtt_publications_sent_total],
  ['Dead-lettered', m => m.bridge_transmit_deadlettered_total, m => m.bridge_transmit_deadlettered_total > 0],
  ['Sessions expired', m => m.bridge_sessions_expired_total],
  ['Take-overs', m => m.bridge_mqtt_takeovers_total],
  ['Authentication failures', m => m.bridge_mqtt_authentication_failures_total ?? 0],
];

async function refreshOverview() {
  try {
    const health = await call('health');
    const status = health?.status ?? 'UNKNOWN';
    $('health').textContent = `health ${status}`;
    $('health').className = 'badge ' + (status === 'UP' ? 'up' : 'down');
    const metrics = samples(await call('prometheus', 'GET', undefined, 'text/plain'));
    const figures = $('figures');
    figures.textContent = '';
    for (const [label, value, alarm] of FIGURES) {
      const box = document.createElement('div');
      box.className = 'figure' + (alarm && alarm(metrics) ? ' alarm' : '');
      const shown = value(metrics);
      box.innerHTML = '<div class="value"></div><div class="label"></div>';
      box.firstChild.textContent = typeof shown === 'number' && Number.isFinite(shown) ? shown.toLocaleString()
        : (shown ?? '–');
      box.lastChild.textContent = label;
      box.dataset.figure = label;
      figures.appendChild(box);
    }
    $('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
  } catch (error) {
    $('health').textContent = String(error.message);
    $('health').className = 'badge down';
  }
}

// --- search ---------------------------------------------------------------------------------------

async function runSearch() {
  const query = new URLSearchParams();
  for (const field of ['prefix', 'user', 'address', 'state']) {
    if ($(field).value.trim()) {
      query.set(field, $(field).value.trim());
    }
  }
  query.set('page', search.page);
  query.set('size', $('size').value);
  try {
    const result = await call('clients?' + query);
    const body = $('results').tBodies[0];
    body.textContent = '';
    for (const client of result.clients) {
      const row = body.insertRow();
      row.className = client.state;
      clientLink(cell(row, client.clientId), client.clientId);
      cell(row, client.state);
      cell(row, client.persistent ? 'persistent' : 'clean');
      cell(row, client.address);
      cell(row, client.listener);
      cell(row, client.user);
      cell(row, client.subscriptions, 'num');
      cell(row, client.heldMessages, 'num');
    }
    const pages = Math.max(1, Math.ceil(result.total / result.size));
    $('search-summary').textContent = `${result.total.toLocaleString()} client(s) match`;
    $('page').textContent = `page ${result.page + 1} of ${pages}`;
    $('previous').disabled = result.page === 0;
    $('next').disabled = result.page + 1 >= pages;
  } catch (error) {
    $('search-summary').textContent = error.message;
  }
}

// --- one client -----------------------------------------------------------------------------------

async function showClient(clientId) {
  shownClient = clientId;
  $('detail').hidden = false;
  $('detail-id').textContent = clientId;
  $('action-result').textContent = '';
  const fields = $('detail-fields');
  const subscriptions = $('subscriptions').tBodies[0];
  fields.textContent = '';
  subscriptions.textContent = '';
  let client;
  try {
    client = await call('clients/' + encodeURIComponent(clientId));
  } catch (error) {
    $('action-result').textContent = error.message;
    return;
  }
  if (client === null) {
    fields.textContent = 'No session for this client (purged, expired, or a clean session that ended).';
    setActions(false, false);
    return;
  }
  const c = client.connection;
  const rows = [
    ['State', client.state],
    ['Session', client.persistent ? 'persistent' : 'clean'],
    ['Queue manager name', client.queueManagerName],
    ['Address', c?.remoteAddress],
    ['Listener', c?.listener],
    ['Protocol level', c?.protocolLevel],
    ['Keep-alive', c ? `${c.keepAliveSeconds} s` : null],
    ['Connected since', c ? when(c.connectedSince) : null],
    ['User', c?.userName],
    ['Last packet in', when(client.lastPacketIn)],
    ['Last packet out', when(client.lastPacketOut)],
    ['Away since', when(client.awaySince)],
    ['In flight', client.inflightMessages],
    ['Queued in the bridge', client.queuedMessages],
    ['Held on the transmit path', client.heldMessages],
    ['Waiting for it', client.waitingMessages],
  ];
  for (const [label, value] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = label;
    const dd = document.createElement('dd');
    dd.textContent = value ?? '–';
    dd.dataset.field = label;
    fields.append(dt, dd);
  }
  for (const subscription of client.subscriptions) {
    const row = subscriptions.insertRow();
    cell(row, subscription.filter);
    cell(row, subscription.qos, 'num');
  }
  setActions(client.state === 'connected', true);
}

function setActions(connected, exists) {
  $('disconnect').disabled = !connected;
  $('disconnect-will').disabled = !connected;
  $('purge').disabled = !exists;
}

/** Asks in a dialog; resolves true if the operator confirmed. */
function confirmed(text) {
  return new Promise(resolve => {
    const dialog = $('confirm');
    $('confirm-text').textContent = text;
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.returnValue = '';
    dialog.showModal();
  });
}

async function act(what, request) {
  const clientId = shownClient;
  const result = $('action-result');
  result.className = '';
  try {
    const answer = await request(clientId);
    result.textContent = `${answer.done ? 'Done' : 'Not done'}: ${answer.detail}`
      + (answer.subscriptionsRemoved != null ? `; subscriptions removed: ${answer.subscriptionsRemoved}` : '')
      + (answer.heldMessagesRemoved != null ? `; held messages removed: ${answer.heldMessagesRemoved}` : '');
  } catch (error) {
    result.textContent = `${what} failed: ${error.message}`;
    result.className = 'error';
    return;
  }
  const text = result.textContent;
  await Promise.all([showClient(clientId), runSearch(), refreshBacklog()]);
  result.textContent = text;
}

async function disconnect(will) {
  const how = will ? 'with its will published' : 'without its will';
  if (await confirmed(`Disconnect ${shownClient}, ${how}? Its session stays; the client may reconnect.`)) {
    await act('Disconnect', id => call('clients/' + encodeURIComponent(id), 'POST', { action: 'disconnect', will }));
  }
}

async function purge() {
  if (await confirmed(`Purge the session of ${shownClient}? Its connection is closed without its will, its`
    + ' subscriptions are removed in the backend and the messages waiting for it are removed. This cannot be undone.')) {
    await act('Purge', id => call('clients/' + encodeURIComponent(id), 'DELETE'));
  }
}

// --- backlog --------------------------------------------------------------------------------------

async function refreshBacklog() {
  try {
    const backlog = await call('backlog?limit=20');
    $('backlog-summary').textContent = `${backlog.messages.toLocaleString()} message(s) held for `
      + `${backlog.clients.toLocaleString()} client(s)` + (backlog.clients > backlog.largest.length
        ? `; the ${backlog.largest.length} largest:` : '');
    const body = $('backlog-table').tBodies[0];
    body.textContent = '';
    for (const client of backlog.largest) {
      const row = body.insertRow();
      row.className = client.state;
      const id = cell(row, client.clientId);
      if (client.state !== 'none') {
        clientLink(id, client.clientId);
      }
      cell(row, client.state === 'none' ? 'no session' : client.state);
      cell(row, client.heldMessages, 'num');
    }
  } catch (error) {
    $('backlog-summary').textContent = error.message;
  }
}

// --- wiring ---------------------------------------------------------------------------------------

$('search').addEventListener('submit', event => { event.preventDefault(); search.page = 0; runSearch(); });
$('previous').addEventListener('click', () => { search.page--; runSearch(); });
$('next').addEventListener('click', () => { search.page++; runSearch(); });
$('refresh-detail').addEventListener('click', () => showClient(shownClient));
$('disconnect').addEventListener('click', () => disconnect(false));
$('disconnect-will').addEventListener('click', () => disconnect(true));
$('purge').addEventListener('click', purge);

refreshOverview();
runSearch();
refreshBacklog();
setInterval(() => { refreshOverview(); refreshBacklog(); }, 10000);
if (location.hash.length > 1) {
  showClient(decodeURIComponent(location.hash.substring(1)));
}
