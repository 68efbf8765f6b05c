// The log side of the native addon (native/postfix-reader.c): the Postfix reader thread and the recipients table
// it shares with the parser. Null where the addon is not built or RELAY365_NATIVE=0: the JavaScript paths then
// do the same work (pipeline.ts, postfix-addresses.ts's Recipients) and give the same report.
import { loadNativeAddon } from '../util/native-addon.js';

export interface ReaderBatch { slot: number; count: number; lines: number; end: boolean; errno?: number; phase?: 'open' | 'read'; errorLine?: number }

export interface PostfixNative {
  postfixOpen(path: string, chunkBytes: number, capacity: number, recipients: unknown): { handle: unknown; data: ArrayBuffer[]; rows: Int32Array[]; ids: Int32Array[]; sizes: Float64Array[] };
  /** The next slot of rows, or null when none came within `waitMs`. */
  postfixTake(handle: unknown, waitMs: number): ReaderBatch | null;
  postfixRelease(handle: unknown, slot: number): void;
  postfixClose(handle: unknown): void;
  postfixBytes(handle: unknown): number;
  recipientsCreate(): unknown;
  /** Numbers the address b[start, end): out = [id, domain, host]. */
  recipientId(table: unknown, b: Uint8Array, start: number, end: number, out: Int32Array): void;
  /** 0: an address's key, 1: a host, 2: a domain. */
  recipientText(table: unknown, which: 0 | 1 | 2, id: number): string;
  /** A delivery read by the string path (the readers count their own). */
  recipientCount(table: unknown, id: number): void;
  /** Distinct delivered addresses (0) or hosts (1): how many, or their keys. */
  recipientDelivered(table: unknown, which: 0 | 1, keys: false): number;
  recipientDelivered(table: unknown, which: 0 | 1, keys: true): string[];
}

/** Int32 per row in a reader's `ids`: the value's id, the tables restarted before it, a recipient's domain and host. */
export const IDS = 4;

export function postfixNative(): PostfixNative | null {
  const addon = loadNativeAddon() as Partial<PostfixNative> | null;
  return addon?.postfixOpen ? addon as PostfixNative : null;
}
