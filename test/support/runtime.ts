import { checkCompression } from '../../nodes/ApifyKeyValueStore/helpers/compress';

/**
 * Whether this Node has Brotli in CompressionStream (22 and later; Jest here runs on 20). Brotli
 * cases run where it has; where it has not, a test asserts the node's refusal instead.
 */
export const BROTLI = checkCompression('br').ok;

/** The compressions a round trip can use on this runtime. */
export const compressionsHere = <T extends string>(all: T[]): T[] => all.filter((c) => BROTLI || c !== 'br');
