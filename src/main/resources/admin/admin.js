// The Xakia admin page. It works only through the admin API (/admin/api) with the admin token the admin
// types in (the operator's, or an organization admin's); the token lives in sessionStorage (this tab only),
// never in a URL. Data is put on the page with textContent only, so nothing the API returns is ever parsed as
// HTML. What a token may see is decided by the API; the page only leaves out what would answer 404.
'use strict';

const TOKEN_KEY = 'xakia.adminToken';
const POLL_MS = 2000;
const TABS = ['identity', 'users', 'audit'];
const AUDIT_PAGE_SIZE = 20;

const XAKIA_LOCATION = 'urn:ietf:params:scim:schemas:extension:xakia:2.0:User:location';

const state = {
  session: null,       // GET /me: {role: "operator"} or {role: "organization", organizationId, tokenId}
  organizations: [],
  organization: null,  // the organization shown (the organization view), or null
  orgNewKey: null,     // the organization key just generated: shown once, kept only in memory
  routingRows: [],     // the routing table as edited: [{value, locationId}]
  locations: [],
  selected: null,      // the selected location
  users: [],
  tab: 'identity',
  newKey: null,        // the key just generated for the selected location: shown once, kept only in memory
  pollTimer: null,
  audit: { startIndex: 1, from: '', to: '', loads: 0 }, // the audit page shown and the time filter applied
};

const $ = (id) => document.getElementById(id);

// ---- the admin API ------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const PROVIDERS = { okta: 'Okta', entra: 'Microsoft Entra ID' };

async function api(method, path, body) {
  const headers = { Authorization: 'Bearer ' + sessionStorage.getItem(TOKEN_KEY) };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch('/admin/api' + path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store',
  });
  const json = await response.json().catch(() => ({}));
  if (response.status === 401) {
    signOut('Your session ended: the admin token was not accepted. Sign in again.');
    throw new ApiError(401, json.error || 'Not signed in.');
  }
  if (!response.ok) {
    throw new ApiError(response.status, json.error || 'The request failed (' + response.status + ').');
  }
  return json;
}

// ---- small helpers ------------------------------------------------------------------------------------

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value !== null && value !== undefined && value !== false) {
      node.setAttribute(name, value === true ? '' : value);
    }
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      node.append(child);
    }
  }
  return node;
}

function when(iso, timeStyle) {
  return iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: timeStyle || 'short' }) : '';
}

let announceTimer = null;

function announce(message) {
  const status = $('status');
  status.textContent = '';
  window.clearTimeout(announceTimer);
  // a fresh text node, so screen readers announce the same message twice in a row too; then it fades
  window.setTimeout(() => { status.textContent = message; }, 50);
  announceTimer = window.setTimeout(() => { status.textContent = ''; }, 5000);
}

function fullName(user) {
  const name = [user.givenName, user.familyName].filter(Boolean).join(' ');
  return name || user.userName;
}

async function copy(inputId, what) {
  const input = $(inputId);
  try {
    await navigator.clipboard.writeText(input.value);
  } catch (e) {
    input.select();
    document.execCommand('copy');
  }
  announce(what + ' copied to the clipboard.');
}

// ---- signing in and out -------------------------------------------------------------------------------

async function signIn(event) {
  event.preventDefault();
  const token = $('token').value.trim();
  $('signin-error').textContent = '';
  if (!token) {
    $('signin-error').textContent = 'Enter the admin token.';
    $('token').focus();
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, token);
  try {
    await loadEverything();
    $('token').value = '';
    showApp();
    await showStartView();
  } catch (e) {
    sessionStorage.removeItem(TOKEN_KEY);
    showSignIn();
    $('signin-error').textContent = e.status === 401
      ? 'That admin token was not accepted.' : 'Could not reach the service: ' + e.message;
    $('token').focus();
  }
}

function signOut(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  stopPolling();
  state.session = null;
  state.organization = null;
  state.orgNewKey = null;
  state.selected = null;
  state.newKey = null;
  $('organization').hidden = true;
  $('location').hidden = true;
  state.audit = { startIndex: 1, from: '', to: '', loads: state.audit.loads };
  $('audit-filter').reset();
  showSignIn();
  $('signin-error').textContent = typeof message === 'string' ? message : '';
  if (typeof message !== 'string') {
    announce('Signed out.');
  }
}

