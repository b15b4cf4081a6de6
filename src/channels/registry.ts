import type { ChannelModule } from './channel-module';

const plugins: ChannelModule[] = [];

/**
 * Adds a channel next to the built-in ones. Call it before `loadConfig()` and `createApp()`: its settings
 * are then read with the rest of the configuration, and the app creates it when it is enabled.
 */
export function registerChannel(module: ChannelModule): void {
  if (plugins.some((m) => m.name === module.name))
    throw new Error(`A channel named "${module.name}" is already registered`);
  plugins.push(module);
}

/** The channels registered with {@link registerChannel}, in order. */
export function pluginChannels(): readonly ChannelModule[] {
  return plugins;
}
