import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';

/** Bot Framework credentials; without an app id the endpoint is anonymous (Emulator, local tests). */
export interface BotCredentials {
  appId?: string;
  appPassword?: string;
  appTenantId?: string;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
}

/**
 * botbuilder's CloudAdapter with the activity processing exposed, so Sportello's own route owns the HTTP
 * response (JSON errors, no stack traces) while botbuilder still validates the JWT and talks to the connector.
 */
export class SportelloCloudAdapter extends CloudAdapter {
  constructor(credentials: BotCredentials) {
    super(
      new ConfigurationBotFrameworkAuthentication({
        MicrosoftAppId: credentials.appId,
        MicrosoftAppPassword: credentials.appPassword,
        MicrosoftAppTenantId: credentials.appTenantId,
        MicrosoftAppType: credentials.appType,
      }),
    );
  }

  /** Authenticates the request's `Authorization` header and runs `logic` for the activity. */
  handleActivity(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}
