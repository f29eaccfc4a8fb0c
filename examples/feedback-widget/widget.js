// A feedback widget with no framework and no build step. The page never holds an API key: it asks its own backend
// for a feedback token bound to this answer's usage_id, then sends the feedback straight to the gateway with it.
'use strict';

(function () {
  const form = document.querySelector('form.feedback');
  const status = form.querySelector('.status');
  const send = form.querySelector('.send');
  const params = new URLSearchParams(location.search);
  const usageId = params.get('usage_id') || form.dataset.usageId;
  let flag = null;
  let grant = null; // {gateway, token, expires_at}

  function say(text, kind) {
    status.textContent = text;
    status.className = 'status ' + (kind || '');
  }

  // The backend (DemoBackend.java here; your own server in a product) answers {gateway, token, expires_at}.
  async function token() {
    if (grant && Date.parse(grant.expires_at) - Date.now() > 30_000) {
      return grant;
    }
    const response = await fetch('token?usage_id=' + encodeURIComponent(usageId) +
      (params.get('expires_in') ? '&expires_in=' + encodeURIComponent(params.get('expires_in')) : ''));
    if (!response.ok) {
      throw new Error('the page\'s backend could not get a feedback token (' + response.status + ')');
    }
    grant = await response.json();
    return grant;
  }

  for (const thumb of form.querySelectorAll('.thumb')) {
    thumb.addEventListener('click', () => {
      flag = thumb.dataset.flag === 'true';
      for (const other of form.querySelectorAll('.thumb')) {
        other.setAttribute('aria-pressed', String(other === thumb));
      }
      say('');
    });
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (flag === null) {
      say('Choose Yes or No first.', 'error');
      return;
    }
    send.disabled = true;
    say('Sending…');
    try {
      const { gateway, token: bearer } = await token();
      const comment = form.elements.comment.value.trim();
      // LightOn Paradigm's rate route; feedback type 1 is the built-in thumbs up/down (positive_rating).
      const response = await fetch(gateway + '/api/v2/rate/1/' + encodeURIComponent(usageId), {
        method: 'POST',
        headers: { 'Authorization': 'Bearer ' + bearer, 'Content-Type': 'application/json' },
        body: JSON.stringify(comment ? { flag, comment } : { flag })
      });
      if (response.ok) {
        say('Thanks for your feedback!', 'ok');
      } else {
        // Every refusal is RFC 9457 problem+json: say what the gateway said.
        const problem = await response.json().catch(() => ({}));
        say('Not sent: ' + (problem.detail || response.status), 'error');
      }
    } catch (failure) {
      // A CORS refusal lands here: the browser does not let the page see why (its console says).
      say(failure instanceof TypeError
        ? 'Not sent: the gateway could not be reached from this page (is its origin allowed?)'
        : 'Not sent: ' + failure.message, 'error');
    } finally {
      send.disabled = false;
    }
  });
})();
