/**
 * The OData $batch body (OData 4.01 §11.7, multipart/mixed): each part an HTTP request written
 * out, CRLF line ends, and the answer's parts in the order of the requests. Dataverse's Web API
 * speaks it; src/integrations/sync/fakes/dynamics365.ts parses it with the same functions.
 */
export interface BatchPart {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export function batchBody(boundary: string, parts: readonly BatchPart[]): string {
  const lines: string[] = [];
  for (const p of parts) {
    lines.push(`--${boundary}`, 'Content-Type: application/http', 'Content-Transfer-Encoding: binary', '');
    lines.push(`${p.method} ${p.url} HTTP/1.1`, ...Object.entries(p.headers).map(([k, v]) => `${k}: ${v}`), '');
    lines.push(p.body ?? '');
  }
  lines.push(`--${boundary}--`, '');
  return lines.join('\r\n');
}

/** The boundary parameter of a multipart content type, or null. */
export function boundaryOf(contentType: string | undefined): string | null {
  return /boundary="?([^";]+)"?/i.exec(contentType ?? '')?.[1] ?? null;
}

/** The HTTP messages inside a multipart body, each as its start line, headers and body. */
export function splitParts(
  body: string,
  boundary: string,
): Array<{ start: string; headers: Record<string, string>; body: string }> {
  const out: Array<{ start: string; headers: Record<string, string>; body: string }> = [];
  for (const chunk of body.split(`--${boundary}`).slice(1)) {
    if (chunk.startsWith('--')) break;
    // A part: its own MIME headers, a blank line, then the HTTP message (start line, headers, blank, body).
    const [, message = ''] = splitOnce(chunk.replace(/^\r\n/, ''), '\r\n\r\n');
    const [head, rest = ''] = splitOnce(message, '\r\n\r\n');
    const [start = '', ...headerLines] = head.split('\r\n');
    const headers: Record<string, string> = {};
    for (const l of headerLines) {
      const at = l.indexOf(':');
      if (at > 0) headers[l.slice(0, at).trim().toLowerCase()] = l.slice(at + 1).trim();
    }
    out.push({ start, headers, body: rest.replace(/\r\n$/, '') });
  }
  return out;
}

function splitOnce(s: string, sep: string): [string, string?] {
  const at = s.indexOf(sep);
  return at < 0 ? [s] : [s.slice(0, at), s.slice(at + sep.length)];
}