function showSignIn() {
  $('app').hidden = true;
  $('sign-out').hidden = true;
  $('signin').hidden = false;
  $('token').focus();
}

function showApp() {
  $('signin').hidden = true;
  $('app').hidden = false;
  $('sign-out').hidden = false;
  $('main').focus();
}

// What the token is, and everything it may see.
async function loadEverything() {
  state.session = await api('GET', '/me');
  await loadLocations();
  await loadOrganizations();
  // an organization admin cannot create locations: the form would only answer 404
  $('create-location').hidden = !isOperator();
}

function isOperator() {
  return Boolean(state.session) && state.session.role === 'operator';
}

// An organization admin starts in the organization view; the operator picks a location or an organization.
async function showStartView() {
  if (!isOperator()) {
    await selectOrganization(state.session.organizationId);
  }
}

// ---- organizations ------------------------------------------------------------------------------------

async function loadOrganizations() {
  state.organizations = (await api('GET', '/organizations')).organizations;
  renderOrganizations();
}

function renderOrganizations() {
  $('organization-list').replaceChildren(...state.organizations.map((organization) => {
    const current = state.organization && state.organization.id === organization.id && !$('organization').hidden;
    const button = el('button', { type: 'button', class: 'location', 'aria-current': current ? 'true' : null },
      organization.name);
    button.addEventListener('click', () => selectOrganization(organization.id));
    return el('li', {}, button);
  }));
  $('no-organizations').hidden = state.organizations.length > 0;
}

async function selectOrganization(id) {
  if (!state.organization || state.organization.id !== id) {
    state.orgNewKey = null;
  }
  state.organization = await api('GET', '/organizations/' + id);
  state.routingRows = routingRowsOf(state.organization.routing);
  stopPolling();
  state.selected = null;
  $('location').hidden = true;
  renderOrganization();
  renderRouting();
  $('organization').hidden = false;
  renderLocations();
  renderOrganizations();
}

function routingRowsOf(routing) {
  return routing ? Object.entries(routing.locations).map(([value, locationId]) => ({ value, locationId })) : [];
}

function locationsOf(organization) {
  return state.locations.filter((location) => organization.locationIds.includes(location.id));
}

function renderOrganization() {
  const organization = state.organization;
  $('organization-title').textContent = organization.name;
  $('org-scim-base-uri').value = organization.scimBaseUri;
  const key = organization.scimKey;
  $('org-key-info').textContent = keyInfo(key);
  if (key) {
    $('org-key-provider').value = key.identityProvider;
  }
  $('org-new-key').hidden = !state.orgNewKey;
  $('org-api-key').value = state.orgNewKey || '';
  $('org-confirm-key').hidden = true;
  document.querySelectorAll('.org-value-base').forEach((node) => { node.textContent = organization.scimBaseUri; });
  document.querySelectorAll('.org-value-key').forEach((node) => {
    node.textContent = state.orgNewKey || '<the organization API key you generated>';
  });
  renderSetUpSteps();
  $('org-location-list').replaceChildren(...locationsOf(organization).map((location) => {
    const button = el('button', { type: 'button', class: 'location', 'aria-label': 'Open location ' + location.name },
      location.name);
    button.addEventListener('click', () => selectLocation(location.id));
    return el('li', {}, button);
  }));
}

// The set-up steps name the routing attribute as saved, and the values the identity provider must send.
function renderSetUpSteps() {
  const routing = state.organization.routing;
  const attribute = routing ? routing.attribute : XAKIA_LOCATION;
  const xakia = attribute.toLowerCase() === XAKIA_LOCATION.toLowerCase();
  document.querySelectorAll('.when-xakia').forEach((node) => { node.hidden = !xakia; });
  document.querySelectorAll('.when-other').forEach((node) => { node.hidden = xakia; });
  document.querySelectorAll('.org-value-attribute').forEach((node) => { node.textContent = attribute; });
  const values = routing ? Object.keys(routing.locations) : [];
  document.querySelectorAll('.org-value-values').forEach((node) => {
    node.textContent = values.length ? values.join(', ') : 'none yet (add them under Routing)';
  });
}

// ---- routing table ------------------------------------------------------------------------------------

function locationOptions(selected, emptyLabel) {
  const options = locationsOf(state.organization).map((location) =>
    el('option', { value: location.id, selected: location.id === selected }, location.name));
  return emptyLabel === null ? options : [el('option', { value: '', selected: !selected }, emptyLabel), ...options];
}

