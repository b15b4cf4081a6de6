import { MemoryStorage } from '../../src/storage/memory-storage';
import { storageContract } from './storage.contract';

storageContract('memory', async () => new MemoryStorage());
