// The shared memory between the Postfix pipeline's reader thread and the parser: a ring of slots, each a chunk
// of the file's bytes and one row per line (parsers/postfix-record.ts), handed over with Atomics.
export const SLOTS = 4;
/** Int32 control words per slot. */
export const CONTROL = 4;
export const STATE = 0;
export const COUNT = 1;
export const FLAGS = 2;
export const LINES = 3;
export const EMPTY = 0;
export const FULL = 1;
export const END = 1;
export const FAILED = 2;

export interface PipelineSetup {
  path: string;
  capacity: number;               // rows per slot
  data: SharedArrayBuffer[];      // SLOTS chunks
  records: SharedArrayBuffer[];   // SLOTS × capacity × RECORD Int32
  sizes: SharedArrayBuffer[];     // SLOTS × capacity Float64 (message sizes)
  control: SharedArrayBuffer;     // SLOTS × CONTROL Int32
  totals: SharedArrayBuffer;      // Float64: [bytes read]
  failure: SharedArrayBuffer;     // UTF-8 text of a read failure, NUL-padded
}
