/**
 * True when a Bot Framework `serviceUrl` points at this machine (`localhost`, `127.0.0.0/8`, `[::1]`), where
 * the Emulator runs its connector. An anonymous caller may only name such a one: the bot posts its replies to
 * whatever `serviceUrl` the activity carries.
 */
export function isLoopbackServiceUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const host = url.hostname;
  return host === 'localhost' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host);
}