function renderRouting() {
  const routing = state.organization.routing;
  $('routing-attribute').value = routing ? routing.attribute : XAKIA_LOCATION;
  renderRoutingRows();
  $('routing-default').replaceChildren(...locationOptions(routing ? routing.default : null,
    'None: refuse a value that matches nothing'));
  $('routing-error').textContent = '';
}

function renderRoutingRows() {
  $('routing-rows').replaceChildren(...state.routingRows.map((row, index) => {
    const n = index + 1;
    const value = el('input', { value: row.value, 'aria-label': 'Routing value ' + n, spellcheck: 'false', maxlength: '200' });
    value.addEventListener('input', () => { row.value = value.value; });
    const location = el('select', { 'aria-label': 'Location for routing value ' + n },
      ...locationOptions(row.locationId, row.locationId ? null : 'Choose a location'));
    location.addEventListener('change', () => { row.locationId = location.value; });
    const remove = el('button', { type: 'button', class: 'secondary small', 'aria-label': 'Remove routing value ' + n },
      'Remove');
    remove.addEventListener('click', () => {
      state.routingRows.splice(index, 1);
      renderRoutingRows();
      $('routing-add').focus();
    });
    return el('tr', {},
      el('td', { 'data-label': 'Value' }, value),
      el('td', { 'data-label': 'Location' }, location),
      el('td', { class: 'actions' }, remove));
  }));
  $('routing-empty').hidden = state.routingRows.length > 0;
}

function addRoutingRow() {
  state.routingRows.push({ value: '', locationId: '' });
  renderRoutingRows();
  $('routing-rows').querySelector('tr:last-child input').focus();
}

async function saveRouting(event) {
  event.preventDefault();
  $('routing-error').textContent = '';
  const locations = {};
  for (const [index, row] of state.routingRows.entries()) {
    const value = row.value.trim();
    if (!value || !row.locationId) {
      $('routing-error').textContent = 'Routing value ' + (index + 1) + ' needs a value and a location.';
      $('routing-rows').querySelectorAll('tr')[index].querySelector(value ? 'select' : 'input').focus();
      return;
    }
    locations[value] = row.locationId;
  }
  const body = { attribute: $('routing-attribute').value.trim() || null, locations,
    default: $('routing-default').value || null };
  try {
    await api('PUT', '/organizations/' + state.organization.id + '/routing', body);
    state.organization = await api('GET', '/organizations/' + state.organization.id);
    state.routingRows = routingRowsOf(state.organization.routing);
    renderRouting();
    renderSetUpSteps();
    announce('Routing saved.');
  } catch (e) {
    $('routing-error').textContent = e.message;
  }
}

// ---- locations ----------------------------------------------------------------------------------------

async function loadLocations() {
  state.locations = (await api('GET', '/locations')).locations;
  renderLocations();
}

function renderLocations() {
  const list = $('location-list');
  list.replaceChildren(...state.locations.map((location) => {
    const current = state.selected && state.selected.id === location.id;
    const button = el('button', { type: 'button', class: 'location', 'aria-current': current ? 'true' : null },
      location.name);
    button.addEventListener('click', () => selectLocation(location.id));
    return el('li', {}, button);
  }));
  $('no-locations').hidden = state.locations.length > 0;
}

async function createLocation(event) {
  event.preventDefault();
  const name = $('location-name').value.trim();
  const url = $('db-url').value.trim();
  $('create-error').textContent = '';
  if (!name) {
    $('create-error').textContent = 'Enter the location name.';
    $('location-name').focus();
    return;
  }
  const body = { name };
  if (url) {
    body.database = { url, user: $('db-user').value.trim(), password: $('db-password').value };
  }
  try {
    const created = await api('POST', '/locations', body);
    event.target.reset();
    await loadLocations();
    await loadOrganizations();
    await selectLocation(created.id);
    announce('Location ' + created.name + ' created.');
  } catch (e) {
    $('create-error').textContent = e.message;
  }
}

async function selectLocation(id) {
  if (!state.selected || state.selected.id !== id) {
    state.newKey = null;
    state.users = [];
    state.audit.startIndex = 1;
  }
  state.selected = await api('GET', '/locations/' + id);
  $('organization').hidden = true;
  renderLocations();
  renderOrganizations();
  renderLocation();
  if (state.tab === 'users') {
    await refreshUsers();
  } else if (state.tab === 'audit') {
    await loadAudit();
  }
  $('location').hidden = false;
}

