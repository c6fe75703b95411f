// The daemon's API (docs/daemon-api.md), called as a script would: the browser's cookie carries the token.

/** An answer of 4xx/5xx: its status and the API's one-line {"error": ...}, shown to the user as it is. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export async function call(method, path, body) {
  let response;
  try {
    response = await fetch(path, {
      method,
      body,
      headers: body === undefined ? {} : { 'Content-Type': 'text/plain; charset=utf-8' },
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, 'the daemon does not answer (' + e.message + ')');
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = null;
  }
  if (!response.ok) {
    const message = json && typeof json.error === 'string' ? json.error : response.status + ' ' + response.statusText;
    throw new ApiError(response.status, message);
  }
  return json;
}

export const api = {
  jobs: () => call('GET', '/api/jobs'),
  status: (id) => call('GET', '/api/jobs/' + encodeURIComponent(id)),
  report: (id) => call('GET', '/api/jobs/' + encodeURIComponent(id) + '/report'),
  submit: (text) => call('POST', '/api/jobs', text),
  resize: (id, limits) => call('PATCH', '/api/jobs/' + encodeURIComponent(id), JSON.stringify(limits)),
  cancel: (id, abort) => call('POST', '/api/jobs/' + encodeURIComponent(id) + '/cancel',
    JSON.stringify({ reason: abort ? 'aborted from the live page' : 'cancelled from the live page', abort })),
  eventsUrl: (id) => '/api/jobs/' + encodeURIComponent(id) + '/events',
  reportUrl: (id) => '/api/jobs/' + encodeURIComponent(id) + '/report',
  timelineUrl: (id) => '/api/jobs/' + encodeURIComponent(id) + '/timeline',
};
