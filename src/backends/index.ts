export type { Backend, BackendDefinition } from './backend';
export {
  backendNames,
  findBackend,
  openBackend,
  openStorage,
  registerBackend,
  UnsupportedDatabaseError,
} from './registry';