function renderLocation() {
  const location = state.selected;
  $('location-title').textContent = location.name;
  // a location of an organization leads back to the organization's view (the routing table, its one app)
  const organization = state.organizations.find((o) => o.id === location.organizationId);
  $('back-to-organization').hidden = !organization;
  $('back-to-organization').textContent = organization ? '‹ ' + organization.name : '';
  $('back-to-organization').setAttribute('aria-label', organization ? 'Back to organization ' + organization.name : '');
  $('scim-base-uri').value = location.scimBaseUri;
  const key = location.scimKey;
  $('key-info').textContent = keyInfo(key);
  if (key) {
    $('key-provider').value = key.identityProvider; // a new key is most often for the same provider
  }
  $('new-key').hidden = !state.newKey;
  $('api-key').value = state.newKey || '';
  $('confirm-key').hidden = true;
  document.querySelectorAll('.value-base').forEach((node) => { node.textContent = location.scimBaseUri; });
  document.querySelectorAll('.value-key').forEach((node) => {
    node.textContent = state.newKey || '<the API key you generated>';
  });
  $('users-caption').textContent = 'Users of ' + location.name;
  $('audit-caption').textContent = 'Audit trail of ' + location.name + ', newest first';
}

// ---- SCIM keys: a location's and the organization's panels, the same steps on their own elements --------

const KEY_PANELS = {
  location: {
    prefix: '',
    owner: () => state.selected,
    path: (owner) => '/locations/' + owner.id,
    shown: (key) => { state.newKey = key; },
    reload: async (owner) => {
      state.selected = await api('GET', '/locations/' + owner.id);
      renderLocation();
    },
  },
  organization: {
    prefix: 'org-',
    owner: () => state.organization,
    path: (owner) => '/organizations/' + owner.id,
    shown: (key) => { state.orgNewKey = key; },
    reload: async (owner) => {
      state.organization = await api('GET', '/organizations/' + owner.id);
      renderOrganization();
    },
  },
};

function keyInfo(key) {
  return key
    ? 'Live key ' + key.keyId + ' for ' + PROVIDERS[key.identityProvider] + ', generated ' + when(key.createdAt)
      + '. Keys are shown only once, when generated.'
    : 'No API key yet: generate one to connect your identity provider.';
}

function askToGenerateKey(panel) {
  if (panel.owner().scimKey) {
    $(panel.prefix + 'confirm-key').hidden = false; // replacing a live key breaks provisioning until the IdP has the new one
    $(panel.prefix + 'confirm-generate').focus();
  } else {
    generateKey(panel);
  }
}

async function generateKey(panel) {
  const p = panel.prefix;
  $(p + 'confirm-key').hidden = true;
  const owner = panel.owner();
  try {
    const issued = await api('POST', panel.path(owner) + '/scim-keys', { identityProvider: $(p + 'key-provider').value });
    panel.shown(issued.apiKey);
    await panel.reload(owner);
    $(p + 'new-key-previous').textContent = owner.scimKey ? 'The previous key has stopped working.' : '';
    $(p + 'api-key').focus();
    $(p + 'api-key').select();
  } catch (e) {
    announce('The key could not be generated: ' + e.message);
  }
}

// ---- tabs (WAI-ARIA tabs pattern: arrow keys move between tabs) -----------------------------------------

function selectTab(name, focus) {
  state.tab = name;
  for (const tab of TABS) {
    const button = $('tab-' + tab);
    const selected = tab === name;
    button.setAttribute('aria-selected', String(selected));
    button.tabIndex = selected ? 0 : -1;
    $('panel-' + tab).hidden = !selected;
    if (selected && focus) {
      button.focus();
    }
  }
  if (name === 'users') {
    refreshUsers();
    startPolling();
  } else {
    stopPolling();
  }
  if (name === 'audit') {
    loadAudit();
  }
}

function tabKeys(event) {
  const moves = { ArrowLeft: -1, ArrowRight: 1 };
  if (event.key in moves || event.key === 'Home' || event.key === 'End') {
    event.preventDefault();
    const next = event.key === 'Home' ? 0 : event.key === 'End' ? TABS.length - 1
      : (TABS.indexOf(state.tab) + moves[event.key] + TABS.length) % TABS.length;
    selectTab(TABS[next], true);
  }
}

