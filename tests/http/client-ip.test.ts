import { clientIp } from '../../src/http/client-ip';

const req = (forwarded: string | undefined, remote = '10.0.0.2') => ({
  headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded },
  socket: { remoteAddress: remote },
});

describe('the address a console login comes from', () => {
  it('is the connection address unless the proxy is trusted, so a client cannot pick its own', () => {
    expect(clientIp(req('203.0.113.7') as never)).toBe('10.0.0.2');
  });

  it('behind a trusted proxy is the entry the proxy appended, not one the client forged before it', () => {
    expect(clientIp(req('1.2.3.4, 203.0.113.7') as never, true)).toBe('203.0.113.7');
    expect(clientIp(req('203.0.113.7') as never, true)).toBe('203.0.113.7');
  });

  it('falls back to the connection address when the proxy sent no header', () => {
    expect(clientIp(req(undefined) as never, true)).toBe('10.0.0.2');
  });
});
