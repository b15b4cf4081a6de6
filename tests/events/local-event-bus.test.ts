import pino from 'pino';
import { LocalEventBus } from '../../src/events/local-event-bus';
import { eventBusContract } from './event-bus.contract';

eventBusContract('local', async () => new LocalEventBus(pino({ level: 'silent' })));
