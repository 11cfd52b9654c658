/**
 * A person's browser at the test provider (testing/provider.ts): follows the authorization URL,
 * signs in on the development login page and consents, keeping the provider's cookies as a browser
 * would, until the provider redirects to Palisade's callback. Returns that redirect (code, state,
 * iss), which the test then delivers to Palisade.
 */
export async function consentAt(authorizationUrl: string, callbackPrefix: string, login = 'alice'): Promise<URL> {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const remember = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') jar.delete(name);
      else jar.set(name, value);
    }
  };
  let url = authorizationUrl;
  let form: { action: string; body: URLSearchParams } | null = null;
  for (let step = 0; step < 20; step++) {
    const res = await fetch(url, {
      redirect: 'manual',
      method: form ? 'POST' : 'GET',
      headers: {
        cookie: cookie(),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: form.body } : {}),
    });
    remember(res);
    form = null;
    if (res.status >= 300 && res.status < 400) {
      const next = new URL(res.headers.get('location')!, url);
      if (next.toString().startsWith(callbackPrefix)) return next;
      url = next.toString();
      continue;
    }
    const html = await res.text();
    if (res.status !== 200) throw new Error(`the provider answered ${res.status}: ${html.slice(0, 300)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`no interaction form on ${url}: ${html.slice(0, 300)}`);
    const body = new URLSearchParams({ prompt });
    if (prompt === 'login') {
      body.set('login', login);
      body.set('password', 'any');
    }
    url = new URL(action.replace(/&amp;/g, '&'), url).toString();
    form = { action: url, body };
  }
  throw new Error('the consent did not come back to the callback within 20 steps');
}