// ---- users --------------------------------------------------------------------------------------------

async function refreshUsers() {
  if (!state.selected) {
    return;
  }
  const id = state.selected.id;
  try {
    const users = (await api('GET', '/locations/' + id + '/users')).users;
    // Re-render only what changed: a poll that finds nothing new leaves the page (and focus) alone.
    if (state.selected && state.selected.id === id && JSON.stringify(users) !== JSON.stringify(state.users)) {
      state.users = users;
      renderUsers();
    }
  } catch (e) {
    if (e.status !== 401) {
      $('users-summary').textContent = 'Could not load users: ' + e.message;
    }
  }
}

// Delivery states change in the background (the email is sent by the outbox drainer): poll while visible.
function startPolling() {
  stopPolling();
  state.pollTimer = window.setInterval(() => {
    if (document.visibilityState === 'visible') {
      refreshUsers();
    }
  }, POLL_MS);
}

function stopPolling() {
  if (state.pollTimer) {
    window.clearInterval(state.pollTimer);
    state.pollTimer = null;
  }
}

function invitationText(invitation) {
  if (!invitation) {
    return '';
  }
  switch (invitation.status) {
    case 'queued': return 'Queued';
    case 'sent': return 'Sent ' + when(invitation.sentAt);
    case 'retrying': return 'Retrying (' + invitation.attempts + ' attempts): ' + (invitation.lastError || '');
    case 'failed': return 'Failed after ' + invitation.attempts + ' attempts: ' + (invitation.lastError || '');
    case 'accepted': return 'Accepted ' + when(invitation.acceptedAt);
    case 'superseded': return 'Replaced by a newer invitation';
    case 'cancelled': return 'Cancelled (user deactivated)';
    default: return invitation.status;
  }
}

// Where the user came from, and which identity provider manages it now.
function sourceText(user) {
  switch (user.source) {
    case 'native': return 'Xakia';
    case 'linked': return 'Xakia, linked to ' + PROVIDERS[user.identityProvider];
    default: return PROVIDERS[user.source] || user.source;
  }
}

function actionFor(user) {
  const name = fullName(user);
  if (user.status === 'provisioned') {
    return { label: 'Invite', name: 'Invite ' + name, resend: false };
  }
  const delivery = user.invitation && user.invitation.status;
  if (user.status === 'invited' && ['failed', 'sent', 'superseded'].includes(delivery)) {
    return { label: 'Resend', name: 'Resend invitation to ' + name, resend: true };
  }
  return null;
}

function renderUsers() {
  const query = $('user-search').value.trim().toLowerCase();
  const status = $('status-filter').value;
  const shown = state.users.filter((user) => (!status || user.status === status)
    && (!query || [fullName(user), user.email, user.userName].some((v) => (v || '').toLowerCase().includes(query))));

  // Re-rendering replaces the buttons: keep keyboard focus on the same control.
  const focused = document.activeElement && document.activeElement.dataset
    ? document.activeElement.dataset.action : null;

  $('user-rows').replaceChildren(...shown.map((user) => {
    const action = actionFor(user);
    let button = null;
    if (action) {
      button = el('button', { type: 'button', class: 'small', 'aria-label': action.name,
        'data-action': action.name }, action.label);
      button.addEventListener('click', () => invite(user, action.resend, button));
    }
    const delivery = invitationText(user.invitation);
    return el('tr', { 'data-user-id': user.id },
      el('td', { 'data-label': 'Name' }, fullName(user)),
      el('td', { 'data-label': 'Email', class: 'wrap' }, user.email || user.userName),
      el('td', { 'data-label': 'Source' }, sourceText(user)),
      el('td', { 'data-label': 'Status' }, el('span', { class: 'badge badge-' + user.status }, user.status)),
      el('td', { 'data-label': 'Invitation', class: 'wrap delivery' + (user.invitation ? ' delivery-' + user.invitation.status : '') },
        delivery || '—'),
      el('td', { 'data-label': 'Last change' }, when(user.lastModified)),
      el('td', { class: 'actions' }, button));
  }));
  if (focused) {
    const again = document.querySelector('[data-action="' + CSS.escape(focused) + '"]');
    if (again) {
      again.focus();
    }
  }
  $('users-empty').hidden = shown.length > 0;
  const provisioned = state.users.filter((u) => u.status === 'provisioned').length;
  $('users-summary').textContent = state.users.length + (state.users.length === 1 ? ' user' : ' users')
    + ', ' + provisioned + ' provisioned (not yet invited)' + (shown.length !== state.users.length
      ? '; showing ' + shown.length : '') + '.';
  $('invite-all').disabled = provisioned === 0;
}

