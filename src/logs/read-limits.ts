/** Lines longer than this are reported and skipped (binary or broken): the same limit for every reader. */
export const MAX_LINE_CHARS = 64 * 1024;
