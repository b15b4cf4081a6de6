/** Storage collection of conversation references (for proactive messages), keyed by conversation id. */
export const REFERENCES = 'botframework-refs';