async function invite(user, resend, button) {
  button.disabled = true;
  try {
    await api('POST', '/locations/' + state.selected.id + '/users/' + user.id + '/invite' + (resend ? '?resend=true' : ''));
    announce((resend ? 'A new invitation is queued for ' : 'Invitation queued for ') + fullName(user) + '.');
  } catch (e) {
    announce('Not invited: ' + e.message);
  }
  await refreshUsers();
}

async function inviteAll() {
  try {
    const result = await api('POST', '/locations/' + state.selected.id + '/invitations', { all: 'provisioned' });
    announce(result.queued.length + ' invitations queued' + (result.skipped.length
      ? ', ' + result.skipped.length + ' skipped.' : '.'));
  } catch (e) {
    announce('Not invited: ' + e.message);
  }
  await refreshUsers();
}

// ---- audit trail -------------------------------------------------------------------------------------

// A datetime-local value ("2026-01-31T09:00", the browser's time zone) as ISO-8601 with that zone's offset
// at that moment ("2026-01-31T09:00:00+11:00"), which is what the admin API takes.
function isoWithOffset(local) {
  const at = new Date(local); // a date-time without offset is read as local time
  return local && !Number.isNaN(at.getTime()) ? localIso(at) : '';
}

function localIso(at) {
  const pad = (n) => String(Math.abs(n)).padStart(2, '0');
  const offset = -at.getTimezoneOffset();
  return at.getFullYear() + '-' + pad(at.getMonth() + 1) + '-' + pad(at.getDate()) + 'T' + pad(at.getHours())
    + ':' + pad(at.getMinutes()) + ':' + pad(at.getSeconds()) + (offset < 0 ? '-' : '+')
    + pad(Math.trunc(offset / 60)) + ':' + pad(offset % 60);
}

function timeZoneHint() {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return 'Times are in your time zone: ' + (zone ? zone + ', ' : '') + 'now UTC' + localIso(new Date()).slice(-6) + '.';
}

async function loadAudit() {
  if (!state.selected) {
    return;
  }
  const id = state.selected.id;
  const load = ++state.audit.loads; // answers to older loads (a quick second click) are dropped
  const query = new URLSearchParams({ startIndex: state.audit.startIndex, count: AUDIT_PAGE_SIZE });
  if (state.audit.from) {
    query.set('from', state.audit.from);
  }
  if (state.audit.to) {
    query.set('to', state.audit.to);
  }
  $('audit-error').textContent = '';
  try {
    const page = await api('GET', '/locations/' + id + '/audit?' + query); // URLSearchParams encodes the "+"
    if (load === state.audit.loads && state.selected && state.selected.id === id) {
      renderAudit(page);
    }
  } catch (e) {
    if (e.status !== 401 && load === state.audit.loads) {
      $('audit-error').textContent = 'Could not load the audit trail: ' + e.message;
    }
  }
}

// An id in monospace that may break anywhere (a <wbr> would read as a space in the accessible name).
function mono(text) {
  return text ? el('span', { class: 'mono' }, text) : '—';
}

function renderAudit(page) {
  const entries = page.entries;
  $('audit-rows').replaceChildren(...entries.map((entry) => el('tr', { 'data-audit-id': entry.id },
    el('td', { 'data-label': 'Time' }, el('time', { datetime: entry.at }, when(entry.at, 'medium'))),
    el('td', { 'data-label': 'Actor' }, mono(entry.actor)),
    el('td', { 'data-label': 'Operation', class: 'wrap' }, entry.operation),
    el('td', { 'data-label': 'Resource id' }, mono(entry.resourceId)),
    el('td', { 'data-label': 'Changed attributes', class: 'wrap' },
      entry.attributes && entry.attributes.length ? entry.attributes.join(', ') : '—'),
    el('td', { 'data-label': 'Request id' }, mono(entry.requestId)))));

  const filtered = Boolean(state.audit.from || state.audit.to);
  const total = page.totalResults;
  const first = page.startIndex;
  const last = page.startIndex + entries.length - 1;
  // One live region says it all: the range shown, or that there is nothing.
  if (total === 0) {
    $('audit-summary').textContent = filtered ? 'No audit entries in this time range.' : 'No audit entries yet.';
  } else if (entries.length === 0) {
    $('audit-summary').textContent = 'No entries on this page; ' + total + ' in all.';
  } else {
    $('audit-summary').textContent = first + '–' + last + ' of ' + total + (total === 1 ? ' entry' : ' entries')
      + (filtered ? ' in the time range' : '') + '.';
  }

  // A paging button that becomes disabled (or hidden) would drop keyboard focus on the body: move it to the
  // other one, or to the summary.
  const focused = document.activeElement;
  $('audit-previous').disabled = first <= 1;
  $('audit-next').disabled = last >= total;
  $('audit-pager').hidden = first <= 1 && last >= total; // everything on one page: nothing to page through
  if (focused && focused.closest('.pager') && (focused.disabled || $('audit-pager').hidden)) {
    const other = focused.id === 'audit-next' ? $('audit-previous') : $('audit-next');
    (other.disabled || $('audit-pager').hidden ? $('audit-summary') : other).focus();
  }
}

