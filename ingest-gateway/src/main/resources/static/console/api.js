// The gateway's API with the key of this tab. Every failure becomes an ApiFailure carrying the problem+json the
// gateway answered (RFC 9457), so a view can say what went wrong in the gateway's own words.

export class ApiFailure extends Error {
  constructor(status, problem) {
    super(problem?.detail || `The gateway answered ${status}.`);
    this.status = status;
    this.problem = problem;
  }
}

export function connect(key) {
  async function call(method, path) {
    let response;
    try {
      response = await fetch(path, {
        method,
        cache: 'no-store',
        credentials: 'omit',
        headers: { Authorization: `Bearer ${key}`, Accept: 'application/json' },
      });
    } catch (networkError) {
      throw new ApiFailure(0, { detail: 'The gateway cannot be reached.' });
    }
    if (!response.ok) {
      let problem = null;
      try {
        problem = await response.json();
      } catch (notJson) {
        problem = null;
      }
      throw new ApiFailure(response.status, problem);
    }
    return response.json();
  }
  return {
    get: (path) => call('GET', path),
    post: (path) => call('POST', path),
  };
}

/** A query string from an object, leaving out empty values. */
export function query(parameters) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, value);
  }
  return search.toString();
}
