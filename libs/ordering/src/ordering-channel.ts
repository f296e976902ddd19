import type { Channel } from '@ituna/contracts';
import { TOPICS } from '@ituna/contracts';
import type { Delays } from '@ituna/runtime';

/** Direct orders skip validation and go straight to the kitchen. */
export function topicForChannel(channel: Channel): string {
  return channel === 'direct' ? TOPICS.kitchen : TOPICS.orders;
}

export function delayForChannel(channel: Channel, delays: Delays): number {
  return delays[channel];
}

export const CHANNEL_WORDS: Record<Channel, string> = { website: 'an online', onsite: 'an on-site', direct: 'a direct' };