function applyAuditFilter(event) {
  event.preventDefault();
  const half = ['audit-from', 'audit-to'].find((id) => $(id).validity.badInput);
  if (half) {
    $('audit-error').textContent = 'Enter a whole date and time, or clear the field.';
    $(half).focus();
    return;
  }
  const from = isoWithOffset($('audit-from').value);
  const to = isoWithOffset($('audit-to').value);
  if (from && to && new Date(from) >= new Date(to)) {
    $('audit-error').textContent = '"From" must be before "Until".';
    $('audit-from').focus();
    return;
  }
  state.audit.from = from;
  state.audit.to = to;
  state.audit.startIndex = 1;
  loadAudit();
}

function clearAuditFilter() {
  $('audit-filter').reset();
  state.audit.from = '';
  state.audit.to = '';
  state.audit.startIndex = 1;
  loadAudit();
}

function pageAudit(direction) {
  state.audit.startIndex = Math.max(1, state.audit.startIndex + direction * AUDIT_PAGE_SIZE);
  loadAudit();
}

// ---- start --------------------------------------------------------------------------------------------

document.addEventListener('DOMContentLoaded', async () => {
  $('signin-form').addEventListener('submit', signIn);
  $('sign-out').addEventListener('click', () => signOut());
  $('create-location').addEventListener('submit', createLocation);
  for (const panel of Object.values(KEY_PANELS)) {
    const p = panel.prefix;
    $(p + 'generate-key').addEventListener('click', () => askToGenerateKey(panel));
    $(p + 'confirm-generate').addEventListener('click', () => generateKey(panel));
    $(p + 'cancel-generate').addEventListener('click', () => {
      $(p + 'confirm-key').hidden = true;
      $(p + 'generate-key').focus();
    });
  }
  document.querySelectorAll('[data-copy]').forEach((button) => button.addEventListener('click',
    () => copy(button.dataset.copy, button.getAttribute('aria-label').replace(/^Copy /, ''))));
  $('tab-identity').addEventListener('click', () => selectTab('identity', false));
  $('tab-users').addEventListener('click', () => selectTab('users', false));
  $('tab-audit').addEventListener('click', () => selectTab('audit', false));
  document.querySelector('[role=tablist]').addEventListener('keydown', tabKeys);
  $('user-search').addEventListener('input', renderUsers);
  $('status-filter').addEventListener('change', renderUsers);
  $('invite-all').addEventListener('click', inviteAll);
  $('audit-filter').addEventListener('submit', applyAuditFilter);
  $('audit-clear').addEventListener('click', clearAuditFilter);
  $('audit-refresh').addEventListener('click', loadAudit);
  $('audit-previous').addEventListener('click', () => pageAudit(-1));
  $('audit-next').addEventListener('click', () => pageAudit(1));
  $('audit-zone').textContent = timeZoneHint();
  $('routing-add').addEventListener('click', addRoutingRow);
  $('routing-form').addEventListener('submit', saveRouting);
  $('back-to-organization').addEventListener('click', () => selectOrganization(state.selected.organizationId));

  if (sessionStorage.getItem(TOKEN_KEY)) {
    try {
      await loadEverything();
      showApp();
      await showStartView();
      return;
    } catch (e) {
      sessionStorage.removeItem(TOKEN_KEY);
    }
  }
  showSignIn();
});
