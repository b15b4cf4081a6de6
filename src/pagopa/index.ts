import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Storage } from '../storage/storage';
import { GpdClient } from './gpd-client';
import { PagoPaPayer, type PagoPaPayerOptions } from './payer';

/** Creates the pagoPA payer (`PAGOPA_GPD_URL`, `PAGOPA_API_KEY`, `PAGOPA_ORG_FISCAL_CODE`, `PAGOPA_CHECKOUT_URL`). */
export function createPagoPaPayer(
  options: {
    storage: Storage;
    logger: Logger;
    gpdUrl: string;
    apiKey: string;
    orgFiscalCode: string;
    checkoutUrl: string;
    segregationCode: string;
    companyName: string;
    returnUrl: string;
  } & Pick<PagoPaPayerOptions, 'baseDelayMs' | 'firstPollMs' | 'tickMs'>,
): PagoPaPayer {
  const client = new GpdClient({
    baseUrl: options.gpdUrl,
    apiKey: options.apiKey,
    orgFiscalCode: options.orgFiscalCode,
    checkoutUrl: options.checkoutUrl,
    // One id per instance in every X-Request-Id: GPD's logs and ours then say which instance called.
    requestIdPrefix: `sportello-${randomUUID().slice(0, 8)}`,
  });
  const { gpdUrl: _g, apiKey: _k, checkoutUrl: _c, ...rest } = options;
  return new PagoPaPayer({ ...rest, client });
}

export { GpdClient, type NewDebtPosition, PagoPaResponseError } from './gpd-client';
export { iupdOf, iuvOf, noticeCodeOf } from './notice-code';
export { PagoPaPayer } from './payer';
export { PAGOPA_PAYMENTS, type PaymentJob } from './payment-job';
export { CHECKOUT_SITE } from './payment-steps';
